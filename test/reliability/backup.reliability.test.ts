// `intersession backup` then `intersession restore DIR --yes`, as an administrator types them, on the embedded
// default: the restored data folder holds the same rows in every table, the same sequence positions and the
// same files, byte for byte. Its size and times are figures for the closing note.
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  fileChecksums,
  fillWithDemo,
  sequenceValues,
  tableChecksums,
} from "../../src/backup/test-fixtures.js";
import { openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { runCli } from "../../src/test-support/cli.js";
import { recordFigure } from "./figures.js";

/** The command on the data folder it is given, whatever DATABASE_URL the machine has. */
const embedded = { DATABASE_URL: "" };

/** The bytes of every file under `dir`. */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  return total;
}

describe("intersession backup and restore (embedded)", () => {
  it("restores the demo forum through the command line identically: tables, sequences, files", async () => {
    const sourceDir = mkdtempSync(join(tmpdir(), "intersession-cli-backup-source-"));
    const targetDir = mkdtempSync(join(tmpdir(), "intersession-cli-backup-target-"));
    const out = join(mkdtempSync(join(tmpdir(), "intersession-cli-backups-")), "backup");
    const source = await openDatabase({ dataDir: sourceDir });
    let tables: Record<string, string>;
    let sequences: Record<string, string | null>;
    try {
      await migrateToLatest(source.db);
      await fillWithDemo(source, sourceDir, 20);
      tables = await tableChecksums(source.db);
      sequences = await sequenceValues(source.db);
    } finally {
      await source.close();
    }
    expect(Number(tables.contributions?.split(":")[0])).toBeGreaterThan(0);
    expect(Object.keys(sequences).length).toBeGreaterThan(0);

    let started = Date.now();
    const backup = await runCli(["backup", "--out", out, "--data", sourceDir], embedded);
    const backupMs = Date.now() - started;
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/Backed up the embedded database \(.+ MB\) and 20 file\(s\)/);
    expect(backup.stdout).toContain(`Restore with: intersession restore ${out}`);

    const refused = await runCli(["restore", out, "--data", targetDir], embedded);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("--yes");

    started = Date.now();
    const restore = await runCli(["restore", out, "--yes", "--data", targetDir], embedded);
    const restoreMs = Date.now() - started;
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored the backup of .+ \(20 file\(s\)\)/);

    const restored = await openDatabase({ dataDir: targetDir });
    try {
      expect(await tableChecksums(restored.db)).toEqual(tables);
      expect(await sequenceValues(restored.db)).toEqual(sequences);
    } finally {
      await restored.close();
    }
    const files = fileChecksums(join(sourceDir, "files"));
    expect(Object.keys(files)).toHaveLength(20);
    expect(fileChecksums(join(targetDir, "files"))).toEqual(files);

    const megabytes = (folderBytes(out) / 1024 / 1024).toFixed(2);
    const summary = `backup round trip through the command line (embedded, demo forum and 20 files): backup ${megabytes} MB, \`intersession backup\` ${(backupMs / 1000).toFixed(1)} s, \`intersession restore --yes\` ${(restoreMs / 1000).toFixed(1)} s; ${Object.keys(tables).length} tables, ${Object.keys(sequences).length} sequences and 20 files identical`;
    console.log(summary);
    recordFigure({
      part: "backup round trip",
      summary,
      values: { megabytes: Number(megabytes), backupMs, restoreMs, tables: Object.keys(tables).length },
    });
  }, 300_000);
});
