// Importing a past report against what the cycle already holds: a meeting the cycle already has (same kind
// and number, or same date) is warned about at review and refused with 409 when confirmed; a report from
// another year is warned about and needs an explicit choice. On the pages, in the API and its proposal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createApiToken } from "../../auth/api-tokens.js";
import { createSession } from "../../auth/sessions.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { createMeeting } from "../meetings/service.js";
import { person, testForum } from "../test-fixtures.js";
import { parseMeetingReport } from "./parse-report.js";
import { proposalFormValues } from "./service.js";
import { readSeed } from "./test-seeds.js";

function multipart(fileName: string, content: Buffer, fields: Record<string, string> = {}) {
  const boundary = "----intersession-checks-boundary";
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = Buffer.from(
    `${parts.join("")}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe.each(testEngines)(
  "importing a report the cycle already has, or from another year, on %s",
  (engine) => {
    let t: TestApp;
    let agent: TestAgent;
    let token: string;
    let secretariat: Actor & { kind: "user" };
    const seed = readSeed("001");
    const values = proposalFormValues(
      parseMeetingReport(seed.text, { fileName: seed.fileName }),
      "Europe/Zurich",
      new Date("2026-03-01T00:00:00Z"),
    );
    const db = () => t.database.db;
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom("meetings")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const review = (year: number) => {
      const body = multipart(seed.fileName, Buffer.from(seed.text), { _csrf: agent.cookies.get("csrf")! });
      return t.app.inject({
        method: "POST",
        url: `/f/bpf-cyber/${year}/meetings/import`,
        headers: {
          cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
          "content-type": body.contentType,
        },
        payload: body.payload,
      });
    };
    const api = (method: "POST", url: string, payload: object | Buffer, contentType?: string) =>
      t.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(contentType ? { "content-type": contentType } : {}),
        },
        payload,
      });

    beforeAll(async () => {
      t = await createTestApp(engine);
      const { forum, cycle2017 } = await testForum(db());
      secretariat = await person(db(), forum.id, {
        email: "sec@example.org",
        name: "Sam Secretariat",
        role: "secretariat",
      });
      // The cycle already has Virtual Meeting III of 7 August 2017, entered by hand.
      await createMeeting(db(), {
        actor: secretariat,
        forumId: forum.id,
        cycleId: cycle2017.id,
        input: { kind: "virtual", number: 3, date: "2017-08-07", time_zone: "Europe/Zurich" },
      });
      agent = new TestAgent(t.app);
      agent.cookies.set(
        "session",
        (await createSession(db(), { userId: secretariat.userId, now: new Date() })).cookieValue,
      );
      await agent.get("/healthz");
      token = (await createApiToken(db(), { name: "s", role: "secretariat", forumId: forum.id })).token;
    });
    afterAll(async () => {
      await t?.close();
    });

    it("warns at review that the cycle already has the meeting, and refuses the confirmed duplicate with 409", async () => {
      const page = await review(2017);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(
        "This cycle already has \u2068Virtual Meeting III\u2069, dated August 7, 2017: importing this report would record it twice.",
      );
      expect(page.body).toContain('href="/f/bpf-cyber/2017/meetings/virtual-meeting-3"');
      const before = await count();
      const confirmed = await agent.post("/f/bpf-cyber/2017/meetings/import/confirm", {
        ...values,
        file_name: seed.fileName,
      });
      expect(confirmed.statusCode).toBe(409);
      expect(confirmed.body).toContain(
        "This cycle already has \u2068Virtual Meeting III\u2069 (August 7, 2017).",
      );
      expect(confirmed.body).toContain('href="/f/bpf-cyber/2017/meetings/virtual-meeting-3"');
      // What was typed is kept.
      expect(confirmed.body).toContain("Markus Kummer (Facilitator)");
      expect(await count()).toBe(before);
      // Another meeting on the same day is the same record, whatever its number says.
      const sameDay = await agent.post("/f/bpf-cyber/2017/meetings/import/confirm", {
        ...values,
        number: "9",
        file_name: seed.fileName,
      });
      expect(sameDay.statusCode).toBe(409);
      expect(await count()).toBe(before);
    });

    it("warns that a 2017 report is going into the 2016 cycle, and imports it there only when told to", async () => {
      const page = await review(2016);
      expect(page.body).toContain("The report is dated August 7, 2017, but this is the 2016 cycle.");
      expect(page.body).toContain('formaction="/f/bpf-cyber/2017/meetings/import/confirm"');
      expect(page.body).toContain("Import it into the 2016 cycle anyway");
      const before = await count();
      const refused = await agent.post("/f/bpf-cyber/2016/meetings/import/confirm", {
        ...values,
        file_name: seed.fileName,
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain(
        "The report is not from this cycle’s year: tick “Import it into the 2016 cycle anyway”, or import it into its own year’s cycle.",
      );
      expect(await count()).toBe(before);
      const created = await agent.post("/f/bpf-cyber/2016/meetings/import/confirm", {
        ...values,
        other_year: "yes",
        file_name: seed.fileName,
      });
      expect(created.statusCode).toBe(303);
      expect(created.headers.location).toBe("/f/bpf-cyber/2016/meetings/virtual-meeting-3?done=imported");
      const audit = await db()
        .selectFrom("audit_log")
        .select("after")
        .where("action", "=", "meeting.create")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(audit.after).toMatchObject({ date: "2017-08-07", other_year: true });
    });

    it("says the same in the API's proposal, refuses the duplicate with 409 and takes the year only when told", async () => {
      const body = multipart(seed.fileName, Buffer.from(seed.text));
      const into2017 = await api(
        "POST",
        "/api/v1/forums/bpf-cyber/meetings/import?year=2017",
        body.payload,
        body.contentType,
      );
      expect(into2017.statusCode).toBe(201);
      const duplicate = into2017
        .json()
        .warnings.find((w: { code: string }) => w.code === "duplicate_meeting");
      expect(duplicate.message).toBe(
        "This cycle already has Virtual Meeting III (2017-08-07): http://localhost:3000/f/bpf-cyber/2017/meetings/virtual-meeting-3",
      );
      expect(duplicate.meeting_url).toBe("http://localhost:3000/f/bpf-cyber/2017/meetings/virtual-meeting-3");
      const into2016 = await api(
        "POST",
        "/api/v1/forums/bpf-cyber/meetings/import?year=2016",
        body.payload,
        body.contentType,
      );
      const codes = into2016.json().warnings.map((w: { code: string }) => w.code);
      expect(codes).toContain("year_mismatch");

      const record = { kind: "virtual", number: 3, date: "2017-08-07", facilitator: "Markus Kummer" };
      const again = await api("POST", "/api/v1/forums/bpf-cyber/meetings", { year: 2017, ...record });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toContain("This cycle already has Virtual Meeting III (2017-08-07)");
      expect(again.json().error.message).toContain(
        "http://localhost:3000/f/bpf-cyber/2017/meetings/virtual-meeting-3",
      );
      const informal = { ...record, kind: "informal", number: 1, date: "2017-03-14" };
      const wrongYear = await api("POST", "/api/v1/forums/bpf-cyber/meetings", { year: 2016, ...informal });
      expect(wrongYear.statusCode).toBe(422);
      expect(wrongYear.json().error.fields).toEqual({ other_year: expect.any(String) });
      const told = await api("POST", "/api/v1/forums/bpf-cyber/meetings", {
        year: 2016,
        ...informal,
        allow_other_year: true,
      });
      expect(told.statusCode).toBe(201);
    });
  },
);
