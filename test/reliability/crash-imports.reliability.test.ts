// Killed in the middle of an import: the command line's bulk import of contributions and its confirmation of a
// meeting read from a past report. To kill each one *inside* a transaction rather than somewhere around it, the
// test holds a SHARE lock on a table the transaction writes last (the audit log; the next steps), waits until the
// importer's backend is queued on that lock with its earlier rows written, then SIGKILLs the importer and lets
// the lock go. The embedded database belongs to the killed process, so nothing outside it can hold it
// mid-transaction: there the importer is killed once its progress bar says a third of the rows are in, at
// whatever point of a row it has reached (each row is one transaction, and most of an import's time is spent
// inside one), and the folder is then opened as the next start would open it.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { readSeed } from "../../src/meetings/import/test-seeds.js";
import { testForum } from "../../src/meetings/test-fixtures.js";
import { report } from "./figures.js";
import { demand, skipWithout } from "./required.js";

const admin = process.env.TEST_DATABASE_URL;
const withoutPostgres = admin
  ? undefined
  : "a PostgreSQL server named by TEST_DATABASE_URL, for the import crash tests";
const entry = fileURLToPath(new URL("../../src/cli/run.ts", import.meta.url));
const ROWS = 150;

/** Runs `intersession …` against the test database; resolves with its exit once it ends by itself. */
function intersession(
  args: string[],
  target: { databaseUrl: string } | { dataDir: string },
): { child: ChildProcess; done: Promise<number> } {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn" };
  if ("databaseUrl" in target) env.DATABASE_URL = target.databaseUrl;
  else {
    delete env.DATABASE_URL;
    env.INTERSESSION_DATA = target.dataDir;
  }
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const done = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  return { child, done };
}

/** A CSV of `rows` contributions (Windows line ends, a line break inside a text, an accented name), every tenth
 * with a document beside it; returns its path. */
function writeImportCsv(rows: number): string {
  const folder = mkdtempSync(join(tmpdir(), "intersession-crash-import-"));
  const lines = ["contributor_name,organisation,stakeholder_group,country,email,received_at,files,text"];
  for (let i = 0; i < rows; i++) {
    const file = i % 10 === 0 ? `note-${i}.txt` : "";
    if (file) writeFileSync(join(folder, file), `Attached note ${i}: incident reporting between CERTs.`);
    lines.push(
      `Importé ${i},Org ${i},civil_society,KE,import${i}@example.org,2017-09-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00Z,${file},"Row ${i}: capacity building, line one.\nLine two of row ${i}."`,
    );
  }
  const csv = join(folder, "contributions.csv");
  writeFileSync(csv, `${lines.join("\r\n")}\r\n`);
  return csv;
}

interface ImportedRow {
  email: string;
  contributor_name: string;
  body_text: string;
  files: number;
}

const IMPORTED_ROWS_SQL =
  "SELECT email, contributor_name, body_text, (SELECT count(*)::int FROM contribution_files f WHERE f.contribution_id = c.id) AS files FROM contributions c WHERE email LIKE 'import%'";
const UNAUDITED_SQL =
  "SELECT count(*)::int AS n FROM contributions c WHERE email LIKE 'import%' AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.subject_id = c.id::text)";

/** The e-mail addresses of rows that are not exactly what the CSV said (name, text with its line break, file). */
function notWhole(rows: ImportedRow[]): string[] {
  return rows
    .filter((r) => {
      const i = Number(r.email.slice("import".length).split("@")[0]);
      return (
        r.contributor_name !== `Importé ${i}` ||
        r.body_text !== `Row ${i}: capacity building, line one.\nLine two of row ${i}.` ||
        r.files !== (i % 10 === 0 ? 1 : 0)
      );
    })
    .map((r) => r.email);
}

/** How many of each address's rows there are beyond the first. */
function twice(rows: ImportedRow[]): number {
  const byEmail = new Map<string, number>();
  for (const r of rows) byEmail.set(r.email, (byEmail.get(r.email) ?? 0) + 1);
  return [...byEmail.values()].filter((n) => n > 1).length;
}

/** Polls until `check` holds, or fails after `ms`. */
async function until(check: () => Promise<boolean>, what: string, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe.skipIf(skipWithout(withoutPostgres))("an import killed inside its transaction (postgres)", () => {
  const name = `intersession_crash_import_${randomBytes(4).toString("hex")}`;
  let url = "";
  let locker: pg.Client;

  beforeAll(async () => {
    demand(withoutPostgres);
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const u = new URL(admin as string);
    u.pathname = `/${name}`;
    url = u.toString();
    const database = await openDatabase({ databaseUrl: url });
    await migrateToLatest(database.db);
    await testForum(database.db);
    await database.close();
    locker = new pg.Client({ connectionString: url });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    if (!admin) return;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  /** Whether some backend waits for a lock on `table`. */
  const waitingOn = async (table: string) =>
    (
      await locker.query(
        "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = $1::regclass",
        [table],
      )
    ).rows[0].n > 0;
  /** Whether any backend other than the locker still runs a transaction in this database. */
  const othersBusy = async () =>
    (
      await locker.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL",
      )
    ).rows[0].n > 0;
  const count = async (sql: string, params: unknown[] = []) =>
    (await locker.query(sql, params)).rows[0].n as number;

  it(`keeps every row committed before the kill, whole, and a re-run adds the rest once (${ROWS} rows)`, async () => {
    const csv = writeImportCsv(ROWS);
    const args = ["import", "contributions", csv, "--forum", "bpf-cyber", "--year", "2017"];
    const rowsNow = () => count("SELECT count(*)::int AS n FROM contributions WHERE email LIKE 'import%'");

    const first = intersession(args, { databaseUrl: url });
    await until(async () => (await rowsNow()) >= ROWS / 3, "a third of the rows imported");
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE audit_log IN SHARE MODE");
    await until(() => waitingOn("audit_log"), "the importer queued inside a row's transaction");
    const committedBeforeKill = await rowsNow();
    first.child.kill("SIGKILL");
    await locker.query("COMMIT");
    await until(async () => !(await othersBusy()), "the killed importer's transaction ended");
    const afterKill = await rowsNow();
    // The row whose transaction was cut is not there: nothing of it, neither contribution nor audit row.
    expect(afterKill, "rows after the kill").toBe(committedBeforeKill);
    const unaudited = await count(UNAUDITED_SQL);
    expect(unaudited, "contributions without their audit row").toBe(0);

    const second = intersession(args, { databaseUrl: url });
    expect(await second.done, "the re-run ends well").toBe(0);
    const rows = (await locker.query(IMPORTED_ROWS_SQL)).rows as ImportedRow[];
    report(
      "crash: SIGKILL during imports",
      `crash during bulk import (postgres): ${ROWS} rows, SIGKILL inside row ${committedBeforeKill + 1}'s transaction; ${afterKill} stored after the kill, ${rows.length} after the re-run, ${twice(rows)} twice`,
    );
    expect(rows).toHaveLength(ROWS);
    expect(twice(rows), "rows stored twice").toBe(0);
    expect(notWhole(rows), "rows not whole").toEqual([]);
  });

  let seed: { fileName: string; text: string } | undefined;
  let withoutSeed: string | undefined;
  try {
    seed = readSeed("001");
  } catch (error) {
    withoutSeed = `the forum's seed 001 (a past meeting report) for the meeting import's crash test: ${(error as Error).message}`;
  }

  it.skipIf(skipWithout(withoutSeed))(
    "leaves no part of a meeting whose confirmation was killed, and a re-run creates it once, whole",
    async () => {
      demand(withoutSeed);
      if (!seed) return;
      const folder = mkdtempSync(join(tmpdir(), "intersession-crash-meeting-"));
      const file = join(folder, seed.fileName);
      writeFileSync(file, seed.text);
      const args = ["import", "meeting", file, "--forum", "bpf-cyber", "--year", "2017", "--confirm"];
      const meetings = () => count("SELECT count(*)::int AS n FROM meetings");
      const partsOfMeetings = () =>
        count(
          "SELECT ((SELECT count(*) FROM meeting_attendance) + (SELECT count(*) FROM action_items))::int AS n",
        );

      await locker.query("BEGIN");
      await locker.query("LOCK TABLE action_items IN SHARE MODE");
      const first = intersession(args, { databaseUrl: url });
      // The meeting, its summary and its 19 participants are written; the first next step waits for the lock.
      await until(() => waitingOn("action_items"), "the confirmation queued at its next steps");
      first.child.kill("SIGKILL");
      await locker.query("COMMIT");
      await until(async () => !(await othersBusy()), "the killed confirmation's transaction ended");
      expect(await meetings(), "meetings after the kill").toBe(0);
      expect(await partsOfMeetings(), "participants or next steps after the kill").toBe(0);

      const second = intersession(args, { databaseUrl: url });
      expect(await second.done, "the re-run ends well").toBe(0);
      const participants = await count("SELECT count(*)::int AS n FROM meeting_attendance");
      const steps = await count("SELECT count(*)::int AS n FROM action_items");
      report(
        "crash: SIGKILL during imports",
        `crash during meeting import (postgres): SIGKILL inside the confirmation's transaction; 0 meetings after the kill, ${await meetings()} after the re-run with ${participants} participants and ${steps} next steps`,
      );
      expect(await meetings()).toBe(1);
      expect(participants).toBe(19);
      expect(steps).toBeGreaterThan(0);
    },
  );
});

describe("an import killed part way (embedded)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "intersession-crash-import-embedded-"));
  const EMBEDDED_ROWS = 240;

  beforeAll(async () => {
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database.db);
    await testForum(database.db);
    await database.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** The imported rows and how many lack their audit row, read from the folder as the next start opens it. */
  async function readFolder(): Promise<{ rows: ImportedRow[]; unaudited: number }> {
    const database = await openDatabase({ dataDir });
    try {
      const rows = (await sql.raw<ImportedRow>(IMPORTED_ROWS_SQL).execute(database.db)).rows;
      const unaudited = (await sql.raw<{ n: number }>(UNAUDITED_SQL).execute(database.db)).rows[0]?.n ?? -1;
      return { rows, unaudited };
    } finally {
      await database.close();
    }
  }

  it(`keeps every row it finished, whole, and a re-run adds the rest once (${EMBEDDED_ROWS} rows)`, async () => {
    const csv = writeImportCsv(EMBEDDED_ROWS);
    const args = ["import", "contributions", csv, "--forum", "bpf-cyber", "--year", "2017"];
    const first = intersession(args, { dataDir });
    // The progress bar ("Importing … 80/240 rows") is printed to stderr once a second when not on a terminal.
    let reported = 0;
    let killed = false;
    const killedAt = new Promise<number>((resolve, reject) => {
      first.child.stderr?.on("data", (chunk: Buffer) => {
        for (const m of chunk.toString().matchAll(/(\d+)\/(\d+) rows/g)) reported = Number(m[1]);
        if (!killed && reported >= EMBEDDED_ROWS / 3) {
          killed = true;
          first.child.kill("SIGKILL");
          resolve(reported);
        }
      });
      first.done.then((code) => {
        if (!killed) reject(new Error(`the import ended (exit ${code}) before a third of its rows were in`));
      });
    });
    const progressAtKill = await killedAt;
    await first.done;

    const afterKill = await readFolder();
    // Rows the importer had finished are there whole, with their audit rows; the row it was in is either
    // wholly there or not at all.
    expect(afterKill.rows.length, "rows after the kill").toBeGreaterThanOrEqual(progressAtKill);
    expect(afterKill.rows.length, "rows after the kill").toBeLessThan(EMBEDDED_ROWS);
    expect(afterKill.unaudited, "contributions without their audit row").toBe(0);
    expect(notWhole(afterKill.rows), "rows not whole after the kill").toEqual([]);

    const second = intersession(args, { dataDir });
    expect(await second.done, "the re-run ends well").toBe(0);
    const { rows, unaudited } = await readFolder();
    report(
      "crash: SIGKILL during imports",
      `crash during bulk import (embedded): ${EMBEDDED_ROWS} rows, SIGKILL when the progress bar said ${progressAtKill}; ${afterKill.rows.length} stored after the kill (all whole and audited), ${rows.length} after the re-run, ${twice(rows)} twice`,
    );
    expect(rows).toHaveLength(EMBEDDED_ROWS);
    expect(twice(rows), "rows stored twice").toBe(0);
    expect(unaudited, "contributions without their audit row").toBe(0);
    expect(notWhole(rows), "rows not whole").toEqual([]);
  });
});
