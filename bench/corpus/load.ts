// Loads the synthetic consultation into its own PostgreSQL database (`intersession_bench`): created afresh,
// migrated with the project's migrations, a forum, its cycles and their published questionnaires made through
// the project's services, then N contributions (and their documents' text) streamed in with COPY, indexes
// rebuilt, the per-cycle reference counter set, and the table vacuumed. A marker table remembers the seed,
// N, the generator's version and the migrations, so a second run with the same ones reuses the corpus.
import { once } from "node:events";
import { SingleBar } from "cli-progress";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Actor } from "../../src/auth/actor.js";
import { seedCallsDemoFor } from "../../src/calls/demo.js";
import { listPublishedQuestionnaires } from "../../src/calls/published.js";
import { referenceCounterName } from "../../src/contributions/queries.js";
import { referencePrefix } from "../../src/contributions/reference.js";
import { type AppDatabase, openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import type { CycleRow, ForumRow } from "../../src/forums/index.js";
import { addMilestone, callMilestones, createCycle, createForum, findCycle } from "../../src/forums/index.js";
import {
  type CorpusCycle,
  GENERATOR_VERSION,
  type GeneratedContribution,
  generateContribution,
} from "./generate.js";

export const BENCH_DATABASE = "intersession_bench";
export const FORUM_SLUG = "pc-cyber";
/** The cycle holding the corpus; intake and raw inserts go to cycles of their own so the corpus stays as made. */
export const CORPUS_YEAR = 2025;
export const INTAKE_YEAR = 2026;
export const RAW_YEAR = 2027;

export interface CorpusOptions {
  /** The database to load into (created on the server); intersession_bench unless named. */
  database?: string;
  /** PostgreSQL server URL without a database name's effect (the bench database is made on it). */
  serverUrl: string;
  docs: number;
  seed: number;
  /** Reload even when a matching corpus is there. */
  fresh?: boolean;
  log?: (line: string) => void;
}

export interface Corpus {
  databaseUrl: string;
  forumSlug: string;
  docs: number;
  seed: number;
  corpus: CorpusCycle;
  intake: CorpusCycle;
  raw: CorpusCycle;
  reused: boolean;
  /** Seconds the load took when it was made (this run or the one that made the cached corpus). */
  loadSeconds: number;
  /** Seconds of each phase of that load (copy, indexes, vacuum) and the database's size. */
  phases: Record<string, number>;
  loadedAt: string;
}

/** The URL of a database on the same server. */
export function databaseUrlOn(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const system: Actor = { kind: "system", label: "benchmark corpus" };

async function cycleContext(db: AppDatabase["db"], forum: ForumRow, cycle: CycleRow): Promise<CorpusCycle> {
  const m = await callMilestones(db, cycle.id);
  if (!m.call_opens || !m.soft_deadline || !m.inclusion_cutoff || !m.call_closes)
    throw new Error(`The bench cycle ${cycle.year} lacks a call milestone.`);
  const questionnaires = Object.fromEntries(
    (await listPublishedQuestionnaires(db, cycle.id)).map((q) => [q.variantKey, q]),
  );
  return {
    forumId: forum.id,
    cycleId: cycle.id,
    year: cycle.year,
    referencePrefix: referencePrefix(forum),
    milestones: {
      call_opens: m.call_opens,
      soft_deadline: m.soft_deadline,
      inclusion_cutoff: m.inclusion_cutoff,
      call_closes: m.call_closes,
    },
    questionnaires,
  };
}

/** The corpus, intake and raw-insert cycles of the bench forum, as the generator needs them. */
export async function contexts(db: AppDatabase["db"]) {
  const get = async (year: number) => {
    const { forum, cycle } = await findCycle(db, FORUM_SLUG, String(year));
    return cycleContext(db, forum, cycle);
  };
  return { corpus: await get(CORPUS_YEAR), intake: await get(INTAKE_YEAR), raw: await get(RAW_YEAR) };
}

const day = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The forum and its three cycles, each with a call and the demo forum's published questionnaire. */
export async function createForumAndCycles(db: AppDatabase["db"], now: Date) {
  const forum = await createForum(db, {
    actor: system,
    input: {
      slug: FORUM_SLUG,
      name: "Public Consultation on Cybersecurity and Development",
      description: "A synthetic consultation of many contributions, made by the benchmark suite.",
      languages: ["en", "es", "fr", "ar"],
      time_zone: "UTC",
    },
  });
  const windows: Record<number, [string, string, string, string]> = {
    [CORPUS_YEAR]: ["2025-01-15", "2025-03-15", "2025-03-31", "2025-06-30"],
    // Intake and raw-insert cycles are open now, so what arrives during a run is on time.
    [INTAKE_YEAR]: [
      isoDate(new Date(now.getTime() - 30 * day)),
      isoDate(new Date(now.getTime() + 180 * day)),
      isoDate(new Date(now.getTime() + 200 * day)),
      isoDate(new Date(now.getTime() + 365 * day)),
    ],
  };
  windows[RAW_YEAR] = windows[INTAKE_YEAR]!;
  for (const year of [CORPUS_YEAR, INTAKE_YEAR, RAW_YEAR]) {
    const cycle = await createCycle(db, {
      actor: system,
      forum,
      input: { year, focus: "Cybersecurity and development", status: "call_open" },
      continueFromYear: null,
    });
    const [opens, soft, cutoff, closes] = windows[year]!;
    for (const [kind, at] of [
      ["call_opens", opens],
      ["soft_deadline", soft],
      ["inclusion_cutoff", cutoff],
      ["call_closes", closes],
    ] as const)
      await addMilestone(db, { actor: system, forum, cycle, input: { kind, at } });
    await seedCallsDemoFor(db, { forum, cycle, secretariatUserId: undefined });
  }
}

/** One value in PostgreSQL's COPY text format. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "string"
        ? value
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
}

/** The contributions columns a corpus row fills, in COPY order. */
export const CONTRIBUTION_COLUMNS = [
  "id",
  "forum_id",
  "cycle_id",
  "number",
  "reference",
  "status",
  "channel",
  "variant_key",
  "questionnaire_version_id",
  "form_language",
  "answers",
  "body_text",
  "honorific",
  "contributor_name",
  "organisation",
  "stakeholder_group",
  "country",
  "region",
  "email",
  "email_verified_at",
  "consent",
  "licence",
  "received_at",
  "received_source",
  "timeliness",
  "language",
  "search_text",
  "created_at",
  "updated_at",
  "submitted_at",
  "published_at",
] as const;

/** The values of a generated contribution (published unless asked), in CONTRIBUTION_COLUMNS order. */
export function contributionValues(
  cycle: CorpusCycle,
  c: GeneratedContribution,
  status: "published" | "submitted" = "published",
): unknown[] {
  const published = status === "published" ? new Date(c.received_at.getTime() + 3_600_000) : null;
  return [
    c.id,
    cycle.forumId,
    cycle.cycleId,
    c.number,
    c.reference,
    status,
    c.channel,
    c.variant_key,
    c.questionnaire_version_id,
    c.form_language,
    c.answers,
    c.body_text,
    c.honorific,
    c.contributor_name,
    c.organisation,
    c.stakeholder_group,
    c.country,
    c.region,
    c.email,
    c.email_verified_at,
    c.consent,
    c.licence,
    c.received_at,
    c.received_source,
    c.timeliness,
    c.language,
    c.search_text,
    c.received_at,
    published ?? c.received_at,
    c.received_at,
    published,
  ];
}

/** The contribution_files columns a corpus row fills, in COPY order. */
export const FILE_COLUMNS = [
  "id",
  "contribution_id",
  "role",
  "position",
  "file_name",
  "size",
  "detected_type",
  "media_type",
  "sha256",
  "extraction_status",
  "extracted_text",
  "language",
  "created_at",
];

/** The values of a generated contribution's file (its text extracted), in FILE_COLUMNS order. */
export function fileValues(c: GeneratedContribution, f: GeneratedContribution["files"][number]): unknown[] {
  return [
    f.id,
    c.id,
    f.role,
    f.position,
    f.file_name,
    f.size,
    f.detected_type,
    f.media_type,
    f.sha256,
    "done",
    f.extracted_text,
    f.language,
    c.received_at,
  ];
}

/** Writes a chunk to a COPY stream, waiting when it is full. */
export async function write(stream: NodeJS.WritableStream, chunk: string) {
  if (!stream.write(chunk)) await once(stream, "drain");
}

/** Ends a COPY stream and waits for PostgreSQL to have taken every row. */
export async function finish(stream: NodeJS.WritableStream) {
  const done = once(stream, "finish");
  stream.end();
  await done;
}

/** Indexes (not constraints) on the loaded tables: dropped for the load and rebuilt after, which is faster. */
async function secondaryIndexes(client: pg.Client): Promise<{ name: string; definition: string }[]> {
  const result = await client.query<{ name: string; definition: string }>(`
    SELECT i.indexname AS name, i.indexdef AS definition
    FROM pg_indexes i
    WHERE i.schemaname = 'public' AND i.tablename IN ('contributions', 'contribution_files')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`);
  return result.rows;
}

/**
 * Keeps the per-cycle counters the application maintains in step with the loaded rows: the reference counter
 * row (`contribution_sequences`) and the cycle's reference sequence, which is dropped so that the next
 * submission makes it again after the highest number in use.
 */
async function reconcileCounters(client: pg.Client, cycleId: string) {
  await client.query(`DROP SEQUENCE IF EXISTS ${referenceCounterName(cycleId)}`);
  await client.query(
    `INSERT INTO contribution_sequences (cycle_id, last_number)
     SELECT $1, coalesce(max(number), 0) FROM contributions WHERE cycle_id = $1
     ON CONFLICT (cycle_id) DO UPDATE SET last_number = excluded.last_number`,
    [cycleId],
  );
}

async function readMarker(client: pg.Client) {
  const exists = await client.query(`SELECT to_regclass('public.bench_corpus') AS t`);
  if (!exists.rows[0]?.t) return undefined;
  const result = await client.query<{
    seed: number;
    docs: number;
    generator_version: number;
    migrations: string;
    load_seconds: number;
    loaded_at: Date;
    phases: Record<string, number>;
  }>(`SELECT * FROM bench_corpus`);
  const marker = result.rows[0];
  // A marker from an older version of this loader lacks some columns: treat it as no marker.
  return marker?.phases ? marker : undefined;
}

async function appliedMigrations(client: pg.Client): Promise<string> {
  const result = await client.query<{ name: string }>(`SELECT name FROM kysely_migration ORDER BY name`);
  return result.rows.map((r) => r.name).join(",");
}

/** Makes sure the bench database holds the corpus for this seed and N, loading it when it does not. */
export async function ensureCorpus(options: CorpusOptions): Promise<Corpus> {
  const log = options.log ?? console.log;
  const name = options.database ?? BENCH_DATABASE;
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`${name} is not a plain database name (a-z, 0-9, _).`);
  const databaseUrl = databaseUrlOn(options.serverUrl, name);
  const admin = new pg.Client({ connectionString: databaseUrlOn(options.serverUrl, "postgres") });
  await admin.connect();
  let exists = false;
  try {
    exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
  } finally {
    await admin.end();
  }

  if (exists && !options.fresh) {
    const database = await openDatabase({ databaseUrl });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const before = await appliedMigrations(client).catch(() => "");
      const marker = await readMarker(client);
      await migrateToLatest(database.db);
      const after = await appliedMigrations(client);
      if (
        marker &&
        Number(marker.seed) === options.seed &&
        Number(marker.docs) === options.docs &&
        Number(marker.generator_version) === GENERATOR_VERSION &&
        marker.migrations === after &&
        before === after
      ) {
        log(
          `Reusing the corpus in ${name}: ${options.docs.toLocaleString("en")} contributions, seed ${options.seed} (loaded ${marker.loaded_at.toISOString()} in ${Number(marker.load_seconds).toFixed(0)} s).`,
        );
        return {
          databaseUrl,
          forumSlug: FORUM_SLUG,
          docs: options.docs,
          seed: options.seed,
          ...(await contexts(database.db)),
          reused: true,
          loadSeconds: Number(marker.load_seconds),
          phases: marker.phases,
          loadedAt: marker.loaded_at.toISOString(),
        };
      }
      log(
        marker
          ? `The corpus in ${name} was made with other settings (seed ${marker.seed}, ${Number(marker.docs).toLocaleString("en")} contributions, generator ${marker.generator_version}, or older migrations): loading afresh.`
          : `${name} holds no finished corpus: loading afresh.`,
      );
    } finally {
      await client.end();
      await database.close();
    }
  }
  return loadCorpus(options, name, databaseUrl, log);
}

async function loadCorpus(
  options: CorpusOptions,
  name: string,
  databaseUrl: string,
  log: (line: string) => void,
): Promise<Corpus> {
  const started = performance.now();
  const admin = new pg.Client({ connectionString: databaseUrlOn(options.serverUrl, "postgres") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl });
  const client = new pg.Client({ connectionString: databaseUrl });
  const filesClient = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await filesClient.connect();
  try {
    await migrateToLatest(database.db);
    await createForumAndCycles(database.db, new Date());
    const { corpus, intake, raw } = await contexts(database.db);
    await client.query(`CREATE TABLE bench_campaign_members (
      reference text PRIMARY KEY, contribution_id uuid NOT NULL, campaign_id text NOT NULL)`);
    const indexes = await secondaryIndexes(client);
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);

    for (const c of [client, filesClient]) {
      await c.query(`SET synchronous_commit = off`);
    }
    const contributions = client.query(
      copyFrom(`COPY contributions (${CONTRIBUTION_COLUMNS.join(", ")}) FROM STDIN`),
    );
    const files = filesClient.query(
      copyFrom(`COPY contribution_files (${FILE_COLUMNS.join(", ")}) FROM STDIN`),
    );
    const members: string[] = [];
    const bar = new SingleBar({
      format: "  loading contributions [{bar}] {percentage}% {value}/{total} {rate}/s eta {eta_formatted}",
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    });
    bar.start(options.docs, 0, { rate: 0 });
    const batch = 500;
    let fileCount = 0;
    for (let first = 0; first < options.docs; first += batch) {
      let rows = "";
      let fileRows = "";
      const last = Math.min(options.docs, first + batch);
      for (let i = first; i < last; i++) {
        const c = generateContribution(corpus, options.seed, i, options.docs);
        rows += `${contributionValues(corpus, c).map(copyValue).join("\t")}\n`;
        for (const f of c.files) {
          fileCount++;
          fileRows += `${fileValues(c, f).map(copyValue).join("\t")}\n`;
        }
        if (c.campaign) members.push(`${[c.reference, c.id, c.campaign].map(copyValue).join("\t")}\n`);
      }
      await write(contributions, rows);
      if (fileRows) await write(files, fileRows);
      const seconds = (performance.now() - started) / 1000;
      bar.update(last, { rate: Math.round(last / Math.max(seconds, 0.001)) });
    }
    await finish(contributions);
    await finish(files);
    bar.stop();
    const copied = (performance.now() - started) / 1000;
    const phases: Record<string, number> = {
      copySeconds: copied,
      documents: fileCount,
      campaignMembers: members.length,
    };
    log(
      `  copied ${options.docs.toLocaleString("en")} contributions and ${fileCount.toLocaleString("en")} documents in ${copied.toFixed(0)} s`,
    );
    const campaignCopy = client.query(copyFrom(`COPY bench_campaign_members FROM STDIN`));
    for (let i = 0; i < members.length; i += 1000)
      await write(campaignCopy, members.slice(i, i + 1000).join(""));
    await finish(campaignCopy);

    const indexing = performance.now();
    await client.query(`SET maintenance_work_mem = '512MB'`);
    for (const index of indexes) {
      const one = performance.now();
      await client.query(index.definition);
      log(`  rebuilt ${index.name} in ${((performance.now() - one) / 1000).toFixed(0)} s`);
    }
    phases.indexSeconds = (performance.now() - indexing) / 1000;
    log(`  indexes rebuilt in ${phases.indexSeconds.toFixed(0)} s`);
    await reconcileCounters(client, corpus.cycleId);
    const vacuum = performance.now();
    await client.query(`VACUUM ANALYZE contributions`);
    await client.query(`VACUUM ANALYZE contribution_files`);
    phases.vacuumSeconds = (performance.now() - vacuum) / 1000;
    log(`  vacuumed and analysed in ${phases.vacuumSeconds.toFixed(0)} s`);

    const loadSeconds = (performance.now() - started) / 1000;
    const migrations = await appliedMigrations(client);
    await client.query(`CREATE TABLE bench_corpus (
      seed bigint NOT NULL, docs integer NOT NULL, generator_version integer NOT NULL, migrations text NOT NULL,
      load_seconds double precision NOT NULL, phases jsonb NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now())`);
    const size = await client.query<{ size: string; bytes: string }>(
      `SELECT pg_size_pretty(pg_database_size(current_database())) AS size,
        pg_database_size(current_database()) AS bytes`,
    );
    phases.databaseMb = Number(size.rows[0]?.bytes ?? 0) / 1024 / 1024;
    await client.query(
      `INSERT INTO bench_corpus (seed, docs, generator_version, migrations, load_seconds, phases)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [options.seed, options.docs, GENERATOR_VERSION, migrations, loadSeconds, JSON.stringify(phases)],
    );
    log(
      `Loaded ${options.docs.toLocaleString("en")} contributions (${members.length.toLocaleString("en")} from form-letter campaigns) into ${name} in ${loadSeconds.toFixed(0)} s; the database takes ${size.rows[0]?.size}.`,
    );
    return {
      databaseUrl,
      forumSlug: FORUM_SLUG,
      docs: options.docs,
      seed: options.seed,
      corpus,
      intake,
      raw,
      reused: false,
      loadSeconds,
      phases,
      loadedAt: new Date().toISOString(),
    };
  } finally {
    await client.end().catch(() => undefined);
    await filesClient.end().catch(() => undefined);
    await database.close();
  }
}

/** Removes what a benchmark added to the intake, raw-insert or corpus cycles, and sets the counters back. */
export async function resetBenchCycles(databaseUrl: string, corpus: Corpus): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DELETE FROM contributions WHERE cycle_id = ANY($1)`, [
      [corpus.intake.cycleId, corpus.raw.cycleId],
    ]);
    await client.query(`DELETE FROM contributions WHERE cycle_id = $1 AND number > $2`, [
      corpus.corpus.cycleId,
      corpus.docs,
    ]);
    await client.query(`DELETE FROM contribution_sequences WHERE cycle_id = ANY($1)`, [
      [corpus.intake.cycleId, corpus.raw.cycleId],
    ]);
    for (const cycleId of [corpus.intake.cycleId, corpus.raw.cycleId])
      await client.query(`DROP SEQUENCE IF EXISTS ${referenceCounterName(cycleId)}`);
    await reconcileCounters(client, corpus.corpus.cycleId);
    // Receipts and extraction jobs the benchmark's submissions queued.
    await client.query(`DELETE FROM jobs`);
    await client.query(`DELETE FROM mail_outbox`);
  } finally {
    await client.end();
  }
}
