// Helpers the report parser's tests share. Test support only.
import type { ProposedMeeting, WarningCode } from "./types.js";

/** The codes of a proposal's warnings, in order. */
export function codes(meeting: ProposedMeeting): WarningCode[] {
  return meeting.warnings.map((warning) => warning.code);
}

/** A report's text from its lines. */
export function report(...lines: string[]): string {
  return lines.join("\n");
}
