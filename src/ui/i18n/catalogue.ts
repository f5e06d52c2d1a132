// The message catalogue, assembled from each domain's own `messages.ts`. A domain adds one import here.
import { messages as audit } from "../../audit/messages.js";
import { messages as auth } from "../../auth/messages.js";
import { messages as calls } from "../../calls/index.js";
import { messages as contributions } from "../../contributions/messages.js";
import { messages as forums } from "../../forums/messages.js";
import { messages as geo } from "../../geo/messages.js";
import { messages as meetings } from "../../meetings/messages.js";
import { messages as server } from "../../server/messages.js";
import { messages as ui } from "../messages.js";
import type { Locale } from "./locales.js";

/** A domain's messages: ICU MessageFormat strings per language; English is complete, others may lag. */
export type Messages = { en: Record<string, string> } & Partial<
  Record<Exclude<Locale, "en">, Record<string, string>>
>;

const parts: Messages[] = [ui, server, auth, audit, geo, forums, contributions, calls, meetings];

/** Every message, by language then key. */
export const catalogue: Record<Locale, Record<string, string>> = { en: {}, es: {}, fr: {}, ar: {} };
for (const part of parts) {
  for (const [locale, entries] of Object.entries(part) as [Locale, Record<string, string>][]) {
    for (const [key, value] of Object.entries(entries)) {
      if (catalogue[locale][key] !== undefined)
        throw new Error(`Message key "${key}" is defined twice (${locale}).`);
      catalogue[locale][key] = value;
    }
  }
}
