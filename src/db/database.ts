// Opens the database: PGlite in a worker thread (the embedded default) or a PostgreSQL pool.
import { join, resolve } from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { acquireDataFolderLock } from "./data-lock.js";
import { PgliteDriver, PgliteWorkerClient } from "./pglite-driver.js";
import { createDataFolder, isDataFolderCreated } from "./pglite-initdb.js";
import { prepareInserts } from "./prepared.js";
import type { Database } from "./schema.js";
import { installPgTypeParsers } from "./types.js";

export type Engine = "pglite" | "postgres";

/** What a ping found: up and quick, up but busy beyond the budget, or down. */
export type DatabaseStatus = "ok" | "busy" | "down";

export interface AppDatabase {
  db: Kysely<Database>;
  /**
   * For the job runner: on PostgreSQL a small pool of its own (`BACKGROUND_POOL_SIZE` connections), so queued
   * work (the receipts of a burst of submissions) neither waits behind the requests' queue for a connection nor
   * takes the requests' connections; on PGlite, with its one session, the same as `db`.
   */
  background: Kysely<Database>;
  engine: Engine;
  /** Where the data lives: the PGlite folder, or the PostgreSQL URL without its password. */
  location: string;
  ping(timeoutMs: number): Promise<DatabaseStatus>;
  /**
   * The embedded database only: a consistent snapshot of its data folder (gzipped tar), taken between two
   * callers' statements, so no transaction is half in it.
   */
  snapshot?(): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** PostgreSQL by URL (with at most `poolSize` connections, 10 unless said), or PGlite in a data folder. */
export type DatabaseTarget =
  | { databaseUrl: string; poolSize?: number }
  | { dataDir: string; loadSnapshot?: Uint8Array };

/** Opens the database described by the target; the embedded one takes the data folder's lock first. */
export async function openDatabase(target: DatabaseTarget): Promise<AppDatabase> {
  if ("databaseUrl" in target) return openPostgres(target.databaseUrl, target.poolSize ?? 10);
  return openPglite(target.dataDir, target.loadSnapshot);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** Connections of the job runner's own pool (mail runs two at once; other kinds wait their turn). */
export const BACKGROUND_POOL_SIZE = 2;

function openPool(databaseUrl: string, max: number): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  // An idle connection can be cut by the server (a restart, a failover, an administrator): node-postgres
  // reports it on the pool, and an unhandled 'error' event would end the process. The pool replaces the
  // connection on next use, so a line in the log is all it deserves.
  pool.on("error", (error) => {
    console.warn(`PostgreSQL closed an idle connection (${error.message}); it will be replaced on next use.`);
  });
  pool.on("connect", (client) => {
    // The pool listens for errors only on idle connections. One checked out but between queries (inside a
    // transaction, or held by a job) gets PostgreSQL's "terminating connection" on a restart with no one to
    // hear it, and an unheard 'error' ends the process. Heard here, the connection is only marked broken: its
    // next query fails (503 database_unavailable) and the pool replaces it.
    client.on("error", (error) => {
      console.warn(`PostgreSQL closed a connection in use (${error.message}); it will be replaced.`);
    });
    client.query("SET TIME ZONE 'UTC'").catch(() => undefined);
    prepareInserts(client);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function openPostgres(databaseUrl: string, poolSize: number): Promise<AppDatabase> {
  installPgTypeParsers();
  const db = openPool(databaseUrl, poolSize);
  // Connections are opened on first use: a process that runs no jobs (the command line) opens none here.
  const background = openPool(databaseUrl, BACKGROUND_POOL_SIZE);
  return {
    db,
    background,
    engine: "postgres",
    location: redact(databaseUrl),
    ping: (timeoutMs) => ping(db, timeoutMs),
    close: async () => {
      await Promise.all([db.destroy(), background.destroy()]);
    },
  };
}

async function openPglite(dataDir: string, loadSnapshot?: Uint8Array): Promise<AppDatabase> {
  const inMemory = dataDir === "memory://";
  const release = inMemory ? () => undefined : acquireDataFolderLock(dataDir);
  try {
    const pgdata = inMemory ? dataDir : join(resolve(dataDir), "pgdata");
    // A new folder is created in a child process whose memory leaves with it (pglite-initdb.ts); a restore
    // fills an empty folder from the snapshot in the worker instead.
    if (!inMemory && !loadSnapshot && !isDataFolderCreated(pgdata)) await createDataFolder(pgdata);
    const client = new PgliteWorkerClient(pgdata, loadSnapshot);
    await client.ready;
    const db = new Kysely<Database>({
      dialect: {
        createAdapter,
        createDriver: () => new PgliteDriver(client),
        createIntrospector,
        createQueryCompiler,
      },
    });
    return {
      db,
      background: db,
      engine: "pglite",
      location: inMemory ? "memory" : resolve(dataDir),
      ping: (timeoutMs) => ping(db, timeoutMs),
      snapshot: () =>
        db.connection().execute(async () => {
          const { bytes } = await client.request({ type: "dump" });
          if (!bytes) throw new Error("The embedded database gave no snapshot.");
          return bytes;
        }),
      close: async () => {
        await db.destroy();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

// The PostgreSQL dialect's pieces, reused for PGlite: same SQL, same introspection.
const pgDialect = new PostgresDialect({ pool: {} as pg.Pool });
const createAdapter = () => pgDialect.createAdapter();
const createIntrospector = (db: Kysely<unknown>) => pgDialect.createIntrospector(db);
const createQueryCompiler = () => pgDialect.createQueryCompiler();

/**
 * Checks the database without ever making the caller wait longer than the budget: on PGlite a long query
 * holds the only session, and a health check must still answer.
 */
async function ping(db: Kysely<Database>, timeoutMs: number): Promise<DatabaseStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DatabaseStatus>((resolve) => {
    timer = setTimeout(() => resolve("busy"), timeoutMs);
  });
  const query = sql`select 1 as ok`
    .execute(db)
    .then((): DatabaseStatus => "ok")
    .catch((): DatabaseStatus => "down");
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
