// The public contributions list and exports at consultation scale: a cycle of N published contributions
// (default 1,000,000) on PostgreSQL. Prints the time of the first page, a page deep in the list, a filtered
// page with its count, the full-text search, and the CSV export with the process's peak memory.
// Run: TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/contributions-list.ts [N]
import { sql } from "kysely";
import { seedTestForum } from "../src/contributions/test-support.js";
import { createTestApp } from "../src/test-support/app.js";

const total = Number(process.argv[2] ?? 1_000_000);
if (!process.env.TEST_DATABASE_URL) throw new Error("Set TEST_DATABASE_URL to a PostgreSQL server.");
const t = await createTestApp("postgres");
try {
  const { forum, cycle2017 } = await seedTestForum(t.database.db);
  const seeding = performance.now();
  // One statement: a contribution every 2 seconds from 15 August 2017, a few groups, countries and words.
  await sql`
    INSERT INTO contributions (forum_id, cycle_id, number, reference, status, channel, contributor_name, email,
      stakeholder_group, country, region, consent, licence, received_at, timeliness, language, body_text,
      search_text, published_at)
    SELECT ${forum.id}, ${cycle2017.id}, n, 'BPF-2017-' || lpad(n::text, 7, '0'), 'published', 'import',
      'Contributor ' || n, 'c' || n || '@example.org',
      (ARRAY['government','civil_society','private_sector','technical_community','academia'])[1 + n % 5],
      (ARRAY['SN','KE','BR','FR','IN','JP'])[1 + n % 6],
      (ARRAY['africa','africa','americas','europe','asia','asia'])[1 + n % 6],
      'with_name', 'cc_by_4_0', timestamptz '2017-08-15 00:00:00+00' + n * interval '2 seconds',
      (ARRAY['on_time','guaranteed','late'])[1 + n % 3], 'en',
      'Form letter ' || (n % 50) || ' about ' || (ARRAY['encryption','incident response','capacity building'])[1 + n % 3],
      'Form letter ' || (n % 50) || ' about ' || (ARRAY['encryption','incident response','capacity building'])[1 + n % 3],
      now()
    FROM generate_series(1, ${total}) AS n`.execute(t.database.db);
  await sql`ANALYZE contributions`.execute(t.database.db);
  console.log(
    `seeded ${total.toLocaleString("en")} contributions in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );

  const time = async (label: string, url: string) => {
    const runs: number[] = [];
    let bytes = 0;
    let body = "";
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const res = await t.app.inject({ method: "GET", url });
      runs.push(performance.now() - started);
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
      bytes = res.rawPayload.length;
      body = res.body;
    }
    console.log(`${label}: ${runs.map((r) => r.toFixed(0)).join(" / ")} ms, ${(bytes / 1024).toFixed(1)} KB`);
    return body;
  };
  const list = "/f/bpf-cyber/2017/contributions";
  const first = await time("first page", list);
  const next = first.match(/href="([^"]+)" rel="next"/)?.[1]?.replace(/&amp;/g, "&");
  await time("second page", next ?? list);
  // Deep in the list: the page before the last row.
  const last = await t.database.db
    .selectFrom("contributions")
    .select(["id", "received_at"])
    .orderBy("received_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  const cursor = Buffer.from(`${last.received_at?.toISOString()}|${last.id}`).toString("base64url");
  await time("last page (keyset before the last row)", `${list}?before=${cursor}`);
  await time("filtered (group + country), with count", `${list}?stakeholder_group=academia&country=KE`);
  await time("full-text search", `${list}?q=encryption`);

  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const watch = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  const csv = await t.app.inject({ method: "GET", url: `${list}.csv` });
  clearInterval(watch);
  console.log(
    `CSV export: ${((performance.now() - started) / 1000).toFixed(1)} s, ${(csv.rawPayload.length / 1024 / 1024).toFixed(0)} MB, ` +
      `${csv.body.split("\r\n").length - 2} rows, RSS growth ${((peak - rssBefore) / 1024 / 1024).toFixed(0)} MB ` +
      "(inject buffers the whole response; a real client streams it)",
  );
} finally {
  await t.close();
}
