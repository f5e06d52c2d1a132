// Backups of a whole site: the database and the uploaded files, in one folder.
//
//   intersession-backup-<time>/
//     manifest.json     what it holds: engine, time, schema (last migration), sizes
//     database.dump     PostgreSQL: pg_dump's custom format, for pg_restore
//     pgdata.tar.gz     embedded: PGlite's own snapshot of its data folder
//     files/            the data folder's files/ (content-addressed, so copied as they are)
//
// The database is captured first and the files after: files are written before the rows that name them are
// committed and are never changed or deleted, so every file the captured database names is in the copy.
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { acquireDataFolderLock } from "../db/data-lock.js";
import { type AppDatabase, type DatabaseTarget, openDatabase } from "../db/database.js";
import { appliedMigrations } from "../db/migrate.js";
import { runPgTool } from "./pg-tools.js";

const MANIFEST = "manifest.json";
const PG_DUMP = "database.dump";
const PGLITE_SNAPSHOT = "pgdata.tar.gz";

/** What a backup holds, written beside it as manifest.json. */
export interface BackupManifest {
  format: 1;
  engine: AppDatabase["engine"];
  createdAt: string;
  /** The last migration the database had: a newer Intersession can restore it, an older one cannot. */
  schema: string | null;
  database: string;
  databaseBytes: number;
  files: number;
  filesBytes: number;
}

/** Raised for a backup or restore that cannot go ahead; the message says what to do. */
export class BackupError extends Error {}

/** A backup's folder name for an instant: sortable, and safe on every file system. */
export function backupName(at: Date, prefix = "intersession-backup"): string {
  return `${prefix}-${at
    .toISOString()
    .replace(/[:.]/g, "")
    .replace(/\d{3}Z$/, "Z")}`;
}

async function folderSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return { files, bytes };
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

/** Copies the data folder's files, leaving out half-written ones (`*.part`, renamed into place when whole). */
async function copyFiles(from: string, to: string): Promise<void> {
  try {
    await stat(from);
  } catch {
    await mkdir(to, { recursive: true });
    return;
  }
  await cp(from, to, { recursive: true, filter: (source) => !source.endsWith(".part") });
}

/**
 * Writes a backup of an open database and the data folder's files into `out` (a new folder). It is built
 * under a temporary name and renamed when whole, so a folder with the final name is always complete.
 */
export async function writeBackup(args: {
  database: AppDatabase;
  databaseUrl?: string;
  dataDir: string;
  out: string;
  now: Date;
}): Promise<BackupManifest> {
  const { database, dataDir, now } = args;
  const out = resolve(args.out);
  try {
    await stat(out);
    throw new BackupError(`${out} already exists; choose another --out.`);
  } catch (error) {
    if (error instanceof BackupError) throw error;
  }
  const partial = `${out}.part`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    let databaseFile: string;
    if (database.engine === "pglite") {
      if (!database.snapshot) throw new BackupError("This embedded database cannot be snapshotted.");
      databaseFile = PGLITE_SNAPSHOT;
      await writeFile(join(partial, databaseFile), await database.snapshot());
    } else {
      if (!args.databaseUrl) throw new BackupError("A PostgreSQL backup needs DATABASE_URL.");
      databaseFile = PG_DUMP;
      await runPgTool("pg_dump", args.databaseUrl, [
        "--format=custom",
        "--no-owner",
        "--no-acl",
        `--file=${join(partial, databaseFile)}`,
      ]);
    }
    const schema = (await appliedMigrations(database.db)).at(-1) ?? null;
    await copyFiles(join(dataDir, "files"), join(partial, "files"));
    const files = await folderSize(join(partial, "files"));
    const manifest: BackupManifest = {
      format: 1,
      engine: database.engine,
      createdAt: now.toISOString(),
      schema,
      database: databaseFile,
      databaseBytes: (await stat(join(partial, databaseFile))).size,
      files: files.files,
      filesBytes: files.bytes,
    };
    await writeFile(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(partial, out);
    return manifest;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Reads and checks a backup's manifest. */
export async function readManifest(from: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(from, MANIFEST), "utf8");
  } catch {
    throw new BackupError(`${from} is not an Intersession backup (it has no ${MANIFEST}).`);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== 1) throw new BackupError(`${from} was written in an unknown backup format.`);
  return manifest;
}

/**
 * Restores a backup into the configured place. PostgreSQL: pg_restore replaces every object the dump holds,
 * in one transaction. Embedded: the data folder's database and files are moved aside (`*.before-restore-…`,
 * nothing is deleted) and the snapshot loaded in their place; the data folder must not be in use.
 */
export async function restoreBackup(args: {
  from: string;
  target: DatabaseTarget;
  dataDir: string;
  now: Date;
}): Promise<BackupManifest> {
  const from = resolve(args.from);
  const manifest = await readManifest(from);
  const { target, dataDir } = args;
  const wanted = "databaseUrl" in target ? "postgres" : "pglite";
  if (manifest.engine !== wanted) {
    throw new BackupError(
      manifest.engine === "postgres"
        ? "This backup is of a PostgreSQL database: set DATABASE_URL to the database to restore it into."
        : "This backup is of the embedded database: restore it without DATABASE_URL, with --data naming the data folder.",
    );
  }
  const aside = `before-restore-${backupName(args.now, "").slice(1)}`;
  if ("databaseUrl" in target) {
    await runPgTool("pg_restore", target.databaseUrl, [
      "--clean",
      "--if-exists",
      "--no-owner",
      "--no-acl",
      "--single-transaction",
      "--exit-on-error",
      join(from, manifest.database),
    ]);
  } else {
    const folder = resolve(target.dataDir);
    await mkdir(folder, { recursive: true });
    // Held while the old database is moved aside, so a server starting now cannot open half of it.
    const release = acquireDataFolderLock(folder);
    try {
      await moveAside(join(folder, "pgdata"), `${join(folder, "pgdata")}.${aside}`);
    } finally {
      release();
    }
    const snapshot = await readFile(join(from, manifest.database));
    const database = await openDatabase({ dataDir: folder, loadSnapshot: new Uint8Array(snapshot) });
    await database.close();
  }
  const files = join(dataDir, "files");
  await moveAside(files, `${files}.${aside}`);
  await copyFiles(join(from, "files"), files);
  return manifest;
}

async function moveAside(path: string, to: string): Promise<void> {
  try {
    await rename(path, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** The daily backups in a folder, newest first, with when each was made. */
export async function listBackups(folder: string): Promise<{ path: string; createdAt: Date }[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const found: { path: string; createdAt: Date }[] = [];
  for (const name of names) {
    if (name.endsWith(".part")) continue;
    try {
      const manifest = await readManifest(join(folder, name));
      found.push({ path: join(folder, name), createdAt: new Date(manifest.createdAt) });
    } catch {
      // Not a backup: left alone.
    }
  }
  return found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * The embedded default's own daily backup: a snapshot into `${dataDir}/backups/`, then backups older than
 * `retentionDays` deleted (the newest is always kept). Returns the new backup's path.
 */
export async function dailyBackup(args: {
  database: AppDatabase;
  dataDir: string;
  retentionDays: number;
  now: Date;
}): Promise<string> {
  const folder = join(args.dataDir, "backups");
  await mkdir(folder, { recursive: true });
  const out = join(folder, backupName(args.now));
  await rm(`${out}.part`, { recursive: true, force: true });
  await writeBackup({ database: args.database, dataDir: args.dataDir, out, now: args.now });
  const oldest = args.now.getTime() - args.retentionDays * 24 * 3600_000;
  const [, ...older] = await listBackups(folder);
  for (const backup of older)
    if (backup.createdAt.getTime() < oldest) await rm(backup.path, { recursive: true, force: true });
  return out;
}
