// `intersession import contributions FILE.csv --forum SLUG --year YYYY`: a progress bar while rows are read,
// then a report of what was imported, what was already there, and what was refused and why.
import { readFile } from "node:fs/promises";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { migrateToLatest } from "../../db/migrate.js";
import { findCycle } from "../../forums/index.js";
import { JobRunner } from "../../jobs/runner.js";
import { parseConfig } from "../../server/config.js";
import { openConfiguredDatabase } from "../../server/open-database.js";
import { siteSecret } from "../../server/settings.js";
import { extractionHandler } from "../extraction/service.js";
import { EXTRACT_JOB } from "../service.js";
import { fileStoreFor } from "../storage.js";
import { uploadLimits } from "../submit/intake.js";
import { folderSource, importContributionsCsv } from "./csv.js";

interface ImportOptions {
  forum: string;
  year: string;
  data?: string;
  publish?: boolean;
}

async function importContributions(file: string, options: ImportOptions) {
  const csv = await readFile(file).catch((error: NodeJS.ErrnoException) => error);
  if (csv instanceof Error) {
    console.error(
      `intersession: cannot read ${file} (${csv.code ?? csv.message}). Give the path of a CSV file.`,
    );
    process.exitCode = 1;
    return;
  }
  const config = parseConfig(process.env, options.data ? { dataDir: options.data } : {});
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database.db);
    const found = await findCycle(database.db, options.forum, options.year).catch((error: Error) => error);
    if (found instanceof Error) {
      console.error(`intersession: ${found.message}`);
      process.exitCode = 1;
      return;
    }
    const { forum, cycle } = found;
    const store = fileStoreFor(config.dataDir);
    const bar = new cliProgress.SingleBar(
      {
        format: "Importing {bar} {value}/{total} rows",
        stream: process.stderr,
        noTTYOutput: true,
        notTTYSchedule: 1000,
      },
      cliProgress.Presets.shades_classic,
    );
    const report = await importContributionsCsv(
      {
        db: database.db,
        now: new Date(),
        secret: await siteSecret(database.db),
        publicUrl: config.publicUrl,
        store,
        limits: uploadLimits(config),
      },
      {
        actor: { kind: "system", label: "command line import" },
        forum,
        cycle,
        csv,
        documents: folderSource(file),
        publish: Boolean(options.publish),
        onStart: (rows) => bar.start(rows, 0),
        onRow: () => bar.increment(),
      },
    );
    bar.stop();
    // Read the documents' text now, so the contributions are searchable when the server starts.
    const runner = new JobRunner({ db: database.db, clock: () => new Date() });
    runner.register(EXTRACT_JOB, extractionHandler({ db: database.db, store }));
    await runner.runUntilIdle();

    console.log(`Imported ${report.imported.length} contribution(s) into ${forum.name} ${cycle.year}.`);
    for (const r of report.imported) console.log(`  row ${r.row}: ${r.reference} (${r.timeliness})`);
    if (report.alreadyImported.length) {
      console.log(`${report.alreadyImported.length} row(s) were already imported and were left as they are:`);
      for (const r of report.alreadyImported) console.log(`  row ${r.row}: ${r.reference}`);
    }
    if (report.refused.length) {
      console.log(`${report.refused.length} row(s) were not imported:`);
      for (const r of report.refused) console.log(`  row ${r.row}: ${r.reasons.join("; ")}`);
      process.exitCode = 2;
    }
  } finally {
    await database.close();
  }
}

/** Adds `import contributions` to the command line. */
export function addImportContributionsCommand(program: Command): void {
  const group =
    program.commands.find((c) => c.name() === "import") ??
    program.command("import").description("import records");
  group
    .command("contributions <file>")
    .description(
      "import contributions from a CSV (columns: contributor_name, organisation, stakeholder_group, country, email, received_at, text, files…)",
    )
    .requiredOption("--forum <slug>", "the forum's slug")
    .requiredOption("--year <year>", "the cycle's year")
    .option("--publish", "publish the imported contributions at once")
    .option("--data <dir>", "data folder of the embedded database (default ./data, or INTERSESSION_DATA)")
    .action(importContributions);
}
