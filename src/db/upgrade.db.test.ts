// Upgrades: a database made by the previous release, with data in it, migrates to this release's schema and
// reads as before; a database made by a newer release is refused with words a person can act on.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../server/app.js";
import { testConfig } from "../test-support/app.js";
import { runCli } from "../test-support/cli.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/databases.js";
import { openDatabase } from "./database.js";
import { knownMigrationNames, migrateToLatest, NewerSchemaError } from "./migrate.js";

/** The last migration of the release before the F6–F8 work (2026-11-24): the previous release's schema. */
const PREVIOUS_RELEASE = "2026-11-24T1100_cycle_phase_after_call";
const FUTURE = "2099-01-01T0000_from_a_newer_release";

describe.each(testEngines)("upgrades on %s", (engine) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it("migrates the previous release's database with its data, which reads as before", async () => {
    database = await createTestDatabase(engine, { upTo: PREVIOUS_RELEASE });
    const db = database.db;
    // Rows as the previous release wrote them, in its own columns.
    await sql`INSERT INTO forums (id, slug, name, time_zone)
      VALUES ('00000000-0000-4000-8000-000000000001', 'bpf-old', 'Old Forum', 'UTC')`.execute(db);
    await sql`INSERT INTO cycles (id, forum_id, year, focus, status)
      VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 2025,
        'Resilience', 'analysis')`.execute(db);
    await sql`INSERT INTO contributions (forum_id, cycle_id, number, reference, status, channel, answers,
        body_text, contributor_name, organisation, stakeholder_group, country, email, consent, licence,
        received_at, timeliness, language, search_text, submitted_at, published_at)
      VALUES ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 1, 'OLD-2025-001',
        'published', 'web', '{}', 'Undersea cables need redundant landing stations.', 'Amina Quispe',
        'Andes Network', 'civil_society', 'PE', 'amina@example.org', 'with_name', 'cc_by_4_0',
        '2025-05-01T10:00:00Z', 'on_time', 'en', 'Undersea cables need redundant landing stations. Amina Quispe',
        '2025-05-01T10:00:00Z', '2025-05-02T10:00:00Z')`.execute(db);

    const applied = await migrateToLatest(db);
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.at(-1)).toBe((await knownMigrationNames()).at(-1));

    const app = await buildApp({ config: testConfig(), database, logger: false });
    try {
      const list = await app.inject({ url: "/f/bpf-old/2025/contributions" });
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain("Amina Quispe");
      // The search reads the vector the upgrade added, computed from the old rows' text.
      const search = await app.inject({ url: "/f/bpf-old/2025/contributions?q=landing" });
      expect(search.body).toContain("OLD-2025-001");
      const none = await app.inject({ url: "/f/bpf-old/2025/contributions?q=satellite" });
      expect(none.body).not.toContain("OLD-2025-001");
    } finally {
      await app.close();
    }
  });

  it("refuses a database a newer release has migrated, naming its migration", async () => {
    database = await createTestDatabase(engine);
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${FUTURE}, now())`.execute(database.db);
    const attempt = migrateToLatest(database.db);
    await expect(attempt).rejects.toThrow(NewerSchemaError);
    await expect(migrateToLatest(database.db)).rejects.toThrow(
      `This database was made by a newer Intersession (migration ${FUTURE}); install that version or restore a backup.`,
    );
  });
});

describe("a server on a newer release's data folder", () => {
  it("does not start, says why and exits non-zero", async () => {
    const data = mkdtempSync(join(tmpdir(), "intersession-upgrade-"));
    const database = await openDatabase({ dataDir: data });
    await migrateToLatest(database.db);
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${FUTURE}, now())`.execute(database.db);
    await database.close();
    const result = await runCli(["serve", "--port", "0", "--data", data]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `This database was made by a newer Intersession (migration ${FUTURE}); install that version or restore a backup.`,
    );
  }, 120_000);
});
