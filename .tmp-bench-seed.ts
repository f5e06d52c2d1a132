import { sql } from "kysely";
import { openDatabase } from "./src/db/database.js";
import { migrateToLatest } from "./src/db/migrate.js";
import { seedTestForum } from "./src/contributions/test-support.js";
const url = "postgres://postgres@127.0.0.1:5432/bench1m";
const d = await openDatabase({ databaseUrl: url } as never);
await migrateToLatest(d.db);
const { forum, cycle2017 } = await seedTestForum(d.db);
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
    FROM generate_series(1, 1000000) AS n`.execute(d.db);
await sql`ANALYZE contributions`.execute(d.db);
await d.close();
