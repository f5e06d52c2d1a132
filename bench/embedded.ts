// `npm run bench -- embedded`: the embedded default (PGlite in a worker thread) as a newcomer starts it: a
// fresh data folder with the demo forum, its resident memory at rest and its high-water mark, beside the
// PostgreSQL-backed server at rest. Then, with a consultation-sized cycle loaded into the same folder,
// /healthz timed while a heavy query and a document's text extraction run, beside /healthz at rest.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Document, Packer, Paragraph } from "docx";
import { sql } from "kysely";
import pg from "pg";
import { openDatabase } from "../src/db/database.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { generateContribution, paragraph } from "./corpus/generate.js";
import {
  CONTRIBUTION_COLUMNS,
  contexts,
  contributionValues,
  createForumAndCycles,
  databaseUrlOn,
  FORUM_SLUG,
} from "./corpus/load.js";
import { Random } from "./corpus/random.js";
import { type BenchContext, createToken, percentile } from "./lib/context.js";
import { type RunningProcess, runLoad, sleep, startIntersession } from "./lib/processes.js";
import { type Figure, figure, type Report } from "./lib/report.js";
import { type MemorySummary, RssSampler } from "./lib/rss.js";

const EMPTY_DATABASE = "intersession_bench_empty";

async function restingMemory(server: RunningProcess, settleSeconds: number, seconds: number) {
  await sleep(settleSeconds * 1000);
  const sampler = new RssSampler(server.pid, 200);
  await sleep(seconds * 1000);
  return sampler.stop();
}

/** Loads `docs` generated contributions into an embedded data folder (the server must not be running). */
async function seedEmbedded(dataDir: string, docs: number, seed: number) {
  const database = await openDatabase({ dataDir });
  try {
    await migrateToLatest(database.db);
    await createForumAndCycles(database.db, new Date());
    const { corpus } = await contexts(database.db);
    for (let first = 0; first < docs; first += 200) {
      const rows: Record<string, unknown>[] = [];
      const files: Record<string, unknown>[] = [];
      for (let i = first; i < Math.min(docs, first + 200); i++) {
        const c = generateContribution(corpus, seed, i, docs);
        const values = contributionValues(corpus, c);
        const row = Object.fromEntries(CONTRIBUTION_COLUMNS.map((column, k) => [column, values[k]]));
        row.answers = JSON.stringify(c.answers);
        rows.push(row);
        for (const f of c.files)
          files.push({
            id: f.id,
            contribution_id: c.id,
            role: f.role,
            position: f.position,
            file_name: f.file_name,
            size: f.size,
            detected_type: f.detected_type,
            media_type: f.media_type,
            sha256: f.sha256,
            extraction_status: "done",
            extracted_text: f.extracted_text,
            language: f.language,
          });
      }
      await database.db
        .insertInto("contributions")
        .values(rows as never)
        .execute();
      if (files.length)
        await database.db
          .insertInto("contribution_files")
          .values(files as never)
          .execute();
    }
    await sql`INSERT INTO contribution_sequences (cycle_id, last_number) VALUES (${corpus.cycleId}, ${docs})
      ON CONFLICT (cycle_id) DO UPDATE SET last_number = excluded.last_number`.execute(database.db);
    await sql`ANALYZE contributions`.execute(database.db);
    return corpus;
  } finally {
    await database.close();
  }
}

/** A Word document of about `pages` pages of generated prose, for the extraction to chew on. */
async function wordDocument(pages: number): Promise<Buffer> {
  const rng = new Random(7, pages);
  const paragraphs = Array.from({ length: pages * 6 }, () => new Paragraph(paragraph(rng, "en", 5)));
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] }));
}

async function submitDocument(url: string, path: string, token: string, bytes: Buffer, n: number) {
  const boundary = `----benchdoc${n}`;
  const fields: [string, string][] = [
    ["contributor_name", "Benchmark Extraction"],
    ["stakeholder_group", "academia"],
    ["country", "KE"],
    ["email", `extraction.${n}@example.org`],
    ["consent", "with_name"],
    ["licence", "cc_by_4_0"],
    [
      "answers",
      JSON.stringify({
        q_good_security_helps: "See document.",
        q_poor_security_hinders: "See document.",
        q_critical_issue: "See document.",
      }),
    ],
  ];
  const head = fields
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join("");
  const body = Buffer.concat([
    Buffer.from(
      `${head}--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="long-report-${n}.docx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    body: new Uint8Array(body),
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      authorization: `Bearer ${token}`,
      "idempotency-key": `extraction-${Date.now()}-${n}`,
    },
  });
  const json = (await res.json()) as { id?: string };
  return { status: res.status, id: json.id };
}

/** Runs the embedded benchmark and returns its report. */
export async function embeddedBenchmark(ctx: BenchContext): Promise<Report> {
  const began = performance.now();
  const { options } = ctx;
  const figures: Figure[] = [];
  const notes: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), "bench-embedded-"));
  try {
    // 1. A newcomer's first start: fresh folder, demo forum.
    console.log("  embedded default, fresh data folder with the demo forum…");
    const fresh = await startIntersession({ dataDir, logLevel: options.logLevel });
    let embeddedRest: MemorySummary;
    try {
      embeddedRest = await restingMemory(fresh, 5, 10);
    } finally {
      await fresh.stop();
    }

    // 2. The PostgreSQL-backed server on an empty database, for comparison.
    const admin = new pg.Client({ connectionString: databaseUrlOn(options.pg, "postgres") });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${EMPTY_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${EMPTY_DATABASE}`);
    await admin.end();
    console.log("  PostgreSQL-backed server on an empty database…");
    const postgres = await startIntersession({
      databaseUrl: databaseUrlOn(options.pg, EMPTY_DATABASE),
      demo: false,
      logLevel: options.logLevel,
    });
    let postgresRest: MemorySummary;
    try {
      postgresRest = await restingMemory(postgres, 5, 10);
    } finally {
      await postgres.stop();
    }
    figures.push(
      figure({
        what: "embedded default at rest (demo forum), RSS median",
        value: embeddedRest.medianMb,
        unit: "MB",
        better: "lower",
        ceiling: postgresRest.medianMb,
        ceilingIs: "PostgreSQL-backed server at rest",
        goals: [{ on: "figure", op: "<=", value: 250 }],
        detail: { embedded: embeddedRest, postgres: postgresRest },
      }),
      figure({
        what: "embedded default, high-water mark since start",
        value: embeddedRest.hwmMb,
        unit: "MB",
        better: "lower",
        ceiling: postgresRest.hwmMb,
        ceilingIs: "PostgreSQL-backed server's high-water mark",
      }),
    );

    // 3. A consultation-sized cycle in the same folder, then /healthz while the database is kept busy.
    console.log(`  loading ${options.embeddedDocs.toLocaleString("en")} contributions into the data folder…`);
    const loading = performance.now();
    const corpus = await seedEmbedded(dataDir, options.embeddedDocs, options.seed);
    notes.push(
      `Loaded ${options.embeddedDocs.toLocaleString("en")} generated contributions into the embedded database in ${((performance.now() - loading) / 1000).toFixed(0)} s.`,
    );
    const token = createToken({ dataDir }, FORUM_SLUG);
    const server = await startIntersession({ dataDir, logLevel: options.logLevel });
    const sampler = new RssSampler(server.pid, 100);
    try {
      const health = `${server.url}/healthz`;
      await runLoad({ mode: "probe", url: health, intervalMs: 20, durationMs: 1000 });
      const idle = await runLoad({ mode: "probe", url: health, intervalMs: 20, durationMs: 5000 });
      const document = await wordDocument(40);
      const list = `/f/${FORUM_SLUG}/${corpus.year}/contributions`;
      const heavy = [`${list}?q=the&stakeholder_group=civil_society`, `${list}.csv`];
      let busy = true;
      const heavyTimes: Record<string, number[]> = {};
      const probing = runLoad({
        mode: "probe",
        url: health,
        intervalMs: 20,
        durationMs: options.duration * 1000,
      }).finally(() => {
        busy = false;
      });
      const submissions: { status: number; id?: string }[] = [];
      const working = (async () => {
        let n = 0;
        while (busy) {
          submissions.push(
            await submitDocument(
              server.url,
              `/api/v1/forums/${FORUM_SLUG}/cycles/${corpus.year}/contributions`,
              token,
              document,
              n++,
            ),
          );
          for (const path of heavy) {
            const t = performance.now();
            const res = await fetch(`${server.url}${path}`);
            await res.arrayBuffer();
            const list = heavyTimes[path] ?? [];
            list.push(performance.now() - t);
            heavyTimes[path] = list;
          }
        }
      })();
      const probes = (await probing).probes ?? [];
      await working;
      const times = probes.map(([, ms]) => ms);
      const idleTimes = (idle.probes ?? []).map(([, ms]) => ms);
      const extracted: Record<string, number> = {};
      for (const s of submissions) {
        if (!s.id) continue;
        const res = await fetch(`${server.url}/api/v1/contributions/${s.id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const detail = (await res.json()) as { files?: { extraction_status: string }[] };
        for (const f of detail.files ?? [])
          extracted[f.extraction_status] = (extracted[f.extraction_status] ?? 0) + 1;
      }
      figures.push(
        figure({
          what: "/healthz p99 while a heavy query and an extraction run",
          value: percentile(times, 99),
          unit: "ms",
          better: "lower",
          ceiling: percentile(idleTimes, 99),
          ceilingIs: "/healthz p99 on the same server at rest",
          goals: [{ on: "figure", op: "<=", value: 50 }],
          detail: {
            probes: times.length,
            p50: percentile(times, 50),
            max: times.length ? Math.max(...times) : null,
            non200: probes.filter(([, , status]) => status !== 200).length,
            idleP50: percentile(idleTimes, 50),
            heavyMs: Object.fromEntries(
              Object.entries(heavyTimes).map(([path, list]) => [
                path,
                { runs: list.length, p50: percentile(list, 50), max: Math.max(...list) },
              ]),
            ),
            submissions: submissions.map((s) => s.status),
            extraction: extracted,
          },
        }),
      );
      notes.push(
        `Heavy work: ${heavy.join(" and ")} in a loop, and a ${Math.round(document.length / 1024)} KB Word document submitted for extraction each round.`,
      );
    } finally {
      const memory = sampler.stop();
      await server.stop();
      figures.push(
        figure({
          what: `embedded with ${options.embeddedDocs.toLocaleString("en")} contributions, busy: RSS max`,
          value: memory.maxMb,
          unit: "MB",
          better: "lower",
          detail: { ...memory },
        }),
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    benchmark: "embedded",
    startedAt: new Date(Date.now() - (performance.now() - began)).toISOString(),
    seconds: (performance.now() - began) / 1000,
    options: { ...options },
    machine: ctx.machine,
    figures,
    notes,
  };
}
