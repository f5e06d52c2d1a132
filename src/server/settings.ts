// Site-wide settings kept in the database, so every app process shares them.
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { insertSettingIfAbsent, selectSetting, upsertSetting } from "./queries.js";

/** The site's signing secret, created on first use; the same for every process on one database. */
export async function siteSecret(db: Kysely<Database>): Promise<string> {
  await insertSettingIfAbsent(db, "site_secret", randomBytes(32).toString("base64url"));
  const value = await selectSetting(db, "site_secret");
  if (value === undefined) throw new Error("The site secret was not stored.");
  return value;
}

/** A setting's value, if set. */
export async function getSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  return selectSetting(db, key);
}

/** Sets a setting. */
export async function setSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await upsertSetting(db, key, value);
}
