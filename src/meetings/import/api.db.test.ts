// Importing the three seed reports through the API (multipart upload) and through the web pages.
import { Document, Packer, Paragraph } from "docx";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../auth/api-tokens.js";
import { createSession } from "../../auth/sessions.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { person, testForum } from "../test-fixtures.js";
import { parseMeetingReport } from "./parse-report.js";
import { importedStepsStatus, proposalFormValues } from "./service.js";
import { readSeed } from "./test-seeds.js";

function multipart(
  fileName: string,
  content: Buffer,
  contentType = "text/plain",
  fields: Record<string, string> = {},
) {
  const boundary = "----intersession-test-boundary";
  const fieldParts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = Buffer.from(
    fieldParts.join("") +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe("importing past summary reports through the API", () => {
  let t: TestApp;
  let secretariatToken: string;
  let memberToken: string;

  beforeAll(async () => {
    t = await createTestApp("pglite");
    const { forum } = await testForum(t.database.db);
    secretariatToken = (
      await createApiToken(t.database.db, { name: "s", role: "secretariat", forumId: forum.id })
    ).token;
    memberToken = (await createApiToken(t.database.db, { name: "m", role: "member", forumId: forum.id }))
      .token;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function upload(fileName: string, content: Buffer, token = secretariatToken) {
    const body = multipart(fileName, content);
    return t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/meetings/import",
      headers: { authorization: `Bearer ${token}`, "content-type": body.contentType },
      payload: body.payload,
    });
  }

  it("proposes Virtual Meeting IV of 2017 with its contributions and next steps", async () => {
    const seed = readSeed("000");
    const res = await upload(seed.fileName, Buffer.from(seed.text));
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect([p.kind, p.number, p.date, p.facilitator]).toEqual(["virtual", 4, "2017-09-18", "Markus Kummer"]);
    expect(p.paragraphs.map((x: { number: number }) => x.number)).toEqual([1, 2, 3]);
    expect(p.links[0].url).toContain("intgovforum.webex.com");
    expect(p.contributions).toHaveLength(17);
    expect(p.contributions[1]).toEqual({ name: "Ben Wallis", organisation: "Microsoft" });
    expect(p.next_steps.length).toBeGreaterThan(0);
    expect(p.warnings.map((w: { code: string }) => w.code)).toContain("missing_title");
  });

  it("proposes Virtual Meeting III of 2017 with 19 participants and dated next steps", async () => {
    const seed = readSeed("001");
    const res = await upload(seed.fileName, Buffer.from(seed.text));
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p.title).toBe("2017 IGF Best Practice Forum (BPF): Cybersecurity – Virtual Meeting III");
    expect([p.kind, p.number, p.date]).toEqual(["virtual", 3, "2017-08-07"]);
    expect(p.paragraphs).toHaveLength(8);
    expect(p.participants).toHaveLength(19);
    expect(p.participants[0]).toEqual({ name: "Markus Kummer", role: "Facilitator" });
    const call = p.next_steps.find((s: { text: string }) => /send out the call/i.test(s.text));
    expect(call.owner).toMatch(/Secretariat/);
    expect(call.due).toEqual({
      text: "on or around 15 August",
      date: "2017-08-15",
      precision: "on_or_around",
    });
    expect(call.status).toBe("done");
  });

  it("proposes Virtual Meeting VII of 2016 with its footnotes and the three sessions", async () => {
    const seed = readSeed("002");
    const res = await upload(seed.fileName, Buffer.from(seed.text));
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect([p.kind, p.number, p.date, p.facilitator]).toEqual(["virtual", 7, "2016-10-27", "Markus Kummer"]);
    expect(p.footnotes.length).toBeGreaterThanOrEqual(3);
    expect(p.sessions).toHaveLength(3);
  });

  it("reads a Word document too, and refuses other types, members and missing files", async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph("2017 IGF Best Practice Forum (BPF): Cybersecurity – Virtual Meeting III"),
            new Paragraph("Summary Report"),
            new Paragraph("7 August 2017"),
            new Paragraph(
              "1. The BPF held its third virtual meeting on 7 August 2017. The meeting was facilitated by Markus Kummer.",
            ),
          ],
        },
      ],
    });
    const res = await upload("vm3.docx", await Packer.toBuffer(doc));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: "virtual",
      number: 3,
      date: "2017-08-07",
      facilitator: "Markus Kummer",
    });
    expect((await upload("report.exe", Buffer.from("MZ"))).statusCode).toBe(415);
    // Plain text dressed as a Word file is named for what it is (the shared upload checks of src/files/).
    const fake = await upload("fake.docx", Buffer.from("not a zip"));
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.message).toContain("fake.docx");
    expect((await upload("report.txt", Buffer.from("x"), memberToken)).statusCode).toBe(403);
  });

  it("creates the corrected record through the meetings API", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/meetings",
      headers: { authorization: `Bearer ${secretariatToken}` },
      payload: {
        year: 2017,
        kind: "virtual",
        number: 3,
        date: "2017-08-07",
        facilitator: "Markus Kummer",
        summary: "First paragraph.\n\nSecond paragraph.",
        publish: true,
        participants: [{ name: "Markus Kummer", role: "Facilitator" }, { name: "Oscar Avila" }],
      },
    });
    expect(res.statusCode).toBe(201);
    const meeting = res.json();
    expect(meeting.slug).toBe("virtual-meeting-3");
    const got = await t.app.inject({ method: "GET", url: `/api/v1/forums/bpf-cyber/meetings/${meeting.id}` });
    expect(got.json().participants.map((p: { name: string }) => p.name)).toEqual([
      "Markus Kummer",
      "Oscar Avila",
    ]);
    const docx = await t.app.inject({
      method: "GET",
      url: "/f/bpf-cyber/2017/meetings/virtual-meeting-3/summary.docx",
    });
    expect(docx.statusCode).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(value).toContain("1. First paragraph.");
    expect(value).toContain("Markus Kummer (Facilitator)");
    const page = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/meetings/virtual-meeting-3" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Second paragraph.");
    const feed = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/meetings.atom" });
    expect(feed.headers["content-type"]).toContain("application/atom+xml");
    expect(feed.body).toContain("<title>Virtual Meeting III</title>");
  });

  it("confirms a proposal with its contributions and next steps through the API, all or nothing", async () => {
    const db = t.database.db;
    const forum = await db
      .selectFrom("forums")
      .selectAll()
      .where("slug", "=", "bpf-cyber")
      .executeTakeFirstOrThrow();
    await person(db, forum.id, {
      email: "mia@example.org",
      name: "Mia Member",
      role: "member",
    });
    const seed = readSeed("000");
    const proposal = (await upload(seed.fileName, Buffer.from(seed.text))).json();
    const body = {
      year: 2017,
      kind: proposal.kind,
      number: proposal.number,
      date: proposal.date,
      facilitator: proposal.facilitator,
      summary: "A paragraph.",
      contributions: proposal.contributions,
      next_steps: [
        {
          text: "Circulate the draft",
          owner: "mia member",
          due: "the week of 9 October",
          status: "open",
        },
        {
          text: "Publish the output",
          owner: "the Secretariat",
          due: { text: "on or around 15 October", date: "2017-10-15", precision: "on_or_around" },
        },
      ],
    };
    const post = (payload: object) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/forums/bpf-cyber/meetings",
        headers: { authorization: `Bearer ${secretariatToken}` },
        payload,
      });
    const count = async () =>
      Number(
        (
          await db
            .selectFrom("meetings")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    // A bad date on the second step: neither the meeting nor the first step is left behind.
    const bad = await post({
      ...body,
      next_steps: [body.next_steps[0], { text: "x", due: { text: "soon", date: "2017-13-45" } }],
    });
    expect(bad.statusCode).toBe(422);
    expect(await count()).toBe(before);

    const res = await post(body);
    expect(res.statusCode).toBe(201);
    const meeting = res.json();
    expect(meeting.contributions_annex.split("\n")).toHaveLength(17);
    expect(meeting.contributions_annex).toContain("Ben Wallis / Microsoft");
    const got = (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/forums/bpf-cyber/meetings/${meeting.id}`,
        headers: { authorization: `Bearer ${secretariatToken}` },
      })
    ).json();
    const [circulate, publish] = got.next_steps;
    expect(circulate).toMatchObject({
      text: "Circulate the draft",
      owner_text: "",
      due_date: "2017-10-09",
      due_precision: "week_of",
      status: "open",
    });
    expect(circulate.owner_user_id).not.toBeNull();
    // No status given, and the meeting of 2017 is past: done.
    expect(publish).toMatchObject({
      owner_user_id: null,
      owner_text: "the Secretariat",
      due_text: "on or around 15 October",
      due_date: "2017-10-15",
      due_precision: "on_or_around",
      status: "done",
    });
    const page = await t.app.inject({ method: "GET", url: `/f/bpf-cyber/2017/meetings/${meeting.slug}` });
    expect(page.body).toContain("Ben Wallis / Microsoft");
  });
});

describe("importing a past report through the web pages", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows the proposal with its warnings, then creates meeting, summary, participants and next steps", async () => {
    const db = t.database.db;
    const { forum } = await testForum(db);
    const secretariat = await person(db, forum.id, {
      email: "sec@example.org",
      name: "Sam",
      role: "secretariat",
    });
    const { cookieValue } = await createSession(db, { userId: secretariat.userId, now: new Date() });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    expect((await agent.get("/f/bpf-cyber/2017/meetings/import")).statusCode).toBe(200);
    const seed = readSeed("001");
    const body = multipart(seed.fileName, Buffer.from(seed.text), "text/plain", {
      _csrf: agent.cookies.get("csrf")!,
    });
    const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const forged = await t.app.inject({
      method: "POST",
      url: "/f/bpf-cyber/2017/meetings/import",
      headers: { cookie, "content-type": body.contentType },
      payload: multipart(seed.fileName, Buffer.from(seed.text)).payload,
    });
    expect(forged.statusCode).toBe(403);
    const review = await t.app.inject({
      method: "POST",
      url: "/f/bpf-cyber/2017/meetings/import",
      headers: { cookie, "content-type": body.contentType },
      payload: body.payload,
    });
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain("Check the meeting record");
    expect(review.body).toContain("things to check");
    expect(review.body).toContain("Markus Kummer (Facilitator)");
    // A report of 2017 read in 2026: its next steps are offered as already done.
    expect(review.body).toMatch(
      /<input type="radio" id="field-next_steps_status" name="next_steps_status" value="done" checked/,
    );
    expect(review.body).toContain("Already done");
    const values = proposalFormValues(
      parseMeetingReport(seed.text, { fileName: seed.fileName }),
      "Europe/Zurich",
      new Date(),
    );
    expect(values.next_steps_status).toBe("done");
    const created = await agent.post("/f/bpf-cyber/2017/meetings/import/confirm", {
      ...values,
      file_name: seed.fileName,
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe("/f/bpf-cyber/2017/meetings/virtual-meeting-3?done=imported");
    const page = await agent.get("/f/bpf-cyber/2017/meetings/virtual-meeting-3");
    expect(page.body).toContain("Virtual Meeting III");
    expect(page.body).toContain("on or around 15 August");
    expect(page.body).toContain("Timea Suto");
    const steps = await db.selectFrom("action_items").select("status").execute();
    expect(steps.length).toBeGreaterThan(0);
    expect(new Set(steps.map((x) => x.status))).toEqual(new Set(["done"]));
  });

  it("keeps the next steps open when the secretariat says they still are", async () => {
    const db = t.database.db;
    const forum = await db.selectFrom("forums").selectAll().executeTakeFirstOrThrow();
    const secretariat = await person(db, forum.id, {
      email: "s3@example.org",
      name: "Sol",
      role: "secretariat",
    });
    const { cookieValue } = await createSession(db, { userId: secretariat.userId, now: new Date() });
    const agent = new TestAgent(t.app);
    agent.cookies.set("session", cookieValue);
    const seed = readSeed("000");
    const values = proposalFormValues(
      parseMeetingReport(seed.text, { fileName: seed.fileName }),
      "Europe/Zurich",
      new Date(),
    );
    const wrong = await agent.post("/f/bpf-cyber/2017/meetings/import/confirm", {
      ...values,
      next_steps_status: "someday",
      file_name: seed.fileName,
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain("Choose whether these next steps are already done or still open.");
    const created = await agent.post("/f/bpf-cyber/2017/meetings/import/confirm", {
      ...values,
      next_steps_status: "open",
      file_name: seed.fileName,
    });
    expect(created.statusCode).toBe(303);
    const meeting = await db
      .selectFrom("meetings")
      .select("id")
      .where("number", "=", 4)
      .executeTakeFirstOrThrow();
    const steps = await db
      .selectFrom("action_items")
      .select("status")
      .where("meeting_id", "=", meeting.id)
      .execute();
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((x) => x.status === "open")).toBe(true);
  });
});

describe("the status imported next steps start with", () => {
  it("is done for a meeting before today in the forum's zone, open from today on", () => {
    const now = new Date("2017-08-07T23:30:00Z");
    expect(importedStepsStatus("2017-08-06", now, "UTC")).toBe("done");
    expect(importedStepsStatus("2017-08-07", now, "UTC")).toBe("open");
    expect(importedStepsStatus("2017-09-18", now, "UTC")).toBe("open");
    // Already 8 August in Tokyo.
    expect(importedStepsStatus("2017-08-07", now, "Asia/Tokyo")).toBe("done");
    expect(importedStepsStatus(null, now, "UTC")).toBe("open");
  });
});
