// Submissions to one cycle must not queue behind each other for their reference numbers: two submissions whose
// transactions are both still open each get a reference at once, and the references differ. Only PostgreSQL
// runs transactions side by side (PGlite has one session), so this runs when TEST_DATABASE_URL is set.

import type { Kysely } from "kysely";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor.js";
import type { Database } from "../../db/schema.js";
import { createTestApp, type TestApp } from "../../test-support/app.js";
import { testEngines } from "../../test-support/databases.js";
import { seedTestForum } from "../test-support.js";
import { emptyDetails } from "./details.js";
import { saveContribution } from "./service.js";

describe.skipIf(!testEngines.includes("postgres"))("concurrent submissions to one cycle (postgres)", () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedTestForum>>;
  const secretariat: Actor = { kind: "token", tokenId: "t", name: "sec", role: "secretariat", forumId: null };

  beforeAll(async () => {
    t = await createTestApp("postgres");
    ids = await seedTestForum(t.database.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  const submit = (db: Kysely<Database>, name: string) =>
    saveContribution(
      {
        db,
        now: new Date("2017-09-01T00:00:00Z"),
        secret: t.app.services.secret,
        publicUrl: "http://localhost",
      },
      {
        actor: secretariat,
        forum: ids.forum,
        cycle: ids.cycle2017,
        details: {
          ...emptyDetails(),
          contributor_name: name,
          email: `${name.toLowerCase()}@example.org`,
          stakeholder_group: "academia",
          country: "FR",
          consent: "with_name",
          licence: "cc_by_4_0",
          body_text: `A contribution from ${name}.`,
        },
        uploads: [],
        action: "submit",
        channel: "import",
        receivedAt: new Date("2017-09-01T00:00:00Z"),
        keepDraftOnError: false,
      },
    );

  it("gives two submissions still in their transactions distinct references without one waiting for the other", async () => {
    // The cycle's first submission (it sets up the cycle's numbering).
    const first = await submit(t.database.db, "First");
    expect(first.contribution.reference).toBe("BPF-2017-0001");
    const references = await t.database.db.transaction().execute(async (a) => {
      const one = await submit(a, "Ana");
      // Ana's transaction is still open; Ben's must not wait for it. Were it to wait, the lock timeout would
      // end Ben's transaction with an error instead of a reference.
      const two = await t.database.db.transaction().execute(async (b) => {
        await sql`SET LOCAL lock_timeout = '3s'`.execute(b);
        return submit(b, "Ben");
      });
      return [one.contribution.reference, two.contribution.reference];
    });
    expect(references[0]).toMatch(/^BPF-2017-\d{4}$/);
    expect(references[1]).toMatch(/^BPF-2017-\d{4}$/);
    expect(new Set(references).size).toBe(2);
    expect(references).not.toContain("BPF-2017-0001");
  });
});
