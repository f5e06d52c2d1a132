import type { Generated } from "kysely";

/** The `settings` table: site-wide values such as the secret that signs unsubscribe links. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Generated<Date>;
}

export interface ServerTables {
  settings: SettingsTable;
}
