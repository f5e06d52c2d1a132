// Search in the language of each text, for members (page and API) and on the public list: stemming and
// accents per language, Chinese by character, phrases, highlighted snippets as elements, keyset pages, and
// nothing for a stranger or an anonymous reader of the workspace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../auth/sessions.js";
import { tokenFor } from "../../contributions/test-support.js";
import { TestAgent } from "../../test-support/agent.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { makeCycle, makeForum, makePerson, makePublishedContribution } from "../../test-support/factories.js";

const SPANISH =
  "La formación de los equipos técnicos es la primera necesidad de los pequeños Estados. Proponemos programas regionales de formación continua para los gobiernos y la sociedad civil, con apoyo de las universidades.";
const ENGLISH =
  "National CERTs should share incident reports through trusted channels. Governments must fund capacity building and protect critical infrastructure from attacks.";
const CHINESE = "我们建议加强网络安全能力建设，并保护关键基础设施免受攻击。各国政府应当共享事件报告。";
const ANONYMOUS =
  "Digital identity systems must respect privacy. Anonymous contributors like this one are never named in any search result.";

describe.each(testEngines)("search on %s", (engine) => {
  let t: TestApp;
  let member: TestAgent;
  let stranger: TestAgent;
  let memberToken: string;
  let otherToken: string;
  const refs: Record<string, string> = {};
  const base = "/f/bpf-cyber/2017";

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const forum = await makeForum(db, { slug: "bpf-cyber" });
    const other = await makeForum(db, { slug: "bpf-other", name: "BPF Other" });
    const cycle = await makeCycle(db, forum, { year: 2017 });
    const texts = { es: SPANISH, en: ENGLISH, zh: CHINESE, anon: ANONYMOUS };
    let day = 1;
    for (const [key, text] of Object.entries(texts)) {
      const row = await makePublishedContribution(db, {
        forum,
        cycle,
        name: key === "anon" ? "Hidden Person" : `Person ${key.toUpperCase()}`,
        stakeholderGroup: "civil_society",
        country: "FR",
        text,
        receivedAt: `2017-09-${String(day++).padStart(2, "0")}T10:00:00Z`,
        anonymous: key === "anon",
      });
      refs[key] = row.reference ?? "";
    }
    const m = await makePerson(db, {
      email: "mia@example.org",
      name: "Mia Member",
      role: "member",
      forumId: forum.id,
    });
    const o = await makePerson(db, { email: "olga@example.org", role: "secretariat", forumId: other.id });
    member = new TestAgent(t.app);
    member.cookies.set(
      "session",
      (await createSession(db, { userId: m.user.id, now: new Date() })).cookieValue,
    );
    stranger = new TestAgent(t.app);
    stranger.cookies.set(
      "session",
      (await createSession(db, { userId: o.user.id, now: new Date() })).cookieValue,
    );
    memberToken = await tokenFor(db, "member", forum.id);
    otherToken = await tokenFor(db, "secretariat", other.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const search = async (q: string, token = memberToken, extra = "") =>
    t.app.inject({
      method: "GET",
      url: `/api/v1/forums/bpf-cyber/cycles/2017/search?q=${encodeURIComponent(q)}${extra}`,
      headers: { authorization: `Bearer ${token}` },
    });
  const found = async (q: string) =>
    ((await search(q)).json() as { contributions: { reference: string }[] }).contributions.map(
      (c) => c.reference,
    );

  it("finds each text in its own language: stems, accents, Chinese by character, phrases", async () => {
    expect(await found("formacion")).toEqual([refs.es]);
    expect(await found("tecnico universidad")).toEqual([refs.es]);
    expect(await found("CERT")).toEqual([refs.en]);
    expect(await found("government")).toEqual([refs.en]);
    expect(await found("网络安全")).toEqual([refs.zh]);
    expect(await found("安全网络")).toEqual([]);
    expect(await found('"digital identity systems"')).toEqual([refs.anon]);
    expect(await found('"identity digital systems"')).toEqual([]);
    expect(await found("Hidden Person")).toEqual([]);
  });

  it("marks the words found in snippets, as text, and pages by keyset", async () => {
    const res = await search("formacion");
    const body = res.json() as {
      count: { value: number; exact: boolean };
      contributions: { snippet: { text: string; match: boolean }[] }[];
    };
    expect(body.count).toEqual({ value: 1, exact: true });
    const marked = body.contributions[0]!.snippet.filter((p) => p.match).map((p) => p.text);
    expect(marked).toContain("formación");
    const zh = (await search("网络安全")).json() as typeof body;
    expect(zh.contributions[0]!.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(["网络安全"]);

    const first = (await search("must or formacion or 我们", memberToken, "&limit=2")).json() as {
      contributions: { reference: string }[];
      next: string | null;
    };
    expect(first.contributions).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const second = (
      await search("must or formacion or 我们", memberToken, `&limit=2&after=${first.next}`)
    ).json() as typeof first;
    expect(second.contributions.map((c) => c.reference)).not.toContain(first.contributions[0]!.reference);

    const page = await member.get(`${base}/analysis/search?q=${encodeURIComponent("formacion")}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<mark>formación</mark>");
    expect(page.body).toContain("1 contribution matches.");
  });

  it("gives the workspace's search to members only", async () => {
    expect((await search("formacion", otherToken)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/forums/bpf-cyber/cycles/2017/search?q=x" }))
        .statusCode,
    ).toBe(401);
    expect((await stranger.get(`${base}/analysis/search?q=formacion`)).statusCode).toBe(403);
    expect((await new TestAgent(t.app).get(`${base}/analysis/search?q=formacion`)).statusCode).toBe(303);
  });

  it("searches the public list the same way, with snippets and no hidden name", async () => {
    const list = await new TestAgent(t.app).get(`${base}/contributions?q=formacion`);
    expect(list.body).toContain("<mark>formación</mark>");
    const anon = await new TestAgent(t.app).get(
      `${base}/contributions?q=${encodeURIComponent('"digital identity"')}`,
    );
    expect(anon.body).toContain(refs.anon);
    expect(anon.body).not.toContain("Hidden Person");
  });

  it("finds coded excerpts by their words, with their themes, and takes suggestions into the codebook", async () => {
    const api = (method: "GET" | "POST", url: string, payload?: object) =>
      t.app.inject({
        method,
        url: `/api/v1${url}`,
        ...(payload ? { payload } : {}),
        headers: { authorization: `Bearer ${memberToken}` },
      });
    const theme = (
      await api("POST", "/forums/bpf-cyber/cycles/2017/themes", { name: "Formación" })
    ).json() as {
      id: string;
    };
    const es = (await search("formacion")).json() as { contributions: { id: string }[] };
    const coded = await api("POST", `/contributions/${es.contributions[0]!.id}/excerpts`, {
      quote: "programas regionales de formación continua",
      themes: [theme.id],
    });
    expect(coded.statusCode).toBe(201);
    const found = (await search("programa regional")).json() as {
      excerpts: { reference: string; codes: string[]; snippet: { text: string; match: boolean }[] }[];
    };
    expect(found.excerpts).toHaveLength(1);
    expect(found.excerpts[0]).toMatchObject({ reference: refs.es, codes: ["Formación"] });
    expect(found.excerpts[0]!.snippet.filter((p) => p.match).map((p) => p.text)).toEqual([
      "programas",
      "regionales",
    ]);

    const none = (await api("GET", "/forums/bpf-cyber/cycles/2017/suggestions")).json() as { status: string };
    expect(none.status).toBe("none");
    const asked = await api("POST", "/forums/bpf-cyber/cycles/2017/suggestions");
    expect(asked.statusCode).toBe(202);
    expect((asked.json() as { status: string }).status).toBe("queued");
    const accepted = await api("POST", "/forums/bpf-cyber/cycles/2017/suggestions/accept", {
      term: "capacity building",
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ kind: "theme", name: "capacity building" });
    expect(
      (await api("POST", "/forums/bpf-cyber/cycles/2017/suggestions/accept", { term: "Capacity Building" }))
        .statusCode,
    ).toBe(409);
    const stranger = await t.app.inject({
      method: "GET",
      url: "/api/v1/forums/bpf-cyber/cycles/2017/suggestions",
      headers: { authorization: `Bearer ${otherToken}` },
    });
    expect(stranger.statusCode).toBe(403);
  });
});
