// Languages' names, for contributions' language and the filters that offer it.
const displayNames = new Map<string, Intl.DisplayNames>();

/** A language's name in the reader's language (its code when the runtime does not know it). */
export function languageName(code: string, locale: string): string {
  let names = displayNames.get(locale);
  try {
    if (!names) {
      names = new Intl.DisplayNames([locale], { type: "language", fallback: "code" });
      displayNames.set(locale, names);
    }
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
