// The command line's `intersession import meeting`: the same import as the API, from a file on disk.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/database.js";
import { migrateToLatest } from "../../db/migrate.js";
import { runCli as cli } from "../../test-support/cli.js";
import { testForum } from "../test-fixtures.js";
import { readSeed } from "./test-seeds.js";

describe("intersession import meeting", () => {
  it("prints the proposal and its warnings, and creates the meeting with --confirm", async () => {
    const data = mkdtempSync(join(tmpdir(), "intersession-import-"));
    const database = await openDatabase({ dataDir: data });
    await migrateToLatest(database.db);
    await testForum(database.db);
    await database.close();
    const seed = readSeed("001");
    const file = join(data, seed.fileName);
    writeFileSync(file, seed.text);

    const dry = await cli([
      "import",
      "meeting",
      file,
      "--forum",
      "bpf-cyber",
      "--year",
      "2017",
      "--data",
      data,
    ]);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Kind:         virtual III (3)");
    expect(dry.stdout).toContain("Date:         2017-08-07");
    expect(dry.stdout).toContain("Participants: 19");
    expect(dry.stdout).toContain("Warnings (");
    expect(dry.stdout).toContain("Nothing was saved");

    const wrong = await cli(["import", "meeting", file, "--forum", "nope", "--year", "2017", "--data", data]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("There is no forum");

    const done = await cli([
      "import",
      "meeting",
      file,
      "--forum",
      "bpf-cyber",
      "--year",
      "2017",
      "--data",
      data,
      "--confirm",
    ]);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain("Created /f/bpf-cyber/2017/meetings/virtual-meeting-3");
    expect(done.stdout).toContain("Next steps saved as done.");

    // Importing it again into 2017: warned in the proposal, refused on --confirm with the existing meeting named.
    const twice = await cli([
      ...["import", "meeting", file, "--forum", "bpf-cyber", "--data", data],
      "--year",
      "2017",
      "--confirm",
    ]);
    expect(twice.stdout).toContain(
      "! duplicate_meeting: This cycle already has Virtual Meeting III (2017-08-07): http://localhost:3000/f/bpf-cyber/2017/meetings/virtual-meeting-3",
    );
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("This cycle already has Virtual Meeting III (2017-08-07)");
    // Into 2016: warned, and created there only with --other-year.
    const into2016 = [
      "import",
      "meeting",
      file,
      "--forum",
      "bpf-cyber",
      "--data",
      data,
      "--year",
      "2016",
      "--confirm",
    ];
    const refused = await cli(into2016);
    expect(refused.stdout).toContain(
      "! year_mismatch: The report is dated 2017-08-07, but this is the 2016 cycle.",
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--other-year");
    const told = await cli([...into2016, "--other-year"]);
    expect(told.code).toBe(0);
    expect(told.stdout).toContain("Created /f/bpf-cyber/2016/meetings/virtual-meeting-3");

    const check = await openDatabase({ dataDir: data });
    try {
      const meeting = await check.db
        .selectFrom("meetings")
        .selectAll()
        .orderBy("created_at")
        .executeTakeFirstOrThrow();
      expect([meeting.kind, meeting.number, meeting.date, meeting.facilitator]).toEqual([
        "virtual",
        3,
        "2017-08-07",
        "Markus Kummer",
      ]);
      expect(meeting.summary_published_at).not.toBeNull();
      const people = await check.db
        .selectFrom("meeting_attendance")
        .select("name")
        .where("meeting_id", "=", meeting.id)
        .execute();
      expect(people).toHaveLength(19);
      const steps = await check.db
        .selectFrom("action_items")
        .selectAll()
        .where("meeting_id", "=", meeting.id)
        .orderBy("position")
        .execute();
      const call = steps.find((s) => /send out the call/i.test(s.text));
      expect([call?.due_date, call?.due_precision, call?.status]).toEqual([
        "2017-08-15",
        "on_or_around",
        "done",
      ]);
    } finally {
      await check.close();
    }
  }, 360_000);
});
