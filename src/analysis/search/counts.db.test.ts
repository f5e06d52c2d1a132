// A search's count as a member reads it: exact up to the cap, "more than" the cap beyond it (with an estimate
// only when PostgreSQL's is above the cap), and a count under the cap made afresh, so a newly published
// contribution is counted at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testEngines } from "../../test-support/databases.js";
import { makeCycle, makeForum, makePublishedContribution } from "../../test-support/factories.js";
import { forgetSearchCounts, searchCount } from "./counts.js";

describe.each(testEngines)("search counts on %s", (engine) => {
  let database: TestDatabase;
  let publish: (text: string) => Promise<void>;
  let cycleId: string;
  let day = 1;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const db = database.db;
    const forum = await makeForum(db, { slug: "bpf-count" });
    const cycle = await makeCycle(db, forum, { year: 2018 });
    cycleId = cycle.id;
    publish = async (text) => {
      await makePublishedContribution(db, {
        forum,
        cycle,
        name: `Person ${day}`,
        stakeholderGroup: "civil_society",
        country: "FR",
        text,
        receivedAt: `2018-09-${String(day++).padStart(2, "0")}T10:00:00Z`,
      });
    };
  });

  afterAll(async () => {
    forgetSearchCounts();
    await database?.drop();
  });

  const count = (q: string, now?: number) =>
    searchCount(database.db, { cycleId, statuses: ["published"], q }, 2, now);

  it("counts exactly up to the cap and says 'more than' beyond it, an estimate only above the cap", async () => {
    for (const text of ["Ransomware hits hospitals.", "Ransomware gangs.", "Ransomware insurance."])
      await publish(text);
    const capped = await count("ransomware");
    expect(capped.value).toBe(2);
    expect(capped.exact).toBe(false);
    if (capped.estimate !== undefined) expect(capped.estimate).toBeGreaterThan(2);
    expect(await count("hospitals")).toEqual({ value: 1, exact: true });
    expect(await count("nothing-like-this")).toEqual({ value: 0, exact: true });
  });

  it("counts a search under the cap afresh, so a new contribution is counted at once", async () => {
    await publish("Phishing of officials.");
    expect(await count("phishing")).toEqual({ value: 1, exact: true });
    await publish("Phishing again.");
    expect(await count("phishing")).toEqual({ value: 2, exact: true });
    await publish("Phishing a third time.");
    expect(await count("Phishing ")).toMatchObject({ value: 2, exact: false });
  });
});
