// Entry point of the short-lived child process that creates a new embedded data folder (pglite-initdb.ts
// starts it): PGlite's initdb, then a clean close, then exit. Its memory, up to about 800 MB for a moment,
// goes back to the system with the process.
import { PGlite } from "@electric-sql/pglite";
import { memorySettings } from "./pglite-settings.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("pglite-initdb-child needs the data folder as its argument");
const db = await PGlite.create({ dataDir, postgresqlconf: memorySettings });
await db.close();
