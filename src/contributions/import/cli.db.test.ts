// `intersession import contributions` as a person runs it: a real process on a real data folder.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/database.js";
import { migrateToLatest } from "../../db/migrate.js";
import { buildDocx } from "../../files/test-fixtures.js";
import { runCli as cli } from "../../test-support/cli.js";
import { seedTestForum } from "../test-support.js";

describe("intersession import contributions", () => {
  it("imports rows with their documents, reports refusals, and adds nothing when run again", async () => {
    const data = mkdtempSync(join(tmpdir(), "intersession-import-"));
    const database = await openDatabase({ dataDir: data });
    await migrateToLatest(database.db);
    await seedTestForum(database.db);
    await database.close();

    const folder = mkdtempSync(join(tmpdir(), "intersession-csv-"));
    writeFileSync(
      join(folder, "grids.docx"),
      await buildDocx(["Electrical grids need cooperation between operators and CERTs."]),
    );
    writeFileSync(join(folder, "evil.pdf"), Buffer.concat([Buffer.from("MZ"), Buffer.alloc(100)]));
    const csv = [
      "contributor_name,organisation,stakeholder_group,country,email,received_at,text,files",
      'Ben Okoth,Example Ministry,government,KE,ben@example.org,2017-09-15T23:00:00Z,"Our contribution, with a comma.",grids.docx',
      ",Example University,academia,BR,,2017-10-02T10:00:00Z,Late but welcome.,",
      "Nobody,,martians,XX,not-an-address,2017-09-01T00:00:00Z,,",
      "Eve,Evil Corp,private_sector,US,eve@example.org,2017-09-01T00:00:00Z,,evil.pdf",
    ].join("\n");
    const csvPath = join(folder, "contributions.csv");
    writeFileSync(csvPath, csv);

    const first = await cli([
      "import",
      "contributions",
      csvPath,
      "--forum",
      "bpf-cyber",
      "--year",
      "2017",
      "--data",
      data,
      "--publish",
    ]);
    expect(first.stdout).toContain(
      "Imported 2 contribution(s) into Best Practice Forum on Cybersecurity 2017.",
    );
    expect(first.stdout).toMatch(/row 2: BPF-2017-0001 \(on_time\)/); // 23:00 UTC on the 15th is 11:00 AoE
    expect(first.stdout).toMatch(/row 3: BPF-2017-0002 \(late\)/);
    expect(first.stdout).toMatch(/row 4: .*stakeholder_group.*country.*email/);
    expect(first.stdout).toMatch(/row 5: “evil.pdf” .*program/);
    expect(first.stderr).toContain("Importing");
    expect(first.code).toBe(2);

    const again = await cli([
      "import",
      "contributions",
      csvPath,
      "--forum",
      "bpf-cyber",
      "--year",
      "2017",
      "--data",
      data,
    ]);
    expect(again.stdout).toContain("Imported 0 contribution(s)");
    expect(again.stdout).toContain("2 row(s) were already imported");

    const check = await openDatabase({ dataDir: data });
    try {
      const rows = await check.db.selectFrom("contributions").selectAll().orderBy("reference").execute();
      expect(rows.map((r) => [r.reference, r.status, r.channel])).toEqual([
        ["BPF-2017-0001", "published", "import"],
        ["BPF-2017-0002", "published", "import"],
      ]);
      const file = await check.db.selectFrom("contribution_files").selectAll().executeTakeFirstOrThrow();
      expect(file.extraction_status).toBe("done");
      expect(file.extracted_text).toContain("Electrical grids");
    } finally {
      await check.close();
    }

    const unknown = await cli([
      "import",
      "contributions",
      csvPath,
      "--forum",
      "nope",
      "--year",
      "2017",
      "--data",
      data,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("There is no forum “nope”");
  }, 120_000);
});
