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

const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/** Splits a text into plain parts and mentions of the given people. */
export function splitMentions(text: string, people: readonly Mentionable[]): TextPart[] {
  const candidates = people
    .filter((p) => p.name.trim())
    .map((p) => ({ id: p.id, name: p.name.trim(), lower: p.name.trim().toLocaleLowerCase() }))
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
