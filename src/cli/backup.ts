// `intersession backup` and `intersession restore`: the database and the uploaded files in one folder, and
// back again, on either engine.
import { join } from "node:path";
import { type Command, Option } from "commander";
import { BackupError, backupName, listBackups, restoreBackup, writeBackup } from "../backup/index.js";
import { DataFolderLockedError } from "../db/data-lock.js";
import { parseConfig } from "../server/config.js";
import { openConfiguredDatabase } from "../server/start.js";

interface Options {
  data?: string;
  out?: string;
  yes?: boolean;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function configOf(options: Options) {
  return parseConfig(process.env, options.data ? { dataDir: options.data } : {});
}

async function backup(options: Options, fail: (message: string) => Error) {
  const config = configOf(options);
  const now = new Date();
  const out = options.out ?? backupName(now);
  const started = Date.now();
  let database: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    database = await openConfiguredDatabase(config);
  } catch (error) {
    if (!(error instanceof DataFolderLockedError)) throw error;
    const newest = (await listBackups(join(config.dataDir, "backups")))[0];
    throw fail(
      `the server is running on ${config.dataDir}, so its database cannot be copied from outside. ` +
        (newest
          ? `Its newest daily backup is ${newest.path} (${newest.createdAt.toISOString()}). `
          : "It makes a daily backup in its backups/ folder. ") +
        "To take one now, stop the server and run this again.",
    );
  }
  try {
    const manifest = await writeBackup({
      database,
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      out,
      now,
    }).catch((error: Error) => {
      throw error instanceof BackupError ? fail(error.message) : error;
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Backed up the ${manifest.engine === "pglite" ? "embedded" : "PostgreSQL"} database (${megabytes(manifest.databaseBytes)}) and ${manifest.files} file(s) (${megabytes(manifest.filesBytes)}) in ${seconds} s.`,
    );
    console.log(`Restore with: intersession restore ${out}`);
  } finally {
    await database.close();
  }
}

async function restore(from: string, options: Options, fail: (message: string) => Error) {
  if (!options.yes)
    throw fail(
      "restoring replaces the current database and files. Run again with --yes to go ahead (the embedded database's current folder is kept aside, not deleted).",
    );
  const config = configOf(options);
  const started = Date.now();
  const target = config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir };
  const manifest = await restoreBackup({ from, target, dataDir: config.dataDir, now: new Date() }).catch(
    (error: Error) => {
      throw error instanceof BackupError ? fail(error.message) : error;
    },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Restored the backup of ${manifest.createdAt} (${manifest.files} file(s)) in ${seconds} s. Start the server as usual; it brings the schema up to date.`,
  );
  // After loading a snapshot, PGlite's closed worker has been seen to keep the process waiting: the work is
  // done and flushed, so the command ends here.
  if (manifest.engine === "pglite") process.exit(0);
}

/** Adds `backup` and `restore` to the command line. */
export function addBackupCommands(program: Command, fail: (message: string) => Error): void {
  const dataOption = () => new Option("--data <dir>", "data folder (default ./data, or INTERSESSION_DATA)");
  program
    .command("backup")
    .description("write the database and the uploaded files into a new backup folder")
    .option("--out <dir>", "the backup folder to create (default ./intersession-backup-<time>)")
    .addOption(dataOption())
    .action((options: Options) => backup(options, fail));
  program
    .command("restore")
    .description("replace the database and the uploaded files with a backup's")
    .argument("<backup>", "the backup folder")
    .option("--yes", "confirm that the current database and files are replaced")
    .addOption(dataOption())
    .action((from: string, options: Options) => restore(from, options, fail));
}
