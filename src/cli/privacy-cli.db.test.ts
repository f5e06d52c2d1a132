// `intersession privacy export` and `intersession privacy erase`, as an administrator types them on the
// embedded default: the zip holds the person's data; erasing asks for --yes, then leaves nothing of them.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../db/database.js";
import { migrateToLatest } from "../db/migrate.js";
import { runCli } from "../test-support/cli.js";
import { makeCycle, makeForum, makePerson, makePublishedContribution } from "../test-support/factories.js";

const embedded = { DATABASE_URL: "" };

describe("intersession privacy", () => {
  it("exports a person's data as a zip, and erases it only with --yes", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "intersession-cli-privacy-"));
    const email = "nadia.okonkwo@example.org";
    const other = "tomas.varga@example.org";
    {
      const database = await openDatabase({ dataDir });
      await migrateToLatest(database.db);
      const forum = await makeForum(database.db);
      const cycle = await makeCycle(database.db, forum, { year: 2026 });
      for (const [name, address] of [
        ["Nadia Okonkwo", email],
        ["Tomas Varga", other],
      ] as const) {
        await makePerson(database.db, { email: address, name, role: "member", forumId: forum.id });
        await makePublishedContribution(database.db, {
          forum,
          cycle,
          name,
          stakeholderGroup: "civil_society",
          country: "NG",
          text: `Community networks need spectrum. Write to ${address}.`,
          receivedAt: "2026-05-01T10:00:00Z",
        });
      }
      await database.close();
    }

    const zip = join(dataDir, "..", `privacy-${Date.now()}.zip`);
    const exported = await runCli(
      ["privacy", "export", "--email", email.toUpperCase(), "--out", zip, "--data", dataDir],
      embedded,
    );
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/Wrote .+: \d+ row\(s\) and 0 file\(s\)\./);
    const json = strFromU8(unzipSync(readFileSync(zip))["personal-data.json"] ?? new Uint8Array());
    expect(json).toContain("Nadia Okonkwo");
    expect(json).not.toContain("Tomas Varga");

    const refused = await runCli(["privacy", "erase", "--email", email, "--data", dataDir], embedded);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("--yes");

    const erased = await runCli(["privacy", "erase", "--email", email, "--yes", "--data", dataDir], embedded);
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.stdout).toContain("Erased.");

    const database = await openDatabase({ dataDir });
    try {
      const mentioning = async (needle: string) =>
        (
          await sql<{ n: number }>`
            select (select count(*) from users u where u::text ilike ${`%${needle}%`})
              + (select count(*) from contributions c where c::text ilike ${`%${needle}%`})
              + (select count(*) from forum_roles r where r::text ilike ${`%${needle}%`}) as n`.execute(
            database.db,
          )
        ).rows[0]?.n;
      expect(Number(await mentioning("okonkwo"))).toBe(0);
      expect(Number(await mentioning("varga"))).toBeGreaterThan(0);
      const audit = await database.db
        .selectFrom("audit_log")
        .select("action")
        .where("action", "in", ["privacy.export", "privacy.erase"])
        .orderBy("id")
        .execute();
      expect(audit.map((a) => a.action)).toEqual(["privacy.export", "privacy.erase"]);
    } finally {
      await database.close();
    }
  }, 480_000);
});
