// Contact lists as Excel on Windows saves them: "CSV (Comma delimited)" in the Windows-1252 code page with CRLF
// line ends, "CSV UTF-8" with a byte-order mark, and "Unicode Text" (UTF-16 with its mark, tab-separated). Each
// imports the same people with their names spelled right, accents included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../auth/api-tokens.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { makeForum } from "../../test-support/factories.js";

/** The same two people in each file, under the file's own addresses so each import adds them anew. */
const rows = (file: string) => [
  ["name", "organisation", "kind", "stakeholder group", "country", "email"],
  ["René Müller-Lefèvre", "", "", "civil society", "FR", `rene.${file}@example.org`],
  ["Ségolène Ñúñez", "", "", "government", "ES", `segolene.${file}@example.org`],
];

function windows1252(text: string): Buffer {
  // Every character here is in Latin-1, whose code points Windows-1252 shares.
  return Buffer.from(text, "latin1");
}

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

describe.each(testEngines)("contact lists saved by Excel on Windows on %s", (engine) => {
  let t: TestApp;
  let token: string;
  let forumId: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const forum = await makeForum(t.database.db);
    forumId = forum.id;
    token = (await createApiToken(t.database.db, { name: "s", role: "secretariat", forumId: forum.id }))
      .token;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function check(file: Buffer, name: string) {
    const boundary = "XX";
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/contacts/import?mode=good",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(res.statusCode).toBe(200);
    const contacts = await t.database.db
      .selectFrom("contacts")
      .select("name")
      .where("email", "like", `%.${name.replace(".", "-")}@example.org`)
      .orderBy("name")
      .execute();
    return { ...(res.json() as { total: number; good: number }), names: contacts.map((c) => c.name) };
  }

  it("reads a Windows-1252 CSV with CRLF line ends without turning accents into replacement marks", async () => {
    const csv = `${rows("ansi-csv")
      .map((r) => r.join(","))
      .join("\r\n")}\r\n`;
    expect(await check(windows1252(csv), "ansi.csv")).toEqual({
      total: 2,
      good: 2,
      bad: [],
      imported: 2,
      similar: [],
      new_organisations: [],
      names: ["René Müller-Lefèvre", "Ségolène Ñúñez"],
    });
  });

  it("reads Excel's Unicode Text (UTF-16, tabs) and a UTF-8 CSV with its byte-order mark alike", async () => {
    const tabs = await check(
      utf16le(
        `${rows("unicode-txt")
          .map((r) => r.join("\t"))
          .join("\r\n")}\r\n`,
      ),
      "unicode.txt",
    );
    const utf8 = await check(
      Buffer.from(
        `\uFEFF${rows("utf8-csv")
          .map((r) => r.join(";"))
          .join("\r\n")}\r\n`,
        "utf8",
      ),
      "utf8.csv",
    );
    for (const report of [tabs, utf8])
      expect(report).toMatchObject({ imported: 2, names: ["René Müller-Lefèvre", "Ségolène Ñúñez"] });
  });

  it("finds the forum's organisation when the list spells its name with combining accents (a Mac's export)", async () => {
    const added = await t.app.inject({
      method: "POST",
      url: "/api/v1/forums/bpf-cyber/contacts",
      headers: { authorization: `Bearer ${token}` },
      payload: { kind: "organisation", name: "Société Numérique".normalize("NFC") },
    });
    expect(added.statusCode, added.body).toBe(201);
    const csv = `name,organisation,email\r\nAmélie Roux,${"Société Numérique".normalize("NFD")},amelie.nfd-csv@example.org\r\n`;
    const report = await check(Buffer.from(csv, "utf8"), "nfd.csv");
    expect(report).toMatchObject({ imported: 1, bad: [], names: ["Amélie Roux"] });
    const organisations = await t.database.db
      .selectFrom("contacts")
      .select("name")
      .where("forum_id", "=", forumId)
      .where("kind", "=", "organisation")
      .execute();
    expect(organisations.map((o) => o.name)).toEqual(["Société Numérique"]);
  });
});
