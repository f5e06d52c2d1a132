// Checks that typed text is isolated on a page: a right-to-left override (U+202E) or an Arabic name may
// reorder only itself, never the words, numbers and punctuation around it.

const OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * The lines of a page's text in which a bidirectional control character stands outside any isolation:
 * not inside `<bdi>`, an element with `dir="auto"`, a form field's own value or an option (each its own
 * run), nor wrapped in U+2068 … U+2069. Empty when every typed text is isolated.
 */
export function unisolatedOverrides(html: string): string[] {
  const text = html
    .replace(/<title>[\s\S]*?<\/title>/g, (title) => title.replace(/\u2068[^\u2069]*\u2069/g, ""))
    .replace(/<bdi\b[^>]*>[\s\S]*?<\/bdi>/g, "")
    .replace(/<(\w+)\b[^>]*\bdir="auto"[^>]*>[\s\S]*?<\/\1>/g, "")
    .replace(/<(textarea|option)\b[^>]*>[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]*>/g, "\n")
    .replace(/\u2068[^\u2069]*\u2069/g, "");
  return text.split("\n").filter((line) => OVERRIDE.test(line));
}
