// The server folder's SQL: site-wide settings. Only this folder touches the table.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

/** Stores a setting unless it is already set. */
export async function insertSettingIfAbsent(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
}

/** A setting's stored value, if set. */
export async function selectSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  return (await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst())?.value;
}

/** Stores a setting, replacing any value it had. */
export async function upsertSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: new Date() }))
    .execute();
}
