// Opening the database the configuration names, apart from starting the server: the command line's tasks
// (imports, backups, privacy requests) open it through here without loading the whole app, so a domain's
// command does not import every other domain through `app.ts` (and back into itself, an import cycle).
import { type AppDatabase, openDatabase } from "../db/database.js";
import type { Config } from "./config.js";

/** Opens the database the configuration points at (PostgreSQL, or PGlite in the data folder). */
export function openConfiguredDatabase(config: Config): Promise<AppDatabase> {
  return openDatabase(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize }
      : { dataDir: config.dataDir },
  );
}
