import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { createSession } from "../../auth/sessions.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { saveCall } from "../call/service.js";
import { personWithRole, seedForum } from "../test-fixtures.js";
import { callRecipientsWithStatus } from "./service.js";

/** A multipart body with fields and one CSV file, as a browser sends the upload form. */
function csvUpload(fields: Record<string, string>, csv: string) {
  const boundary = "----calls-csv-test";
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="csv"; filename="list.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
  );
  return {
    payload: Buffer.from(`${parts.join("")}--${boundary}--\r\n`),
    "content-type": `multipart/form-data; boundary=${boundary}`,
  };
}

describe.each(testEngines)("uploading a CSV of recipients on %s", (engine) => {
  let t: TestApp;
  let scope: Awaited<ReturnType<typeof seedForum>>;
  let secretariat: Actor & { kind: "user" };
  let agent: TestAgent;
  const now = new Date("2017-08-10T12:00:00Z");
  const url = "/f/bpf-cyber/2017/call/recipients/csv";

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(now);
    const db = t.database.db;
    scope = await seedForum(db);
    secretariat = await personWithRole(db, scope.forum.id, "secretariat", "sec@example.org", "Eleni Sec");
    await saveCall(db, {
      actor: secretariat,
      forum: scope.forum,
      cycle: scope.cycle,
      now,
      input: { message: "Please contribute.", overview: "", reading: "" },
    });
    agent = new TestAgent(t.app);
    agent.cookies.set("session", (await createSession(db, { userId: secretariat.userId, now })).cookieValue);
    await agent.get("/f/bpf-cyber/2017/call/send");
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = async (csv: string, tags: string) => {
    const body = csvUpload({ _csrf: agent.cookies.get("csrf") ?? "", tags }, csv);
    return t.app.inject({
      method: "POST",
      url,
      payload: body.payload,
      headers: {
        "content-type": body["content-type"],
        cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
  };
  const emails = async () =>
    (
      await callRecipientsWithStatus(t.database.db, {
        actor: secretariat,
        forum: scope.forum,
        cycle: scope.cycle,
      })
    ).recipients.map((r) => [r.recipient.email, r.recipient.tags]);

  it("adds nobody while a row is wrong, names the row's line beside the field, and keeps the tags typed", async () => {
    const csv = '\uFEFFName,E-mail\n"Diallo, Amina",amina@example.org\n\nBroken Row,not-an-address\n';
    const res = await upload(csv, "NRI, Africa");
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="field-csv-problems"');
    expect(res.body).toContain("Line 4 (“Broken Row,not-an-address”): the e-mail address is not valid");
    expect(res.body).toMatch(/<input[^>]*name="tags"[^>]*value="NRI, Africa"/);
    expect(await emails()).toEqual([]);
  });

  it("adds every row once the file is right, with the tags typed", async () => {
    const res = await upload('Name,E-mail\r\n"Diallo, Amina",amina@example.org\r\n', "NRI, Africa");
    expect(res.statusCode).toBe(303);
    expect(await emails()).toEqual([["amina@example.org", ["nri", "africa"]]]);
  });

  it("refuses a member before reading the upload", async () => {
    const member = await personWithRole(t.database.db, scope.forum.id, "member", "m@example.org", "Mo");
    const other = new TestAgent(t.app);
    other.cookies.set(
      "session",
      (await createSession(t.database.db, { userId: member.userId, now })).cookieValue,
    );
    await other.get("/healthz");
    const body = csvUpload({ _csrf: other.cookies.get("csrf") ?? "" }, "email\nx@example.org\n");
    const res = await t.app.inject({
      method: "POST",
      url,
      payload: body.payload,
      headers: {
        "content-type": body["content-type"],
        cookie: [...other.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    expect(res.statusCode).toBe(403);
  });
});
