// Text as campaign detection compares it: the same letter typed, pasted or converted differently must come out
// identical, so the exact-duplicate key and the shingles see past width, case, punctuation and spacing.
import { createHash } from "node:crypto";

const NOT_LETTER_OR_NUMBER = /[^\p{L}\p{N}\p{M}]+/gu;
const ASCII = /^\p{ASCII}*$/u;
const NOT_ASCII_LETTER_OR_DIGIT = /[^a-z0-9]+/g;

/** NFKC, case-folded, every run of punctuation, symbols and whitespace made one space, trimmed. */
export function normaliseText(text: string): string {
  // Plain ASCII (most letters in Latin-script campaigns) needs neither NFKC nor full case folding.
  if (ASCII.test(text)) return text.toLowerCase().replace(NOT_ASCII_LETTER_OR_DIGIT, " ").trim();
  // NFKC folds full-width forms and ligatures; toLowerCase after toUpperCase approximates full case folding
  // (ß → ss, ς → σ) where Node offers no String.prototype.caseFold.
  return text
    .normalize("NFKC")
    .toUpperCase()
    .toLowerCase()
    .normalize("NFKC")
    .replace(NOT_LETTER_OR_NUMBER, " ")
    .trim();
}

/** The exact-duplicate key: SHA-256 (hex, first 32 digits) of the normalised text. */
export function exactKey(normalised: string): string {
  return createHash("sha256").update(normalised).digest("hex").slice(0, 32);
}
