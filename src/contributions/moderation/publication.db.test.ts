// Moderation, publication and reading: roles per service, mail import, extraction and search, the list,
// the annex (read back with mammoth), feeds and the sender's private link.
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import { buildDocx } from "../../files/test-fixtures.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { contributorEmailsForCycle } from "../contributors.js";
import { importMail } from "../import/email.js";
import { privatePath, verificationCode } from "../links.js";
import { fileStoreFor } from "../storage.js";
import { emptyDetails } from "../submit/details.js";
import { uploadLimits } from "../submit/intake.js";
import { saveContribution } from "../submit/service.js";
import { completeFields, FormVisitor, multipart, seedTestForum, tokenFor } from "../test-support.js";
import { hideContribution, publishContribution, setAutoPublish, withdrawAsSecretariat } from "./service.js";

const eml = (date: string, attachment?: Buffer) => {
  const boundary = "b1";
  const parts = [
    `From: "Ana Pérez" <ana@example.net>\r\nTo: bpf@example.org\r\nSubject: Contribution to the BPF\r\nDate: ${date}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n`,
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find our contribution on critical infrastructure attached.\r\n`,
  ];
  if (attachment)
    parts.push(
      `--${boundary}\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="input.docx"\r\nContent-Disposition: attachment; filename="input.docx"\r\nContent-Transfer-Encoding: base64\r\n\r\n${attachment.toString("base64").replace(/.{76}/g, "$&\r\n")}\r\n`,
    );
  parts.push(`--${boundary}--\r\n`);
  return Buffer.from(parts.join(""));
};

describe.each(testEngines)("publication and moderation (%s)", (engine) => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  let secretariatToken: string;
  let memberToken: string;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };
  const member: Actor = { kind: "token", tokenId: "m", name: "mem", role: "member", forumId: null };
  const anonymous: Actor = { kind: "anonymous" };
  const deps = () => ({
    db: t.database.db,
    now: new Date("2017-09-20T00:00:00Z"),
    secret: t.app.services.secret,
    publicUrl: "http://localhost",
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    ids = await seedTestForum(t.database.db);
    secretariatToken = await tokenFor(t.database.db, "secretariat", ids.forum.id);
    memberToken = await tokenFor(t.database.db, "member", ids.forum.id);
    t.setNow(new Date("2017-09-10T10:00:00Z"));
  });
  afterAll(async () => {
    await t?.close();
  });

  async function apiSubmit(
    fields: Record<string, string>,
    files: { field: string; name: string; bytes: Buffer }[] = [],
  ) {
    const body = multipart(
      completeFields(fields).map(([k, v]) => [k === "body_text" ? "text" : k, v]),
      files,
    );
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions",
      payload: body.payload,
      headers: body.headers,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string; timeliness: string; status: string };
  }

  it("refuses moderation to members and anonymous visitors, service by service", async () => {
    const { id } = await apiSubmit({ email: "roles@example.org" });
    for (const actor of [member, anonymous]) {
      const expected = actor.kind === "anonymous" ? "unauthorized" : "forbidden";
      await expect(publishContribution(deps(), { actor, contributionId: id })).rejects.toMatchObject({
        code: expected,
      });
      await expect(
        hideContribution(deps(), { actor, contributionId: id, reason: "x" }),
      ).rejects.toMatchObject({ code: expected });
      await expect(
        withdrawAsSecretariat(deps(), { actor, contributionId: id, reason: "x" }),
      ).rejects.toMatchObject({ code: expected });
      await expect(
        setAutoPublish(deps(), { actor, forumId: ids.forum.id, cycleId: ids.cycle2017.id, on: true }),
      ).rejects.toMatchObject({ code: expected });
      await expect(
        importMail(
          { ...deps(), store: fileStoreFor(t.config.dataDir), limits: uploadLimits(t.config) },
          { actor, forum: ids.forum, cycle: ids.cycle2017, bytes: eml("Fri, 15 Sep 2017 10:00:00 +0000") },
        ),
      ).rejects.toMatchObject({ code: expected });
      await expect(
        saveContribution(deps(), {
          actor,
          forum: ids.forum,
          cycle: ids.cycle2017,
          details: emptyDetails(),
          uploads: [],
          action: "draft",
          channel: "import",
          receivedAt: new Date("2017-09-01T00:00:00Z"),
          keepDraftOnError: true,
        }),
      ).rejects.toMatchObject({ code: expected });
    }
    const api = await t.app.inject({
      method: "POST",
      url: `/api/v1/contributions/${id}/publish`,
      headers: { authorization: `Bearer ${memberToken}` },
    });
    expect(api.statusCode).toBe(403);
    const page = await new FormVisitor(t.app).get("/f/bpf-cyber/2017/contributions/manage");
    expect(page.statusCode).toBe(303);
  });

  it("extracts a document's text in the background, makes it searchable and shows it by API after publication", async () => {
    const docx = await buildDocx(
      [
        "Electrical grids and transport networks are critical infrastructure, and their protection depends on cooperation between operators, governments and the technical community.",
        "We propose that national teams share information about incidents through trusted channels, and that the forum documents the practices that work in developing countries.",
      ],
      {
        heading: "Critical infrastructure",
      },
    );
    const { id, reference } = await apiSubmit({ email: "grid@example.org", body_text: "" }, [
      { field: "main", name: "grid.docx", bytes: docx },
    ]);
    const hidden = await t.app.inject({ method: "GET", url: `/api/v1/contributions/${id}` });
    expect(hidden.statusCode).toBe(404);
    await t.app.services.jobs.runUntilIdle();
    const published = await t.app.inject({
      method: "POST",
      url: `/api/v1/contributions/${id}/publish`,
      headers: { authorization: `Bearer ${secretariatToken}` },
    });
    expect(published.json()).toMatchObject({ reference, status: "published" });
    const detail = (await t.app.inject({ method: "GET", url: `/api/v1/contributions/${id}` })).json();
    expect(detail.files[0]).toMatchObject({
      name: "grid.docx",
      detected_type: "docx",
      extraction_status: "done",
    });
    expect(detail.files[0].extracted_text).toContain("transport networks");
    expect(detail.language).toBe("en");
    const found = (
      await t.app.inject({
        method: "GET",
        url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions?q=electrical grids",
      })
    ).json();
    expect(found.items.map((i: { reference: string }) => i.reference)).toEqual([reference]);
    const page = await t.app.inject({ method: "GET", url: `/f/bpf-cyber/2017/contributions/${reference}` });
    expect(page.body).toContain("transport networks");
    const fileId = detail.files[0].id;
    const download = await t.app.inject({
      method: "GET",
      url: `/f/bpf-cyber/2017/contributions/${reference}/files/${fileId}`,
    });
    expect(download.headers["content-disposition"]).toMatch(/^attachment; filename="grid.docx"/);
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
    expect(download.rawPayload.equals(docx)).toBe(true);
  });

  it("turns a .eml into a draft dated by its Date header, which the secretariat confirms", async () => {
    const docx = await buildDocx(["Our view on the Internet's own critical infrastructure."]);
    const report = await importMail(
      { ...deps(), store: fileStoreFor(t.config.dataDir), limits: uploadLimits(t.config) },
      {
        actor: secretariat,
        forum: ids.forum,
        cycle: ids.cycle2017,
        bytes: eml("Sat, 16 Sep 2017 13:00:00 +0000", docx),
      },
    );
    expect(report.created).toHaveLength(1);
    const draft = report.created[0]!;
    expect(draft).toMatchObject({
      status: "draft",
      channel: "email",
      email: "ana@example.net",
      contributor_name: "Ana Pérez",
      received_source: "mail_date",
    });
    expect(draft.received_at?.toISOString()).toBe("2017-09-16T13:00:00.000Z");
    const files = await t.database.db
      .selectFrom("contribution_files")
      .selectAll()
      .where("contribution_id", "=", draft.id)
      .execute();
    expect(files.map((f) => f.file_name)).toEqual(["input.docx"]);
    // The secretariat completes the details and confirms; the mail's date decides timeliness: 13:00 UTC on 16 Sep is 01:00 on 16 Sep AoE, after the soft deadline.
    const confirmed = await saveContribution(deps(), {
      actor: secretariat,
      forum: ids.forum,
      cycle: ids.cycle2017,
      contributionId: draft.id,
      details: {
        ...emptyDetails(),
        contributor_name: "Ana Pérez",
        email: "ana@example.net",
        stakeholder_group: "government",
        country: "AR",
        consent: "with_name",
        body_text: draft.body_text,
      },
      uploads: [],
      action: "submit",
      channel: "email",
      keepDraftOnError: false,
    });
    expect(confirmed.outcome).toBe("submitted");
    expect(confirmed.contribution.timeliness).toBe("guaranteed");
    expect(confirmed.contribution.received_at?.toISOString()).toBe("2017-09-16T13:00:00.000Z");
  });

  it("lets the sender verify, edit and withdraw through the private link; auto-publication follows verification", async () => {
    await setAutoPublish(deps(), {
      actor: secretariat,
      forumId: ids.forum.id,
      cycleId: ids.cycle2017.id,
      on: true,
    });
    const { id } = await apiSubmit({ email: "auto@example.org", body_text: "First version." });
    const path = privatePath(t.app.services.secret, id);
    const visitor = new FormVisitor(t.app);
    const wrong = await visitor.get(`${path.slice(0, -3)}xyz`);
    expect(wrong.statusCode).toBe(404);
    const verified = await visitor.get(
      `${path}?v=${verificationCode(t.app.services.secret, id, "auto@example.org")}`,
    );
    expect(verified.body).toContain("your address is confirmed");
    let row = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("published");
    const edit = await visitor.postForm(
      path,
      completeFields({ email: "auto@example.org", body_text: "Second version." }),
    );
    expect(edit.statusCode).toBe(303);
    row = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ body_text: "Second version.", edit_count: 1, status: "published" });
    await setAutoPublish(deps(), {
      actor: secretariat,
      forumId: ids.forum.id,
      cycleId: ids.cycle2017.id,
      on: false,
    });
    expect((await contributorEmailsForCycle(t.database.db, ids.cycle2017.id)).has("auto@example.org")).toBe(
      true,
    );
    const res = await t.app.inject({
      method: "POST",
      url: `${path}/withdraw`,
      payload: `_csrf=${visitor.cookies.get("csrf")}&confirm=yes&reason=Sent+by+mistake`,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `csrf=${visitor.cookies.get("csrf")}`,
      },
    });
    expect(res.statusCode).toBe(303);
    expect((await contributorEmailsForCycle(t.database.db, ids.cycle2017.id)).has("auto@example.org")).toBe(
      false,
    );
  });

  it("lists published contributions with filters and last year's count, and annexes them as HTML and .docx", async () => {
    const a = await apiSubmit({
      email: "gov@example.org",
      stakeholder_group: "government",
      country: "KE",
      contributor_name: "Ben Okoth",
      organisation: "Example Ministry",
    });
    const b = await apiSubmit({
      email: "acad@example.org",
      stakeholder_group: "academia",
      country: "FR",
      consent: "anonymous",
    });
    for (const c of [a, b]) await publishContribution(deps(), { actor: secretariat, contributionId: c.id });
    const list = await t.app.inject({
      method: "GET",
      url: "/f/bpf-cyber/2017/contributions?stakeholder_group=government",
    });
    expect(list.body).toContain(a.reference);
    expect(list.body).not.toContain(b.reference);
    expect(list.body).toMatch(/2016: no contributions/);
    const byRegion = await t.app.inject({
      method: "GET",
      url: "/f/bpf-cyber/2017/contributions?region=africa&timeliness=on_time",
    });
    expect(byRegion.body).toContain(a.reference);
    const annex = await t.app.inject({
      method: "GET",
      url: "/f/bpf-cyber/2017/contributions/annex?date=2017-09-30",
    });
    expect(annex.body).toContain("<bdi>Ben Okoth</bdi> / <bdi>Example Ministry</bdi>");
    expect(annex.body).toContain("Anonymous contributor (Academia, France)");
    const docx = await t.app.inject({
      method: "GET",
      url: "/f/bpf-cyber/2017/contributions/annex.docx?date=2017-09-30",
    });
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(value).toContain("Contributions as of September 30, 2017");
    expect(value).toContain("Ben Okoth / Example Ministry");
    const csv = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions.csv" });
    expect(csv.body.split("\r\n")[0]).toContain("reference,contributor_name");
    expect(csv.body).not.toContain("acad@example.org");
    const json = (await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions.json" })).json();
    expect(json.contributions.find((c: { reference: string }) => c.reference === b.reference)).toMatchObject({
      anonymous: true,
      contributor_name: null,
    });
    const atom = await t.app.inject({ method: "GET", url: "/f/bpf-cyber/2017/contributions.atom" });
    expect(atom.headers["content-type"]).toContain("application/atom+xml");
    expect(atom.body).toContain(a.reference);
    const page1 = (
      await t.app.inject({ method: "GET", url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions?limit=1" })
    ).json();
    expect(page1.items).toHaveLength(1);
    const page2 = (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/forums/bpf-cyber/cycles/2017/contributions?limit=1&cursor=${page1.next_cursor}`,
      })
    ).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
  });
});
