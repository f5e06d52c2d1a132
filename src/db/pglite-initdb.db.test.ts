import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.js";
import { createDataFolder } from "./pglite-initdb.js";

/** The high-water mark of this process's resident memory, in MB. */
function highWaterMb(): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;
}

describe("a new embedded data folder", () => {
  it("is created outside the server's process, then opened and reopened with the small-forum settings", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "intersession-initdb-"));
    const before = highWaterMb();
    const first = await openDatabase({ dataDir });
    try {
      await sql`CREATE TABLE kept (note text)`.execute(first.db);
      await sql`INSERT INTO kept VALUES ('written at first start')`.execute(first.db);
      const buffers = await sql<{ v: string }>`SELECT current_setting('shared_buffers') AS v`.execute(
        first.db,
      );
      expect(buffers.rows[0]?.v).toBe("32MB");
    } finally {
      await first.close();
    }
    // With initdb in the database thread (which shares this process) the high-water mark rose by 736 MB; in a
    // child process only opening the folder counts.
    expect(highWaterMb() - before).toBeLessThan(300);
    const again = await openDatabase({ dataDir });
    try {
      const rows = await sql<{ note: string }>`SELECT note FROM kept`.execute(again.db);
      expect(rows.rows.map((r) => r.note)).toEqual(["written at first start"]);
    } finally {
      await again.close();
    }
  }, 180_000);

  it("reports why it could not be created", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "intersession-initdb-")), "not-a-folder");
    writeFileSync(file, "");
    await expect(createDataFolder(join(file, "pgdata"))).rejects.toThrow(
      /Creating the embedded database in .* failed/,
    );
  });
});
