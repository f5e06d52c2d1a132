const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };
const CANONICAL_ROMAN = /^(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;

const ORDINAL_WORDS = [
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
  "twentieth",
];

/** Ordinal words first..twentieth and "1st".."20th" as a pattern source, for use inside larger patterns. */
export const ORDINAL_PATTERN_SOURCE = `(?:${ORDINAL_WORDS.join("|")}|\\d{1,2}(?:st|nd|rd|th))`;

/**
 * Reads a Roman numeral, repairing the text-recognition confusions of I with
 * l, 1 and | ("Il" for "II"); null when the result is not a canonical numeral.
 */
export function readRomanNumeral(
  printed: string,
): { value: number; normalised: string; repaired: boolean } | null {
  if (/^\d+$/.test(printed)) return null;
  const normalised = printed.replace(/[l1|]/g, "I").toUpperCase();
  if (normalised === "" || !CANONICAL_ROMAN.test(normalised)) return null;
  let value = 0;
  for (let index = 0; index < normalised.length; index++) {
    const current = ROMAN_VALUES[normalised[index]!]!;
    const next = ROMAN_VALUES[normalised[index + 1] ?? ""] ?? 0;
    value += current < next ? -current : current;
  }
  if (value < 1) return null;
  return { value, normalised, repaired: normalised !== printed };
}

/** Reads "fourth" or "4th" as 4; null for anything else. */
export function readOrdinal(word: string): number | null {
  const lower = word.toLowerCase();
  const index = ORDINAL_WORDS.indexOf(lower);
  if (index >= 0) return index + 1;
  const digits = lower.match(/^(\d{1,2})(?:st|nd|rd|th)$/);
  return digits ? Number(digits[1]) : null;
}

const ROMAN_DIGITS: [number, string][] = [
  [40, "XL"],
  [10, "X"],
  [9, "IX"],
  [5, "V"],
  [4, "IV"],
  [1, "I"],
];

/** Writes 1..49 as a Roman numeral ("II", "XIV"). */
export function toRoman(value: number): string {
  let rest = value;
  let numeral = "";
  for (const [amount, digits] of ROMAN_DIGITS) {
    while (rest >= amount) {
      numeral += digits;
      rest -= amount;
    }
  }
  return numeral;
}
