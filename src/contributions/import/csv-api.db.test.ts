// Bulk import through the API: a CSV and the documents it names in one multipart request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocx } from "../../files/test-fixtures.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { multipart, seedTestForum, tokenFor } from "../test-support.js";

const CSV = [
  "contributor_name,organisation,stakeholder_group,country,email,received_at,files,text",
  "Ana Pérez,Example Ministry,government,AR,ana@example.org,2017-09-14T10:00:00Z,ministry.docx;annex.docx,",
  'Ben Okoth,"Network, East Africa",civil_society,KE,ben@example.org,2017-09-20T10:00:00Z,missing.docx,',
  "Chen Li,,academia,CN,chen@example.org,2017-10-05T10:00:00Z,,Our text on capacity building.",
].join("\n");

describe.each(testEngines)("bulk import by API (%s)", (engine) => {
  let t: TestApp;
  let secretariatToken: string;
  let memberToken: string;
  let documents: { field: string; name: string; bytes: Buffer }[];

  beforeAll(async () => {
    t = await createTestApp(engine);
    const ids = await seedTestForum(t.database.db);
    secretariatToken = await tokenFor(t.database.db, "secretariat", ids.forum.id);
    memberToken = await tokenFor(t.database.db, "member", ids.forum.id);
    t.setNow(new Date("2017-10-10T10:00:00Z"));
    documents = [
      {
        field: "documents",
        name: "ministry.docx",
        bytes: await buildDocx(["Incident sharing between CERTs."]),
      },
      { field: "documents", name: "annex.docx", bytes: await buildDocx(["Annex: survey figures."]) },
    ];
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = (token: string, csv = CSV, files = documents) => {
    const body = multipart(
      [["publish", "true"]],
      [{ field: "csv", name: "contributions.csv", bytes: Buffer.from(csv), type: "text/csv" }, ...files],
    );
    return t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions/import",
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${token}` },
    });
  };

  it("refuses members before reading the upload", async () => {
    const res = await send(memberToken);
    expect(res.statusCode).toBe(403);
    const count = await t.database.db
      .selectFrom("contributions")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("imports the rows it can, reports the others by row, and adds nothing when sent again", async () => {
    const first = await send(secretariatToken);
    expect(first.statusCode, first.body).toBe(200);
    const report = first.json();
    expect(report.imported.map((r: { row: number; timeliness: string }) => [r.row, r.timeliness])).toEqual([
      [2, "on_time"],
      [4, "late"],
    ]);
    expect(report.refused).toEqual([
      {
        row: 3,
        reasons: [
          "file “missing.docx” was not among the uploaded files",
          "body_text: Type your contribution or attach a document.",
        ],
      },
    ]);
    const ana = await t.database.db
      .selectFrom("contributions")
      .selectAll()
      .where("email", "=", "ana@example.org")
      .executeTakeFirstOrThrow();
    expect(ana.status).toBe("published");
    const files = await t.database.db
      .selectFrom("contribution_files")
      .select(["file_name", "role"])
      .where("contribution_id", "=", ana.id)
      .orderBy("position")
      .execute();
    expect(files).toEqual([
      { file_name: "ministry.docx", role: "main" },
      { file_name: "annex.docx", role: "appendix" },
    ]);
    const again = (await send(secretariatToken)).json();
    expect(again.imported).toEqual([]);
    expect(again.already_imported.map((r: { row: number }) => r.row)).toEqual([2, 4]);
  });

  it("explains a request without the CSV", async () => {
    const body = multipart([], documents);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/contributions/import",
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${secretariatToken}` },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain("field named csv");
  });
});
