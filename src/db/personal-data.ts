// The contract between privacy/ and each domain: what one domain holds about one person, and how it
// erases it. Each domain exports a `PersonalDataProvider` from its index.ts; `privacy/` collects them.
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/** The person a request is about: the address, their account if any, and the names they are known by. */
export interface PersonalDataSubject {
  /** Lower-cased. */
  email: string;
  userId: string | null;
  /** Names found with the address (account, contributions, contacts), to find and remove elsewhere. */
  names: string[];
}

/** What a provider is given: the database (a transaction when erasing), the data folder, the subject. */
export interface PersonalDataContext {
  db: Kysely<Database>;
  dataDir: string;
  subject: PersonalDataSubject;
}

/** One domain's part of an export: rows by table, and files by name. */
export interface PersonalDataPart {
  records: Record<string, unknown[]>;
  files?: { name: string; bytes: Uint8Array }[];
}

/** One domain's export and erase of a person's data. */
export interface PersonalDataProvider {
  domain: string;
  /** Names this domain knows the address by (optional). */
  names?(db: Kysely<Database>, email: string): Promise<string[]>;
  exportData(context: PersonalDataContext): Promise<PersonalDataPart>;
  /** Erases within the caller's transaction; returns how many rows of each table were deleted or changed. */
  erase(context: PersonalDataContext): Promise<Record<string, number>>;
  /** Work outside the database once the erase has committed (files on the disk). */
  afterErase?(context: PersonalDataContext): Promise<void>;
}

/** What replaces a name or address where a row must stay. */
export const ERASED_LABEL = "[erased]";

/** Escapes text for a PostgreSQL regular expression. */
export function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The strings to remove from free text: the address, and each name long enough not to match ordinary words
 * (a one-word name of four letters or fewer would hit "Anna" in "Annapurna").
 */
export function needles(subject: PersonalDataSubject): string[] {
  const names = subject.names.filter((n) => n.trim().length >= 5 || /\s/.test(n.trim()));
  return [subject.email, ...names.map((n) => n.trim())].filter(Boolean);
}

/** A case-insensitive PostgreSQL regular expression matching any of the subject's needles. */
export function needlePattern(subject: PersonalDataSubject): string {
  return `(${needles(subject).map(regexLiteral).join("|")})`;
}
