// Statistics of a cycle's published contributions, against a known set: every dimension counted right and
// compared with the previous cycle; public (published only, within the page budget) and in the workspace.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../auth/sessions.js";
import { emptyDetails } from "../../contributions/submit/details.js";
import { saveContribution } from "../../contributions/submit/service.js";
import { COUNTRIES } from "../../geo/countries.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import {
  makeCycle,
  makeForum,
  makePerson,
  makePublishedContribution,
  setUpActor,
} from "../../test-support/factories.js";

const TEXT = {
  en: "Cooperation between national computer emergency response teams needs trusted channels, shared training and clear rules for the exchange of information about incidents.",
  es: "La cooperación entre los equipos nacionales de respuesta a incidentes necesita canales de confianza, formación compartida y reglas claras para el intercambio de información.",
  fr: "La coopération entre les équipes nationales de réponse aux incidents a besoin de canaux de confiance, d’une formation partagée et de règles claires pour l’échange d’informations.",
};

/** The figures a statistics table shows, row label → [this cycle, previous cycle]. */
function tableOf(body: string, dimension: string): Record<string, number[]> {
  const start = body.indexOf(`id="stats-${dimension}-title"`);
  const table = body.slice(body.indexOf("<tbody>", start), body.indexOf("</tbody>", start));
  const rows: Record<string, number[]> = {};
  for (const m of table.matchAll(/<th scope="row">([^<]*)<\/th>((?:<td>\d+<\/td>)+)/g))
    rows[m[1] ?? ""] = [...(m[2] ?? "").matchAll(/<td>(\d+)<\/td>/g)].map((d) => Number(d[1]));
  return rows;
}

describe.each(testEngines)("statistics on %s", (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const forum = await makeForum(db);
    const cycle2016 = await makeCycle(db, forum, { year: 2016 });
    const cycle2017 = await makeCycle(db, forum, {
      year: 2017,
      continueFromYear: 2016,
      milestones: {
        call_opens: "2017-08-15",
        soft_deadline: "2017-09-15",
        inclusion_cutoff: "2017-09-30",
        call_closes: "2017-11-30",
      },
    });
    await makePerson(db, { email: "mia@example.org", name: "Mia", role: "member", forumId: forum.id });
    const add = (
      cycle: typeof cycle2017,
      name: string,
      group: string,
      country: string,
      lang: keyof typeof TEXT,
      at: string,
    ) =>
      makePublishedContribution(db, {
        forum,
        cycle,
        name,
        stakeholderGroup: group,
        country,
        text: TEXT[lang],
        receivedAt: at,
      });
    await add(cycle2016, "Gina Gov", "government", "FR", "fr", "2016-09-05T10:00:00Z");
    await add(cycle2016, "Cid Civil", "civil_society", "SN", "en", "2016-09-06T10:00:00Z");
    await add(cycle2017, "Amina", "civil_society", "SN", "en", "2017-09-01T10:00:00Z"); // week 35, on time
    await add(cycle2017, "Bruno", "civil_society", "BO", "es", "2017-09-04T10:00:00Z"); // week 36, on time
    await add(cycle2017, "Claire", "government", "FR", "fr", "2017-09-20T10:00:00Z"); // week 38, guaranteed
    await add(cycle2017, "Dan", "private_sector", "FJ", "en", "2017-10-10T10:00:00Z"); // week 41, late
    // Submitted, never published: counted nowhere.
    await saveContribution(
      { db, now: new Date("2017-09-02T10:00:00Z"), secret: "s", publicUrl: "http://localhost" },
      {
        actor: setUpActor,
        forum,
        cycle: cycle2017,
        details: {
          ...emptyDetails(),
          contributor_name: "Uma",
          email: "uma@example.org",
          stakeholder_group: "academia",
          country: "JP",
          consent: "with_name",
          licence: "cc_by_4_0",
          body_text: TEXT.en,
        },
        uploads: [],
        action: "submit",
        channel: "import",
        receivedAt: new Date("2017-09-02T10:00:00Z"),
        keepDraftOnError: false,
      },
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it("counts the published contributions by every dimension, beside the previous cycle", async () => {
    const page = await new TestAgent(t.app).get("/f/bpf-cyber/2017/statistics");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("4 contributions published in 2017. 2 contributions in 2016.");
    expect(tableOf(page.body, "group")).toEqual({
      Government: [1, 1],
      "Civil society": [2, 1],
      "Private sector": [1, 0],
    });
    expect(tableOf(page.body, "region")).toEqual({
      Africa: [1, 1],
      Americas: [1, 0],
      Europe: [1, 1],
      Oceania: [1, 0],
    });
    expect(tableOf(page.body, "country")).toEqual({
      Senegal: [1, 1],
      France: [1, 1],
      Bolivia: [1, 0],
      Fiji: [1, 0],
    });
    expect(tableOf(page.body, "development")).toEqual({
      Developed: [1, 1],
      Developing: [3, 1],
      "Least developed countries": [1, 1],
      "Landlocked developing countries": [1, 0],
      "Small island developing States": [1, 0],
    });
    expect(tableOf(page.body, "language")).toEqual({ English: [2, 1], Spanish: [1, 0], French: [1, 1] });
    const timeliness = tableOf(page.body, "timeliness");
    expect(Object.fromEntries(Object.entries(timeliness).map(([k, v]) => [k, v[0]]))).toMatchObject({
      "On time": 2,
      "After the deadline, inclusion guaranteed": 1,
      Late: 1,
    });
    // Weeks line up by number with the year before's: week 36 of 2016 held both of its contributions.
    expect(tableOf(page.body, "week")).toEqual({
      "Week 35": [1, 0],
      "Week 36": [1, 2],
      "Week 38": [1, 0],
      "Week 41": [1, 0],
    });
    // Each chart is an SVG with a title, drawn on the server, with its table beside it.
    expect(page.body.match(/<svg[^>]*role="img"/g)).toHaveLength(7);
    expect(page.body).toContain(
      "<title>Stakeholder group: published contributions in 2017 and in 2016</title>",
    );
    // The unpublished contribution is counted nowhere.
    expect(page.body).not.toContain("Japan");
    expect(page.body).not.toContain("Academia");
  });

  it("answers the same figures in the API, described in the OpenAPI document", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/forums/bpf-cyber/cycles/2017/statistics" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(4);
    expect(body.previous).toEqual({ year: 2016, total: 2 });
    expect(body.dimensions.group).toEqual([
      { key: "government", count: 1, previous: 1 },
      { key: "civil_society", count: 2, previous: 1 },
      { key: "private_sector", count: 1, previous: 0 },
    ]);
    expect(body.dimensions.week.map((w: { key: string }) => w.key)).toEqual([
      "2017-W35",
      "2017-W36",
      "2017-W38",
      "2017-W41",
    ]);
    const openapi = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(Object.keys(openapi.paths)).toContain("/api/v1/forums/{forum}/cycles/{year}/statistics");
  });

  it("is on the cycle's public page and in the members' workspace", async () => {
    const visitor = new TestAgent(t.app);
    expect((await visitor.get("/f/bpf-cyber/2017")).body).toContain('href="/f/bpf-cyber/2017/statistics"');
    const workspace = await visitor.get("/f/bpf-cyber/2017/reading/statistics");
    expect(workspace.statusCode).toBe(303);
    const mia = await t.database.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "mia@example.org")
      .executeTakeFirstOrThrow();
    const { cookieValue } = await createSession(t.database.db, { userId: mia.id, now: new Date() });
    const member = new TestAgent(t.app);
    member.cookies.set("session", cookieValue);
    const inside = await member.get("/f/bpf-cyber/2017/reading/statistics");
    expect(inside.statusCode).toBe(200);
    expect(inside.body).toContain('class="workspace-nav"');
    expect(tableOf(inside.body, "group")["Civil society"]).toEqual([2, 1]);
  });

  it("keeps the public page within 50 KB with contributions from every country over a whole year", async () => {
    const db = t.database.db;
    const forum = await db
      .selectFrom("forums")
      .select("id")
      .where("slug", "=", "bpf-cyber")
      .executeTakeFirstOrThrow();
    const cycle = await makeCycle(db, { id: forum.id } as never, { year: 2018 }).catch(async () =>
      db.selectFrom("cycles").selectAll().where("year", "=", 2018).executeTakeFirstOrThrow(),
    );
    const countries = COUNTRIES.map((c) => c.code);
    await sql`
      INSERT INTO contributions (forum_id, cycle_id, number, reference, status, channel, contributor_name, consent,
        received_at, timeliness, language, stakeholder_group, country, region, published_at)
      SELECT ${forum.id}, ${cycle.id}, n, 'BPF-2018-' || lpad(n::text, 4, '0'), 'published', 'import', 'C' || n,
        'with_name', timestamptz '2018-01-01 00:00:00+00' + n * interval '1 day', 'on_time',
        (ARRAY['en','es','fr','ar','zh','ru','pt','de'])[1 + n % 8],
        (ARRAY['government','civil_society','private_sector','technical_community','intergovernmental','academia'])[1 + n % 6],
        (${sql.val(countries)}::text[])[1 + n % ${countries.length}], NULL, timestamptz '2018-12-31 00:00:00+00'
      FROM generate_series(1, 600) AS n`.execute(db);
    const page = await new TestAgent(t.app).get("/f/bpf-cyber/2018/statistics");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("600 contributions published in 2018.");
    const bytes = Buffer.byteLength(page.body);
    console.log(
      `public statistics page, 600 contributions from ${countries.length} countries: ${bytes} bytes`,
    );
    expect(bytes).toBeLessThanOrEqual(50 * 1024);
  });
});
