// `intersession campaigns detect --forum SLUG --year YYYY`: a full detection over the cycle's contributions,
// with progress on the terminal, then how many campaigns were found and the largest.
import type { Command } from "commander";
import { migrateToLatest } from "../db/migrate.js";
import { findCycle } from "../forums/index.js";
import { parseConfig } from "../server/config.js";
import { openConfiguredDatabase } from "../server/start.js";
import { createRun, cycleCampaigns, runDetection } from "./service.js";

interface DetectOptions {
  forum: string;
  year: string;
  data?: string;
}

async function detect(options: DetectOptions) {
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
    const place = { forumId: forum.id, cycleId: cycle.id };
    const run = await createRun(database.db, place);
    const started = Date.now();
    const result = await runDetection(database.db, {
      runId: run.id,
      now: () => new Date(),
      onProgress: (processed) =>
        process.stderr.write(`\rDetecting campaigns: ${processed} contributions read`),
    });
    process.stderr.write("\n");
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Read ${result.processed} contribution(s) of ${forum.name} ${cycle.year} in ${seconds.toFixed(1)} s; found ${result.campaigns} campaign(s).`,
    );
    const { campaigns } = await cycleCampaigns(database.db, {
      actor: { kind: "system", label: "command line" },
      place,
    });
    for (const c of campaigns.slice(0, 10))
      console.log(`  ${String(c.size).padStart(8)}  ${c.excerpt.slice(0, 70)}`);
  } finally {
    await database.close();
  }
}

/** Adds `campaigns detect` to the command line. */
export function addCampaignsCommand(program: Command): void {
  const group =
    program.commands.find((c) => c.name() === "campaigns") ??
    program.command("campaigns").description("form-letter campaigns");
  group
    .command("detect")
    .description("find the cycle's campaigns again: copies of one letter, grouped")
    .requiredOption("--forum <slug>", "the forum's slug")
    .requiredOption("--year <year>", "the cycle's year")
    .option("--data <dir>", "data folder of the embedded database (default ./data, or INTERSESSION_DATA)")
    .action(detect);
}
