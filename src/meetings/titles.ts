// A meeting's name as readers see it: its own title, or its kind and roman number ("Virtual Meeting VII").
import type { Translate } from "../ui/i18n/translate.js";
import { romanNumeral } from "./format.js";
import type { MeetingKind } from "./tables.js";

/** The meeting's display name in the reader's language. */
export function meetingTitle(
  t: Translate,
  meeting: { kind: MeetingKind; number: number | null; title: string },
): string {
  if (meeting.title) return meeting.title;
  const numeral = meeting.number ? romanNumeral(meeting.number) : "";
  return t(`meetings.title.${meeting.kind}`, { numeral, hasNumber: numeral ? "yes" : "no" });
}
