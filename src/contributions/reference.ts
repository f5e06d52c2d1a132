// Reference numbers like BPF-2017-0014: a prefix derived from the forum, the cycle's year, and a per-cycle
// sequence.

const stopWords = new Set(["on", "of", "the", "and", "for", "in", "de", "la", "le", "el", "y", "et"]);

/** A short upper-case prefix from the forum's name ("Best Practice Forum on Cybersecurity" → "BPF"). */
export function referencePrefix(forum: { name: string; slug: string }): string {
  // A slug that starts with a short abbreviation ("bpf-cybersecurity") already says what people call the forum.
  const lead = /^([a-z][a-z0-9]{1,4})-/.exec(forum.slug)?.[1];
  if (lead) return lead.toUpperCase();
  const words = forum.name
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .split(/[\s-]+/)
    .filter(Boolean);
  // The acronym of the words before "on"/"of" (the forum's kind, not its topic) when there are at least two.
  const stop = words.findIndex((w, i) => i > 0 && stopWords.has(w.toLowerCase()));
  const head = (stop > 1 ? words.slice(0, stop) : words).filter((w) => !stopWords.has(w.toLowerCase()));
  let prefix = head
    .map((w) => w[0] ?? "")
    .join("")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
  if (prefix.length < 2) prefix = forum.slug.replace(/[^a-z0-9]/gi, "").toUpperCase();
  return prefix.slice(0, 6) || "C";
}

/** Formats a reference: prefix, year and the number padded to four digits. */
export function formatReference(prefix: string, year: number, number: number): string {
  return `${prefix}-${year}-${String(number).padStart(4, "0")}`;
}

/** Whether a string looks like a reference (for routing). */
export function isReference(value: string): boolean {
  return /^[A-Z0-9]{1,6}-\d{4}-\d{4,}$/.test(value);
}
