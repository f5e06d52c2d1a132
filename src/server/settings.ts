// Site-wide settings kept in the database, so every app process shares them.
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

/** The site's signing secret, created on first use; the same for every process on one database. */
export async function siteSecret(db: Kysely<Database>): Promise<string> {
  await db
    .insertInto("settings")
    .values({ key: "site_secret", value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", "site_secret")
    .executeTakeFirstOrThrow();
  return row.value;
}

/** A setting's value, if set. */
export async function getSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  return (await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst())?.value;
}

/** Sets a setting. */
export async function setSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: new Date() }))
    .execute();
}
