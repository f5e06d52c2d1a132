const PARTICLES = "van|von|de|der|den|da|del|della|di|du|la|le|dos|das|bin|ibn|al|el|y";
// An initial comes first so that "P." is not read as a one-letter word "P".
const NAME_WORD = "(?:[A-Z]\\.|[A-Z][\\p{Ll}\\p{Lu}'’]*(?:-[A-Z]?[\\p{Ll}\\p{Lu}'’]+)*)";

/** A person's name in running text: capitalised words, initials, and particles such as "van" or "de". */
export const PERSON_NAME_SOURCE = `${NAME_WORD}(?:\\s+(?:(?:${PARTICLES})\\s+)*${NAME_WORD}){0,4}`;

const HONORIFIC =
  /^(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|amb|ambassador|h\.?\s?e|hon|rev)(?:\.\s*|\s+)/i;

/** Words that start capitalised phrases which are not names ("The Secretariat", "On 5 December"). */
const NOT_NAME_WORDS = new Set([
  "a",
  "all",
  "an",
  "after",
  "annex",
  "any",
  "as",
  "at",
  "before",
  "bpf",
  "during",
  "each",
  "every",
  "finally",
  "for",
  "from",
  "he",
  "her",
  "his",
  "igf",
  "in",
  "it",
  "its",
  "members",
  "on",
  "one",
  "other",
  "our",
  "participants",
  "she",
  "some",
  "that",
  "the",
  "their",
  "these",
  "they",
  "this",
  "those",
  "to",
  "we",
  "when",
  "which",
  "while",
  "with",
]);

/** Removes a leading "Mr.", "Dr." or "Ms." (also glued, as in "Dr.N.Sudha"); the name stays as printed. */
export function stripHonorific(text: string): { name: string; honorific: boolean } {
  const match = text.match(HONORIFIC);
  if (!match) return { name: text.trim(), honorific: false };
  return { name: text.slice(match[0].length).trim(), honorific: true };
}

/** True for one to five capitalised words that could be a person ("Maarten", "Wout de Natris"). */
export function looksLikePersonName(text: string): boolean {
  if (!new RegExp(`^${PERSON_NAME_SOURCE}$`, "u").test(text)) return false;
  const first = text.split(/\s+/)[0]!.toLowerCase();
  return !NOT_NAME_WORDS.has(first) && !/secretariat|forum|group|initiative|coalition|committee/i.test(text);
}

/** Reads the person's name that starts the text ("Markus Kummer. The primary" gives "Markus Kummer"). */
export function readLeadingName(text: string): string | null {
  const match = text.match(new RegExp(`^${PERSON_NAME_SOURCE}`, "u"));
  if (!match) return null;
  const name = match[0];
  return looksLikePersonName(name) ? name : null;
}

/** Full names in the text ("Maarten van Horenbeeck"), to expand a first name used alone later. */
export function findFullNames(text: string): string[] {
  const names = new Set<string>();
  const pattern = new RegExp(PERSON_NAME_SOURCE, "gu");
  for (const match of text.matchAll(pattern)) {
    const words = match[0].split(/\s+/);
    if (words.length >= 2 && looksLikePersonName(match[0])) names.add(match[0]);
  }
  return [...names];
}

/** Expands a lone first name to the one full name in the report that starts with it, if exactly one does. */
export function expandFirstName(name: string, fullNames: readonly string[]): string {
  if (name.includes(" ")) return name;
  const matches = new Set(fullNames.filter((full) => full.startsWith(`${name} `)));
  return matches.size === 1 ? [...matches][0]! : name;
}
