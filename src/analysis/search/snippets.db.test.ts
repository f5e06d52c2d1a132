// A search's snippet is cut from a short window around the first place the reader's words seem to be; the
// reader must still see the match highlighted when that first place was only a look-alike word, far from it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchSnippets } from "../../contributions/index.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../../test-support/databases.js";
import { makeCycle, makeForum, makePublishedContribution } from "../../test-support/factories.js";

const FILLER = "The forum met again and the discussion went on for a long while. ".repeat(20);

describe.each(testEngines)("search snippets on %s", (engine) => {
  let database: TestDatabase;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const db = database.db;
    const forum = await makeForum(db, { slug: "bpf-snippets" });
    const cycle = await makeCycle(db, forum, { year: 2019 });
    const texts = {
      // "certain" starts like "CERT" and stands 1,300 characters before the real match.
      lookalike: `It is certain that cooperation matters. ${FILLER}National CERTs should share incident reports.`,
      phrase: `Digital tools and identity cards differ. ${FILLER}Digital identity systems must respect privacy.`,
    };
    let day = 1;
    for (const [key, text] of Object.entries(texts)) {
      const row = await makePublishedContribution(db, {
        forum,
        cycle,
        name: `Person ${key}`,
        stakeholderGroup: "civil_society",
        country: "FR",
        text,
        receivedAt: `2019-09-0${day++}T10:00:00Z`,
      });
      ids[key] = row.id;
    }
  });

  afterAll(async () => {
    await database?.drop();
  });

  const marked = async (key: string, q: string) => {
    const snippets = await searchSnippets(database.db, [ids[key]!], q);
    return (snippets.get(ids[key]!) ?? []).filter((p) => p.match).map((p) => p.text);
  };

  it("highlights the match even when a look-alike word comes first, far before it", async () => {
    expect(await marked("lookalike", "CERT")).toEqual(["CERTs"]);
  });

  it("highlights a phrase where it stands, not where its words stand apart", async () => {
    expect((await marked("phrase", '"digital identity systems"')).join(" ")).toMatch(
      /Digital.*identity.*systems/,
    );
  });
});
