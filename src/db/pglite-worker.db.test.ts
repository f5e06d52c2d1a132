import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/app.js";

describe("embedded database off the server thread", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps a transaction's statements together while others wait", async () => {
    const events: string[] = [];
    let outside: Promise<unknown> | undefined;
    await t.database.db.transaction().execute(async (trx) => {
      await trx.insertInto("forums").values({ slug: "tx-forum", name: "In a transaction" }).execute();
      outside = t.database.db
        .selectFrom("forums")
        .select("slug")
        .where("slug", "=", "tx-forum")
        .execute()
        .then((rows) => events.push(`outside read ${rows.length}`));
      const inside = await trx.selectFrom("forums").select("slug").where("slug", "=", "tx-forum").execute();
      expect(inside).toHaveLength(1);
      events.push("transaction body done");
    });
    await outside;
    // The outside read waited for the commit rather than interleaving with the transaction.
    expect(events).toEqual(["transaction body done", "outside read 1"]);
    const rolledBack = t.database.db.transaction().execute(async (trx) => {
      await trx.insertInto("forums").values({ slug: "rolled-back", name: "Gone" }).execute();
      throw new Error("abort");
    });
    await expect(rolledBack).rejects.toThrow("abort");
    const rows = await t.database.db.selectFrom("forums").select("slug").execute();
    expect(rows.map((r) => r.slug)).toEqual(["tx-forum"]);
  });

  it("runs with a small forum's memory settings, not PGlite's 128 MB buffer pool", async () => {
    const setting = async (name: string) =>
      (await sql<{ v: string }>`SELECT current_setting(${name}) AS v`.execute(t.database.db)).rows[0]?.v;
    expect(await setting("shared_buffers")).toBe("32MB");
    expect(await setting("maintenance_work_mem")).toBe("16MB");
  });

  it("reports PostgreSQL error codes from the worker", async () => {
    await t.database.db.insertInto("forums").values({ slug: "dup", name: "One" }).execute();
    const error = await t.database.db
      .insertInto("forums")
      .values({ slug: "dup", name: "Two" })
      .execute()
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("23505");
  });
});
