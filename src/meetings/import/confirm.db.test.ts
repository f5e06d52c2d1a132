// Confirming an imported report is one change: a failure midway leaves nothing behind; a numbering gap is kept as found.
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { person, testForum } from "../test-fixtures.js";
import { parseMeetingReport } from "./parse-report.js";
import { confirmImport, parseNextStepLines, proposalFormValues } from "./service.js";
import { readSeed } from "./test-seeds.js";

describe("confirming an import that fails midway", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("leaves no meeting, summary or annex behind, and succeeds when confirmed again", async () => {
    const db = t.database.db;
    const { forum, cycle2017: cycle } = await testForum(db);
    const secretariat = await person(db, forum.id, {
      email: "s2@example.org",
      name: "Sam",
      role: "secretariat",
    });
    const actor = {
      kind: "user" as const,
      userId: secretariat.userId,
      name: "Sam",
      email: "s2@example.org",
      isSiteAdmin: false,
    };
    const seed = readSeed("001");
    const values = proposalFormValues(
      parseMeetingReport(seed.text, { fileName: seed.fileName }),
      "Europe/Zurich",
      new Date(),
    );
    expect(parseNextStepLines(values.next_steps ?? "").length).toBeGreaterThan(0);
    // The database goes away while the next steps are written: after the meeting, summary and annex.
    const failing = db.withPlugin({
      transformQuery(args) {
        const node = args.node as { kind: string; into?: { table: { identifier: { name: string } } } };
        if (node.kind === "InsertQueryNode" && node.into?.table.identifier.name === "action_items")
          throw new Error("connection lost");
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    });
    const confirm = (on: typeof db) =>
      confirmImport(on, {
        actor,
        forumId: forum.id,
        cycleId: cycle.id,
        values,
        fileName: seed.fileName,
        now: new Date(),
      });
    await expect(confirm(failing)).rejects.toThrow("connection lost");
    const count = async (table: "meetings" | "meeting_attendance" | "action_items") =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count("meetings")).toBe(0);
    expect(await count("meeting_attendance")).toBe(0);
    const meeting = await confirm(db);
    expect(meeting.slug).toBe("virtual-meeting-3");
    expect(await count("meetings")).toBe(1);
    expect(await count("meeting_attendance")).toBe(19);
    expect(await count("action_items")).toBe(parseNextStepLines(values.next_steps ?? "").length);
  });
});

describe("confirming an import numbered with a gap", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps the original paragraph numbers on the page, in the .docx and in the feed", async () => {
    const db = t.database.db;
    const { forum, cycle2017: cycle } = await testForum(db);
    const secretariat = await person(db, forum.id, {
      email: "s4@example.org",
      name: "Sam",
      role: "secretariat",
    });
    const text = [
      "2017 IGF Best Practice Forum (BPF): Cybersecurity – Virtual Meeting III",
      "Summary Report",
      "7 August 2017",
      "",
      "1. The BPF held its third virtual meeting on 7 August 2017. The meeting was facilitated by Markus Kummer.",
      "",
      "2. Participants discussed the outline of the paper.",
      "",
      "4. The next call will be announced on the mailing list.",
      "",
    ].join("\n");
    const values = proposalFormValues(
      parseMeetingReport(text, { fileName: "vm3.txt" }),
      "Europe/Zurich",
      new Date(),
    );
    const meeting = await confirmImport(db, {
      actor: secretariat,
      forumId: forum.id,
      cycleId: cycle.id,
      values,
      fileName: "vm3.txt",
      now: new Date(),
    });
    const page = await t.app.inject({ method: "GET", url: `/f/bpf-cyber/2017/meetings/${meeting.slug}` });
    expect(page.body.match(/<li value="(\d+)"/g)).toEqual([
      '<li value="1"',
      '<li value="2"',
      '<li value="4"',
    ]);
    const docx = await t.app.inject({
      method: "GET",
      url: `/f/bpf-cyber/2017/meetings/${meeting.slug}/summary.docx`,
    });
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(value).toContain("4. The next call will be announced");
    expect(value).not.toContain("3. The next call");
    const feed = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/meetings.atom" });
    expect(feed.body).toContain("4. The next call will be announced");
  });
});
