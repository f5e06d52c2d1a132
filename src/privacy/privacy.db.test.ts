// A data subject request end to end: one person's data in every domain (and a second person's beside it);
// the export holds all of theirs and none of the other's; the erase leaves nothing of them anywhere but the
// contribution they agreed to publish, anonymised, and leaves the other person's data as it was.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/index.js";
import { createSession } from "../auth/sessions.js";
import type { Database } from "../db/schema.js";
import { insertCitation } from "../documents/drafting/citation.js";
import { TestAgent } from "../test-support/agent.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { makeCycle, makeForum, makePerson, makePublishedContribution } from "../test-support/factories.js";
import { addressHash, erasePersonalData, exportPersonalData } from "./service.js";

const admin: Actor = { kind: "system", label: "privacy test" };

interface Person {
  name: string;
  email: string;
  file: string;
}

/** Rows of every table whose text holds any of the needles (case-insensitive), by table. */
// biome-ignore lint/suspicious/noExplicitAny: every table, whatever its type.
async function rowsMentioning(db: Kysely<any>, needles: string[]): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const found: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const { rows } = await sql<{ row: string }>`
      select t::text as row from ${sql.table(name)} t
      where ${sql.join(
        needles.map((n) => sql`t::text ilike ${`%${n}%`}`),
        sql` or `,
      )}
      order by 1`.execute(db);
    if (rows.length) found[name] = rows.map((r) => r.row);
  }
  return found;
}

/** One person's footprint in every domain: account, contributions and a file, mail, contacts, meetings… */
async function footprint(
  db: Kysely<Database>,
  dataDir: string,
  place: { forumId: string; cycleId: string; forum: never; cycle: never },
  person: Person,
) {
  const { user } = await makePerson(db, {
    email: person.email,
    name: person.name,
    role: "member",
    forumId: place.forumId,
  });
  const published = await makePublishedContribution(db, {
    forum: place.forum,
    cycle: place.cycle,
    name: person.name,
    organisation: `${person.name.split(" ")[1]} Institute`,
    stakeholder_group: undefined as never,
    stakeholderGroup: "civil_society",
    country: "PE",
    text: `Cable landing stations need redundancy. Contact ${person.email}.`,
    receivedAt: "2026-05-01T10:00:00Z",
  } as never);
  const bytes = Buffer.from(person.file);
  const sha = createHash("sha256").update(bytes).digest("hex");
  mkdirSync(join(dataDir, "files", sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
  writeFileSync(join(dataDir, "files", sha.slice(0, 2), sha.slice(2, 4), sha), bytes);
  const draft = await sql<{ id: string }>`
    insert into contributions (forum_id, cycle_id, status, contributor_name, email, body_text, consent)
    values (${place.forumId}, ${place.cycleId}, 'submitted', ${person.name}, ${person.email},
      'Not yet published.', 'with_name') returning id`.execute(db);
  await sql`insert into contribution_files (contribution_id, file_name, size, detected_type, media_type, sha256)
    values (${draft.rows[0]?.id}, ${`${person.name.replace(" ", "_")}.txt`}, ${bytes.length}, 'txt',
      'text/plain', ${sha})`.execute(db);
  await sql`insert into sessions (id_hash, user_id, expires_at, user_agent, ip)
    values (${`hash-${person.email}`}, ${user.id}, now() + interval '1 day', 'Firefox', '192.0.2.7')`.execute(
    db,
  );
  await sql`insert into sign_in_links (email, purpose, token_hash, code_hash, expires_at)
    values (${person.email}, 'sign_in', ${`t-${person.email}`}, ${`c-${person.email}`}, now())`.execute(db);
  await sql`insert into mail_outbox (kind, to_address, to_name, subject, text_body, html_body)
    values ('receipt', ${person.email}, ${person.name}, 'Your contribution', 'Thank you.', '<p>Thank you.</p>'),
      ('notice', 'secretariat@example.org', '', ${`New contribution from ${person.name}`},
       ${`${person.name} <${person.email}> sent a contribution.`}, '<p>New.</p>')`.execute(db);
  await sql`insert into contacts (forum_id, name, email, notes)
    values (${place.forumId}, ${person.name}, ${person.email}, 'Met at the annual session.')`.execute(db);
  const meeting = await sql<{ id: string }>`
    insert into meetings (forum_id, cycle_id, slug, kind, date, title)
    values (${place.forumId}, ${place.cycleId}, ${`m-${user.id.slice(0, 8)}`}, 'virtual', '2026-06-01',
      'First call') returning id`.execute(db);
  await sql`insert into meeting_attendance (meeting_id, user_id, name, role)
    values (${meeting.rows[0]?.id}, ${user.id}, ${person.name}, 'Civil society')`.execute(db);
  await sql`insert into impressions (forum_id, cycle_id, contribution_id, author_id, visibility, body)
    values (${place.forumId}, ${place.cycleId}, ${published.id}, ${user.id}, 'private',
      'Worth quoting in the output.')`.execute(db);
  await sql`insert into comments (forum_id, target_type, target_id, author_id, author_label, body)
    values (${place.forumId}, 'questionnaire', 'q1', ${user.id}, ${person.name}, 'Question 3 is unclear.')`.execute(
    db,
  );
  await sql`insert into list_subscriptions (forum_id, email, user_id)
    values (${place.forumId}, ${person.email}, ${user.id})`.execute(db);
  // Their contribution coded: a quote holding their address and a note naming them, coded by themselves;
  // a form-letter campaign listed by the start of their text; an output document citing them in a footnote
  // the way drafting writes it ("Contribution REF, Name").
  const quote = `Contact ${person.email}.`;
  await sql`insert into analysis_excerpts (forum_id, cycle_id, contribution_id, source, quote, prefix,
      start_offset, end_offset, note, coded_by, coded_by_label, search_text)
    values (${place.forumId}, ${place.cycleId}, ${published.id}, 'body', ${quote}, 'need redundancy. ',
      40, ${40 + quote.length}, ${`${person.name} makes the strongest case.`}, ${user.id}, ${person.name},
      ${`${quote}\n\n${person.name} makes the strongest case.`})`.execute(db);
  await sql`insert into campaigns (forum_id, cycle_id, size, representative_id, excerpt)
    values (${place.forumId}, ${place.cycleId}, 12, ${published.id},
      ${`Cable landing stations need redundancy. Contact ${person.email}.`})`.execute(db);
  const document = await sql<{ id: string }>`
    insert into documents (forum_id, cycle_id, kind, title)
    values (${place.forumId}, ${place.cycleId}, 'output', ${`Output ${user.id.slice(0, 8)}`}) returning id`.execute(
    db,
  );
  const body = insertCitation("# Output\n\n## Infrastructure\n\nRedundancy matters.\n", {
    section: "Infrastructure",
    quote: "Cable landing stations need redundancy.",
    label: published.reference ?? "REF",
    note: `Contribution [${published.reference}](https://example.org/c/${published.reference}), ${person.name}.`,
  });
  await sql`insert into document_versions (document_id, number, body, block_ids, note, created_by)
    values (${document.rows[0]?.id}, 1, ${body}, '[]', ${`Cites ${person.name}.`}, ${user.id})`.execute(db);
  await sql`insert into audit_log (actor_kind, actor_id, actor_label, action, subject_type, after)
    values ('user', ${user.id}, ${`${person.name} <${person.email}>`}, 'profile.update', 'user',
      ${JSON.stringify({ name: person.name })})`.execute(db);
  return { user, published, sha };
}

describe.each(testEngines)("data subject requests on %s", (engine) => {
  let t: TestApp;
  const amina: Person = { name: "Amina Quispe", email: "amina.quispe@example.org", file: "Amina's draft." };
  const boris: Person = { name: "Boris Lindqvist", email: "boris.lindqvist@example.org", file: "Boris's." };
  let a: Awaited<ReturnType<typeof footprint>>;
  let b: Awaited<ReturnType<typeof footprint>>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const forum = await makeForum(db);
    const cycle = await makeCycle(db, forum, { year: 2026 });
    const place = { forumId: forum.id, cycleId: cycle.id, forum: forum as never, cycle: cycle as never };
    a = await footprint(db, t.config.dataDir, place, amina);
    b = await footprint(db, t.config.dataDir, place, boris);
  }, 120_000);
  afterAll(() => t?.close());

  it("exports everything held about the address, and nothing about anyone else", async () => {
    const result = await exportPersonalData(
      { db: t.database.db, dataDir: t.config.dataDir, now: new Date("2026-12-07T10:00:00Z") },
      { actor: admin, email: "Amina.Quispe@example.org" },
    );
    const zip = unzipSync(result.zip);
    const json = strFromU8(zip["personal-data.json"] ?? new Uint8Array());
    const data = JSON.parse(json) as { domains: Record<string, Record<string, unknown[]>> };
    const count = (domain: string, table: string) => data.domains[domain]?.[table]?.length;
    expect(count("contributions", "contributions")).toBe(2);
    expect(count("contributions", "contribution_files")).toBe(1);
    expect(count("auth", "users")).toBe(1);
    expect(count("auth", "sessions")).toBe(1);
    expect(count("auth", "sign_in_links")).toBe(1);
    expect(count("mail", "mail_outbox")).toBe(1);
    expect(count("contacts", "contacts")).toBe(1);
    expect(count("meetings", "meeting_attendance")).toBe(1);
    expect(count("reading", "impressions")).toBe(1);
    expect(count("calls", "comments")).toBe(1);
    expect(count("forums", "list_subscriptions")).toBe(1);
    expect(count("audit", "audit_log")).toBeGreaterThanOrEqual(1);
    expect(count("analysis", "analysis_excerpts")).toBe(1);
    expect(count("campaigns", "campaigns")).toBe(1);
    expect(count("documents", "document_versions")).toBe(1);
    const files = Object.keys(zip).filter((name) => name.startsWith("files/"));
    expect(files).toHaveLength(1);
    expect(strFromU8(zip[files[0] ?? ""] ?? new Uint8Array())).toBe(amina.file);
    expect(json.toLowerCase()).not.toContain("boris");
    const audited = await t.database.db
      .selectFrom("audit_log")
      .select(["after"])
      .where("action", "=", "privacy.export")
      .execute();
    expect(audited.map((r) => r.after?.email_sha256)).toEqual([addressHash(amina.email)]);
  });

  it("erases the person everywhere, keeps their published contribution anonymised and the other person whole", async () => {
    const db = t.database.db;
    const borisBefore = await rowsMentioning(db, [boris.email, boris.name]);
    expect(Object.keys(borisBefore).length).toBeGreaterThanOrEqual(8);
    const aminaBefore = await rowsMentioning(db, [amina.email, amina.name]);
    // The excerpt, the campaign and the drafted footnote hold them before the erase.
    expect(Object.keys(aminaBefore)).toEqual(
      expect.arrayContaining(["analysis_excerpts", "campaigns", "document_versions"]),
    );
    expect(aminaBefore.document_versions?.join("")).toContain(`, ${amina.name}.`);

    await erasePersonalData({ db, dataDir: t.config.dataDir }, { actor: admin, email: amina.email });

    expect(await rowsMentioning(db, [amina.email, amina.name, "Quispe"])).toEqual({});
    const kept = await db
      .selectFrom("contributions")
      .select(["status", "contributor_name", "organisation", "email", "body_text", "consent"])
      .where("id", "=", a.published.id)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ status: "published", contributor_name: "", organisation: "", email: "" });
    expect(kept.body_text).toBe("Cable landing stations need redundancy. Contact [erased].");
    // What the analysis and drafting made of it keeps its words and reference, not the person.
    const excerpt = await db
      .selectFrom("analysis_excerpts")
      .select(["quote", "note", "coded_by"])
      .where("contribution_id", "=", a.published.id)
      .executeTakeFirstOrThrow();
    expect(excerpt).toEqual({
      quote: "Contact [erased].",
      note: "[erased] makes the strongest case.",
      coded_by: null,
    });
    const drafted = await sql<{
      body: string;
    }>`select body from document_versions where body like ${`%${a.published.reference}%`}`.execute(db);
    expect(drafted.rows[0]?.body).toContain(
      `[^${a.published.reference}]: Contribution [${a.published.reference}]`,
    );
    expect(drafted.rows[0]?.body).toContain(", [erased].");
    const file = (sha: string) => join(t.config.dataDir, "files", sha.slice(0, 2), sha.slice(2, 4), sha);
    expect(existsSync(file(a.sha))).toBe(false);
    expect(existsSync(file(b.sha))).toBe(true);
    // Boris's rows are the same rows, byte for byte (the audit log's new erase row names no one).
    expect(await rowsMentioning(db, [boris.email, boris.name])).toEqual(borisBefore);
    const erased = await db
      .selectFrom("audit_log")
      .select(["after", "actor_label"])
      .where("action", "=", "privacy.erase")
      .executeTakeFirstOrThrow();
    expect(erased.after?.email_sha256).toBe(addressHash(amina.email));
    expect(b.user.id).toBeTruthy();
  });

  it("gives the site administrator a page to download the zip and to erase with a confirmation", async () => {
    const db = t.database.db;
    const { user } = await makePerson(db, { email: "root@example.org", name: "Site Admin", siteAdmin: true });
    const { cookieValue } = await createSession(db, { userId: user.id, now: new Date() });
    const desk = new TestAgent(t.app);
    desk.cookies.set("session", cookieValue);
    const page = await desk.get("/admin/privacy");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Personal data requests");
    const zip = await desk.post("/admin/privacy/export", { email: boris.email });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers["content-type"]).toBe("application/zip");
    expect(strFromU8(unzipSync(zip.rawPayload)["personal-data.json"] ?? new Uint8Array())).toContain(
      boris.name,
    );
    const mismatch = await desk.post("/admin/privacy/erase", {
      erase_email: boris.email,
      erase_confirm: "boris@example.org",
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain("The two addresses differ");
    expect(await rowsMentioning(db, [boris.email])).not.toEqual({});
    const erased = await desk.post("/admin/privacy/erase", {
      erase_email: boris.email,
      erase_confirm: boris.email.toUpperCase(),
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.body).toMatch(/Erased: \d+ rows deleted or anonymised/);
    expect(await rowsMentioning(db, [boris.email, boris.name])).toEqual({});
  });
});
