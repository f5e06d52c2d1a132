// The message catalogue: every folder's `messages/<locale>.json`, one file per language in ICU MessageFormat
// (the format translators' tools read). Adding a language is adding its files and its line in `locales.ts`;
// adding a folder with messages needs nothing here: it is found by its `messages/` folder.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCALES, type Locale } from "./locales.js";

/** The source (or built) tree: this file lives in `<root>/ui/i18n/`. */
const root = new URL("../../", import.meta.url).pathname;

/** The folders that hold a `messages/` catalogue, e.g. "forums", "ui". */
export const catalogueFolders: string[] = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, "messages", "en.json")))
  .map((entry) => entry.name)
  .sort();

/** One folder's messages by language, as its files hold them (a missing language file reads as empty). */
export function messagesOf(folder: string): Record<Locale, Record<string, string>> {
  const result = {} as Record<Locale, Record<string, string>>;
  for (const locale of LOCALES) {
    const file = join(root, folder, "messages", `${locale}.json`);
    result[locale] = existsSync(file)
      ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>)
      : {};
  }
  return result;
}

/** Every message, by language then key. */
export const catalogue = Object.fromEntries(LOCALES.map((l) => [l, {}])) as Record<
  Locale,
  Record<string, string>
>;
for (const folder of catalogueFolders) {
  for (const [locale, entries] of Object.entries(messagesOf(folder)) as [Locale, Record<string, string>][]) {
    for (const [key, value] of Object.entries(entries)) {
      if (catalogue[locale][key] !== undefined)
        throw new Error(`Message key "${key}" is defined twice (${locale}, the second time in ${folder}).`);
      catalogue[locale][key] = value;
    }
  }
}
