import { findTrailingUrl, isUrlContinuation } from "./urls.js";

/**
 * Left halves of a line-end hyphen that make real compounds ("multi-
 * stakeholder", "Well- developed", "de- anonymization"): the hyphen stays.
 */
const COMPOUND_PREFIXES = new Set([
  "all",
  "anti",
  "bottom",
  "co",
  "counter",
  "cross",
  "cyber",
  "day",
  "de",
  "e",
  "end",
  "ex",
  "first",
  "full",
  "gender",
  "half",
  "high",
  "human",
  "inter",
  "intra",
  "long",
  "low",
  "macro",
  "meta",
  "micro",
  "mid",
  "multi",
  "non",
  "off",
  "on",
  "one",
  "open",
  "over",
  "part",
  "peer",
  "post",
  "pre",
  "pro",
  "public",
  "quasi",
  "re",
  "real",
  "second",
  "self",
  "semi",
  "short",
  "so",
  "socio",
  "state",
  "sub",
  "three",
  "top",
  "two",
  "ultra",
  "under",
  "up",
  "user",
  "vice",
  "well",
  "world",
  "year",
]);

/**
 * Right halves that only end a word ("develop- ment", "organisa- tion"): the
 * hyphen was the typesetter's and goes.
 */
const WORD_ENDINGS =
  /^(?:tion|tions|sion|sions|ment|ments|ness|ity|ities|ance|ances|ence|ences|able|ible|ing|ings|ise|ize|ised|ized|ising|izing|isation|ization|ally|ical|ology|ure|ures|ous|ive|ives|ism|ist|ists|ship|ful|less|ary|ory|ated|ating)\b/;

/** True when the text ends a sentence or introduces something (".", "?", "!", ":"), allowing closing quotes. */
export function endsSentence(text: string): boolean {
  // End-anchored patterns scan the whole string; the tail is enough and keeps re-joining linear.
  return /[.!?:…][)"'”’\]]*$/.test(text.slice(-8));
}

/** True when the line can only continue what came before ("finally, a question..."). */
export function startsLowercase(text: string): boolean {
  return /^[a-z]/.test(text);
}

/** How two wrapped lines meet: characters to drop from the end of the first, and what goes between. */
export interface LineJoint {
  dropTrailing: number;
  separator: string;
}

/**
 * Decides how the next line of a wrapped paragraph joins the text so far
 * (only its end is read): an address cut by the page width is mended without
 * a space, a hyphen at the line end stays for compounds and goes for split
 * words, anything else gets a space.
 */
export function lineJoint(text: string, next: string): LineJoint {
  if (text === "") return { dropTrailing: 0, separator: "" };
  if (text.endsWith("\u00ad")) return { dropTrailing: 1, separator: "" };
  const trailingUrl = findTrailingUrl(text);
  if (trailingUrl && !next.includes(" ") && isUrlContinuation(trailingUrl, next)) {
    return { dropTrailing: 0, separator: "" };
  }
  const hyphenated = text.slice(-40).match(/([A-Za-z]+)-$/);
  if (hyphenated && /^[A-Za-z]/.test(next)) {
    return { dropTrailing: keepsHyphen(hyphenated[1]!, next) ? 0 : 1, separator: "" };
  }
  return { dropTrailing: 0, separator: " " };
}

/** Joins the next line of a wrapped paragraph to the text so far, as lineJoint decides. */
export function joinWrappedLine(text: string, next: string): string {
  const joint = lineJoint(text, next);
  return text.slice(0, text.length - joint.dropTrailing) + joint.separator + next;
}

function keepsHyphen(left: string, next: string): boolean {
  if (/^[A-Z0-9]/.test(next)) return true;
  if (COMPOUND_PREFIXES.has(left.toLowerCase())) return true;
  return !WORD_ENDINGS.test(next);
}
