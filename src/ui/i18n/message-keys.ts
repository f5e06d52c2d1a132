// The catalogue's keys as a type, read from each folder's English file, so a mistyped key in `t("…")` fails the
// type check instead of a page. A folder that adds a `messages/` catalogue adds its line here
// (`message-keys.test.ts` fails until it does).
import type analysis from "../../analysis/messages/en.json";
import type audit from "../../audit/messages/en.json";
import type auth from "../../auth/messages/en.json";
import type calls from "../../calls/messages/en.json";
import type campaigns from "../../campaigns/messages/en.json";
import type contacts from "../../contacts/messages/en.json";
import type contributions from "../../contributions/messages/en.json";
import type documents from "../../documents/messages/en.json";
import type files from "../../files/messages/en.json";
import type forums from "../../forums/messages/en.json";
import type geo from "../../geo/messages/en.json";
import type meetings from "../../meetings/messages/en.json";
import type privacy from "../../privacy/messages/en.json";
import type reading from "../../reading/messages/en.json";
import type server from "../../server/messages/en.json";
import type ui from "../messages/en.json";

/** The folders whose English catalogue makes up `MessageKey` (checked against the folders on disk). */
export const typedCatalogueFolders = [
  "analysis",
  "audit",
  "auth",
  "calls",
  "contacts",
  "campaigns",
  "contributions",
  "documents",
  "files",
  "forums",
  "geo",
  "meetings",
  "privacy",
  "reading",
  "server",
  "ui",
] as const;

/** Every key the English catalogue holds. */
export type MessageKey =
  | keyof typeof analysis
  | keyof typeof audit
  | keyof typeof auth
  | keyof typeof calls
  | keyof typeof contacts
  | keyof typeof campaigns
  | keyof typeof contributions
  | keyof typeof documents
  | keyof typeof files
  | keyof typeof forums
  | keyof typeof geo
  | keyof typeof meetings
  | keyof typeof privacy
  | keyof typeof reading
  | keyof typeof server
  | keyof typeof ui;

/**
 * A key a translator accepts: any known key; a computed key (typed only as `string`) is checked when it is
 * used instead, and a template whose parts are known (`status.${"open" | "done"}`) must name known keys.
 */
export type CheckedKey<K extends string> = string extends K ? K : K extends MessageKey ? K : never;
