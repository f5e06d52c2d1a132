// `intersession privacy export --email … --out file.zip` and `intersession privacy erase --email … --yes`.
import { writeFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import { migrateToLatest } from "../db/migrate.js";
import { erasePersonalData, exportPersonalData } from "../privacy/index.js";
import { parseConfig } from "../server/config.js";
import { openConfiguredDatabase } from "../server/start.js";

interface Options {
  email: string;
  out?: string;
  yes?: boolean;
  data?: string;
}

const actor = { kind: "system", label: "command line (privacy request)" } as const;

async function withDatabase<T>(
  options: Options,
  work: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>, dataDir: string) => Promise<T>,
) {
  const config = parseConfig(process.env, options.data ? { dataDir: options.data } : {});
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database.db);
    return await work(database, config.dataDir);
  } finally {
    await database.close();
  }
}

/** Adds `privacy export` and `privacy erase` to the command line. */
export function addPrivacyCommands(program: Command, fail: (message: string) => Error): void {
  const group = program.command("privacy").description("personal data requests for one e-mail address");
  const dataOption = () => new Option("--data <dir>", "data folder (default ./data, or INTERSESSION_DATA)");
  group
    .command("export")
    .description("write everything held about an address into a zip (JSON and files)")
    .requiredOption("--email <address>", "the person's e-mail address")
    .requiredOption("--out <file.zip>", "the zip to write")
    .addOption(dataOption())
    .action((options: Options) =>
      withDatabase(options, async (database, dataDir) => {
        const result = await exportPersonalData(
          { db: database.db, dataDir, now: new Date() },
          { actor, email: options.email },
        );
        await writeFile(options.out ?? "personal-data.zip", result.zip);
        const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
        console.log(`Wrote ${options.out}: ${rows} row(s) and ${result.files} file(s).`);
      }),
    );
  group
    .command("erase")
    .description("erase an address's data; contributions they agreed to publish stay, anonymised")
    .requiredOption("--email <address>", "the person's e-mail address")
    .option("--yes", "confirm: this cannot be undone")
    .addOption(dataOption())
    .action((options: Options) => {
      if (!options.yes) throw fail("erasing cannot be undone. Run again with --yes to go ahead.");
      return withDatabase(options, async (database, dataDir) => {
        const counts = await erasePersonalData({ db: database.db, dataDir }, { actor, email: options.email });
        for (const [what, n] of Object.entries(counts)) if (n) console.log(`  ${what}: ${n}`);
        console.log("Erased. The audit log records the request by the address's hash.");
      });
    });
}
