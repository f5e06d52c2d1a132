// Reference numbers like BPF-2017-0014: the forum's prefix, the cycle's year, and a per-cycle sequence. A
// prefix is derived from the forum once, then stored (contribution_reference_prefixes) and unique on the site, so
// two forums whose names start alike ("bpf-cybersecurity", "bpf-gender") never make the same reference.

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

const PREFIX = /^[A-Z0-9]{1,6}$/;

/**
 * Prefixes to try for a forum, best first: its natural prefix, then that prefix with the initials and letters
 * of the forum's topic ("bpf-gender" → BPFG, BPFGE, BPFGEN), then numbered ones (BPF2 … BPF999). Every one is
 * short enough for a reference, and there are always more than a site has forums.
 */
export function prefixCandidates(forum: { name: string; slug: string }): string[] {
  const natural = referencePrefix(forum);
  const letters = (w: string) =>
    w
      .normalize("NFKD")
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "");
  // The topic: the slug's words after its abbreviation, else the name's words after "on"/"of".
  const slugWords = forum.slug.split("-").map(letters).filter(Boolean);
  const nameWords = forum.name.split(/[\s-]+/).filter(Boolean);
  const stop = nameWords.findIndex((w, i) => i > 0 && stopWords.has(w.toLowerCase()));
  const topic = (
    slugWords.length > 1 && slugWords[0] === natural
      ? slugWords.slice(1)
      : stop > 0
        ? nameWords.slice(stop + 1).filter((w) => !stopWords.has(w.toLowerCase()))
        : slugWords
  )
    .map(letters)
    .filter(Boolean);
  const candidates = [natural];
  for (let n = 1; n <= topic.length; n++)
    candidates.push(
      natural +
        topic
          .slice(0, n)
          .map((w) => w[0])
          .join(""),
    );
  const first = topic[0] ?? "";
  for (let n = 2; n <= first.length; n++) candidates.push(natural + first.slice(0, n));
  for (let n = 2; n <= 999; n++) {
    const digits = String(n);
    candidates.push(natural.slice(0, 6 - digits.length) + digits);
  }
  return [...new Set(candidates.map((c) => c.slice(0, 6)))].filter((c) => PREFIX.test(c));
}

/** Formats a reference: prefix, year and the number padded to four digits. */
export function formatReference(prefix: string, year: number, number: number): string {
  return `${prefix}-${year}-${String(number).padStart(4, "0")}`;
}

/** Whether a string looks like a reference (for routing). */
export function isReference(value: string): boolean {
  return /^[A-Z0-9]{1,6}-\d{4}-\d{4,}$/.test(value);
}
