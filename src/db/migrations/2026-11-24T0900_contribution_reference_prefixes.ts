import { type Kysely, sql } from "kysely";

/**
 * Reference prefixes are stored, one per forum and unique on the site: two forums whose names start alike
 * ("bpf-cybersecurity", "bpf-gender") both derived "BPF" and the second one's first contribution collided with
 * the first one's reference. A row without a forum reserves a prefix that existing references use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE contribution_reference_prefixes (
      prefix text PRIMARY KEY CHECK (prefix ~ '^[A-Z0-9]{1,6}$'),
      forum_id uuid UNIQUE REFERENCES forums(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await assignExistingPrefixes(db);
}

/**
 * Gives forums that already have references the prefix they use, changing no reference. A prefix used by one
 * forum stays its own (the one it used last, when it used several; the others are reserved). A prefix that
 * several forums used (in different years, or the second would have failed) is reserved for nobody: either
 * forum numbering on with it could repeat a reference of the other, so each gets a fresh one when next needed.
 */
export async function assignExistingPrefixes<DB>(db: Kysely<DB>): Promise<void> {
  const used = await sql<{ forum_id: string; prefix: string; last_used: Date }>`
    SELECT forum_id, split_part(reference, '-', 1) AS prefix, max(coalesce(received_at, created_at)) AS last_used
    FROM contributions
    WHERE reference IS NOT NULL
    GROUP BY forum_id, split_part(reference, '-', 1)`.execute(db);
  const forumsByPrefix = new Map<string, Set<string>>();
  for (const row of used.rows) {
    const forums = forumsByPrefix.get(row.prefix) ?? new Set<string>();
    forums.add(row.forum_id);
    forumsByPrefix.set(row.prefix, forums);
  }
  // Each forum's own prefix: the one it used last among those no other forum used.
  const own = new Map<string, { prefix: string; lastUsed: number }>();
  for (const row of used.rows) {
    if (forumsByPrefix.get(row.prefix)?.size !== 1) continue;
    const lastUsed = new Date(row.last_used).getTime();
    const current = own.get(row.forum_id);
    if (!current || lastUsed > current.lastUsed) own.set(row.forum_id, { prefix: row.prefix, lastUsed });
  }
  const owner = new Map([...own].map(([forumId, { prefix }]) => [prefix, forumId]));
  for (const prefix of forumsByPrefix.keys()) {
    if (!/^[A-Z0-9]{1,6}$/.test(prefix)) continue;
    const forumId = owner.get(prefix) ?? null;
    // A forum that somehow holds a prefix already keeps it; the legacy one is then only reserved.
    const taken = forumId
      ? await sql`SELECT 1 FROM contribution_reference_prefixes WHERE forum_id = ${forumId}`.execute(db)
      : { rows: [] };
    await sql`
      INSERT INTO contribution_reference_prefixes (prefix, forum_id)
      VALUES (${prefix}, ${taken.rows.length ? null : forumId})
      ON CONFLICT DO NOTHING`.execute(db);
  }
}
