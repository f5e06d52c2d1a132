// The call's translatable texts as text slots, for the translation page and the questionnaire's translation
// state. Pure: no SQL, no other service.
import type { TextSlot } from "../questions/edit.js";
import type { CallTexts, ReadingLink } from "../tables.js";

/** Every translatable text of a call. */
export function callSlots(call: { texts: CallTexts; reading: ReadingLink[] }): TextSlot[] {
  const slots: TextSlot[] = [];
  const { texts } = call;
  if (texts.title)
    slots.push({
      key: "c:title",
      role: "calls.slot.title",
      text: texts.title,
      multiline: false,
      group: "call",
    });
  for (const [field, role] of [
    ["message", "calls.slot.message"],
    ["overview", "calls.slot.overview"],
    ["guidanceNote", "calls.slot.guidanceNote"],
  ] as const) {
    const text = texts[field];
    if (text) slots.push({ key: `c:${field}`, role, text, multiline: true, group: "call" });
  }
  call.reading.forEach((link, i) => {
    slots.push({
      key: `c:r:${i}:title`,
      role: "calls.slot.reading",
      text: link.title,
      multiline: false,
      group: "call",
    });
  });
  return slots;
}
