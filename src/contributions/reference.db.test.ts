import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignExistingPrefixes } from "../db/migrations/2026-11-24T0900_contribution_reference_prefixes.js";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { testEngines } from "../test-support/databases.js";
import { formatReference, prefixCandidates, referencePrefix } from "./reference.js";
import { completeFields, multipart, seedTestForum } from "./test-support.js";

describe("contribution references", () => {
  it("takes the short abbreviation a forum's address starts with", () => {
    expect(
      referencePrefix({ name: "IGF Best Practice Forum on Cybersecurity", slug: "bpf-cybersecurity" }),
    ).toBe("BPF");
    expect(formatReference("BPF", 2017, 14)).toBe("BPF-2017-0014");
  });

  it("falls back to the initials of the forum's kind", () => {
    expect(referencePrefix({ name: "Best Practice Forum on Gender", slug: "gender-forum" })).toBe("BPF");
    expect(referencePrefix({ name: "Cybersecurity", slug: "cybersecurity" })).toBe("CYBERS");
  });

  it("offers short, distinct alternatives when the natural prefix is taken, topic first", () => {
    const gender = prefixCandidates({ name: "Best Practice Forum on Gender", slug: "bpf-gender" });
    expect(gender[0]).toBe("BPF");
    expect(gender[1]).toBe("BPFG");
    expect(new Set(gender).size).toBe(gender.length);
    expect(gender.length).toBeGreaterThan(100);
    for (const p of gender) expect(p).toMatch(/^[A-Z0-9]{1,6}$/);
    const cyber = prefixCandidates({
      name: "Best Practice Forum on Cybersecurity",
      slug: "bpf-cybersecurity",
    });
    expect(cyber[1]).toBe("BPFC");
  });
});

describe.each(testEngines)("references on a site with several forums (%s)", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
    t.setNow(new Date("2017-09-10T10:00:00Z"));
  });
  afterAll(async () => {
    await t?.close();
  });

  async function submit(slug: string, email: string) {
    const body = multipart(completeFields({ email }).map(([k, v]) => [k === "body_text" ? "text" : k, v]));
    return t.app.inject({
      method: "POST",
      url: `/api/v1/forums/${slug}/cycles/2017/contributions`,
      payload: body.payload,
      headers: body.headers,
    });
  }
  const referenceOf = async (slug: string, email: string) => {
    const res = await submit(slug, email);
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { reference: string }).reference;
  };

  it("gives two forums whose addresses start alike their own references, with no error", async () => {
    await seedTestForum(t.database.db, "bpf-cybersecurity");
    await seedTestForum(t.database.db, "bpf-gender");
    expect(await referenceOf("bpf-cybersecurity", "a1@example.org")).toBe("BPF-2017-0001");
    // The second forum's first contribution: its own prefix, not a 500.
    expect(await referenceOf("bpf-gender", "b1@example.org")).toBe("BPFG-2017-0001");
    // Stable: both keep their prefixes.
    expect(await referenceOf("bpf-cybersecurity", "a2@example.org")).toBe("BPF-2017-0002");
    expect(await referenceOf("bpf-gender", "b2@example.org")).toBe("BPFG-2017-0002");
  });

  it("gives a forum created later, whose natural and topic prefixes are taken, a free one", async () => {
    // "bpf-gender-equality": BPF and BPFG are taken by the forums above.
    await seedTestForum(t.database.db, "bpf-gender-equality");
    const reference = await referenceOf("bpf-gender-equality", "c1@example.org");
    expect(reference).toMatch(/^[A-Z0-9]{1,6}-2017-0001$/);
    expect(reference.startsWith("BPF-")).toBe(false);
    expect(reference.startsWith("BPFG-")).toBe(false);
  });

  it("survives a race: first contributions to many like-named forums at once all succeed, all distinct", async () => {
    const slugs = ["bpf-race-a", "bpf-race-b", "bpf-race-c", "bpf-race-d"];
    for (const slug of slugs) await seedTestForum(t.database.db, slug);
    const results = await Promise.all(
      slugs.flatMap((slug) => [submit(slug, `${slug}-1@x.org`), submit(slug, `${slug}-2@x.org`)]),
    );
    for (const res of results) expect(res.statusCode, res.body).toBe(201);
    const references = results.map((r) => (r.json() as { reference: string }).reference);
    expect(new Set(references).size).toBe(references.length);
    // Each forum uses one prefix for both its contributions.
    for (const [i] of slugs.entries()) {
      const [a, b] = [references[2 * i]!, references[2 * i + 1]!];
      expect(a.split("-")[0]).toBe(b.split("-")[0]);
    }
  });

  it("assigns existing forums their prefixes without changing a reference, and reserves shared ones", async () => {
    const db = t.database.db;
    const old = await seedTestForum(db, "iwg-old");
    const twinA = await seedTestForum(db, "dc-alpha");
    const twinB = await seedTestForum(db, "dc-beta");
    // Contributions made before prefixes were stored: "IWG" used by one forum, "DC" by two (different years).
    const legacy = async (forumId: string, cycleId: string, reference: string) =>
      db
        .insertInto("contributions")
        .values({
          forum_id: forumId,
          cycle_id: cycleId,
          number: Number(reference.slice(-4)),
          reference,
          status: "published",
          answers: "{}",
          received_at: new Date("2016-09-01T00:00:00Z"),
        })
        .execute();
    await legacy(old.forum.id, old.cycle2017.id, "IWG-2017-0001");
    await legacy(twinA.forum.id, twinA.cycle2016.id, "DC-2016-0001");
    await legacy(twinB.forum.id, twinB.cycle2017.id, "DC-2017-0001");
    await db
      .insertInto("contribution_sequences")
      .values({ cycle_id: old.cycle2017.id, last_number: 1 })
      .execute();
    await db
      .insertInto("contribution_sequences")
      .values({ cycle_id: twinB.cycle2017.id, last_number: 1 })
      .execute();
    await db.deleteFrom("contribution_reference_prefixes").where("prefix", "in", ["IWG", "DC"]).execute();
    await assignExistingPrefixes(db);

    expect(await referenceOf("iwg-old", "old@example.org")).toBe("IWG-2017-0002");
    // Neither twin keeps "DC": a new 2016 reference from alpha could otherwise collide with beta's.
    const beta = await referenceOf("dc-beta", "beta@example.org");
    expect(beta).toMatch(/-2017-0002$/);
    expect(beta.startsWith("DC-")).toBe(false);
    const refs = await db
      .selectFrom("contributions")
      .select("reference")
      .where("reference", "like", "DC-%")
      .execute();
    expect(refs.map((r) => r.reference).sort()).toEqual(["DC-2016-0001", "DC-2017-0001"]);
    // A forum created later whose natural prefix is the reserved one gets another.
    await seedTestForum(db, "dc-gamma");
    expect((await referenceOf("dc-gamma", "gamma@example.org")).startsWith("DC-")).toBe(false);
  });
});
