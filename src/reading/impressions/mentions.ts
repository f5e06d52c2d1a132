// Mentions in an impression: "@" followed by a member's name as the forum knows it ("@Mia Member"), matched
// without regard to case, the longest name first so "@Ana María" is not taken for "@Ana". Pure: no database.

/** Someone who may be mentioned. */
export interface Mentionable {
  id: string;
  name: string;
}

/** A piece of an impression's text: plain, or a mention of a person. */
export interface TextPart {
  text: string;
  personId?: string;
}

// Combining marks belong to the word they follow: "@Zoe" followed by U+0308 is "@Zoë", not a mention of Zoe.
const WORD_CHARACTER = /[\p{L}\p{M}\p{N}_]/u;

/** Splits a text into plain parts and mentions of the given people. */
export function splitMentions(typed: string, people: readonly Mentionable[]): TextPart[] {
  // Names and text compared in one Unicode form: "José" typed with a combining accent (as some keyboards and
  // pasted text give it) is the member whose profile spells it with the composed letter.
  const text = typed.normalize("NFC");
  const candidates = people
    .map((p) => ({ id: p.id, name: p.name.normalize("NFC").trim() }))
    .filter((p) => p.name)
    .map((p) => ({ ...p, lower: p.name.toLocaleLowerCase() }))
    .sort((a, b) => b.name.length - a.name.length);
  const parts: TextPart[] = [];
  let plain = "";
  let i = 0;
  while (i < text.length) {
    const before = i > 0 ? text.charAt(i - 1) : "";
    if (text.charAt(i) === "@" && !WORD_CHARACTER.test(before)) {
      const rest = text.slice(i + 1);
      const restLower = rest.toLocaleLowerCase();
      const found = candidates.find(
        (c) => restLower.startsWith(c.lower) && !WORD_CHARACTER.test(rest.charAt(c.name.length)),
      );
      if (found) {
        if (plain) parts.push({ text: plain });
        plain = "";
        parts.push({ text: `@${rest.slice(0, found.name.length)}`, personId: found.id });
        i += 1 + found.name.length;
        continue;
      }
    }
    plain += text.charAt(i);
    i += 1;
  }
  if (plain) parts.push({ text: plain });
  return parts;
}

/** The people a text mentions, each once, in the order first mentioned. */
export function mentionedIds(text: string, people: readonly Mentionable[]): string[] {
  const ids: string[] = [];
  for (const part of splitMentions(text, people))
    if (part.personId && !ids.includes(part.personId)) ids.push(part.personId);
  return ids;
}
