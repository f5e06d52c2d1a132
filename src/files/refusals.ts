// Every reason an upload can be turned away, with the sentence a contributor reads. The sentences are in the
// files folder's catalogue (messages/<locale>.json); the codes are what the API returns, in every language.
import { DEFAULT_LOCALE, type Locale } from "../ui/i18n/locales.js";
import { translator } from "../ui/i18n/translate.js";

export type RefusalCode =
  | "empty"
  | "too_large"
  | "truncated"
  | "unsupported_type"
  | "zip_bomb"
  | "too_many_entries"
  | "xml_entities"
  | "encrypted"
  | "corrupt";

export interface Refusal {
  ok: false;
  code: RefusalCode;
  /** One or two sentences naming the file, written for the contributor. */
  message: string;
}

/** A problem found deep in a parser, before the file name is known to it; the caller turns it into a Refusal. */
export interface Problem {
  code: RefusalCode;
  /** Clause completing "“name” …" (for example "contains a program, not a document"). */
  detail: string;
}

/** The catalogue key of each refusal's sentence. */
const refusalKeys: Record<RefusalCode, string> = {
  empty: "files.refusal.empty",
  too_large: "files.refusal.tooLarge",
  truncated: "files.refusal.truncated",
  unsupported_type: "files.refusal.unsupportedType",
  zip_bomb: "files.refusal.unsafe",
  too_many_entries: "files.refusal.unsafe",
  xml_entities: "files.refusal.xmlEntities",
  encrypted: "files.refusal.encrypted",
  corrupt: "files.refusal.corrupt",
};

/** Formats a byte count the way a contributor's file manager would ("14.2 MB", "512 KB"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb >= 100 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}

/** Quotes a (sanitised) file name for a message. */
export function quoteName(fileName: string): string {
  return `“${fileName}”`;
}

/** Builds the contributor-facing refusal for a problem found in the named file, in the reader's language. */
export function refuse(fileName: string, problem: Problem, locale: Locale = DEFAULT_LOCALE): Refusal {
  const { code, detail } = problem;
  const message = translator(locale)(refusalKeys[code], { name: quoteName(fileName), detail });
  return { ok: false, code, message };
}
