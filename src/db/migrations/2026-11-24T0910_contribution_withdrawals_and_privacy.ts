import { type Kysely, sql } from "kysely";

/**
 * A withdrawal records who made it and when (an author's withdrawal can never be published again, and
 * moderators see why); a web form's key replays only the request it first came with (its fingerprint); and
 * the names of anonymous contributors leave the search text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE contributions
      ADD COLUMN withdrawn_at timestamptz,
      ADD COLUMN withdrawn_by text CHECK (withdrawn_by IN ('author', 'secretariat')),
      ADD COLUMN request_hash text NOT NULL DEFAULT ''`.execute(db);
  // Past withdrawals: the audit log says who and when; without a row, the last change is the best date known.
  await sql`
    UPDATE contributions c SET
      withdrawn_by = CASE WHEN EXISTS (
        SELECT 1 FROM audit_log a
        WHERE a.subject_id = c.id::text AND a.action = 'contribution.withdraw_own'
      ) THEN 'author' ELSE 'secretariat' END,
      withdrawn_at = coalesce((
        SELECT max(a.at) FROM audit_log a
        WHERE a.subject_id = c.id::text AND a.action IN ('contribution.withdraw_own', 'contribution.withdraw')
      ), c.updated_at)
    WHERE c.status = 'withdrawn'`.execute(db);
  await stripHiddenNamesFromSearch(db);
}

/**
 * Search text used to start with the reference, the name and the organisation, even for contributors who
 * asked to be published anonymously, so searching a hidden name found their contribution. This takes the name
 * and organisation out of those rows, exactly where the application had written them.
 */
export async function stripHiddenNamesFromSearch<DB>(db: Kysely<DB>): Promise<void> {
  await sql`
    UPDATE contributions SET search_text = concat_ws(
      E'\n\n',
      nullif(coalesce(reference, ''), ''),
      nullif(substr(search_text, length(head) + 3), '')
    )
    FROM (
      SELECT id AS head_id, array_to_string(
        array_remove(ARRAY[coalesce(reference, ''), contributor_name, organisation], ''), E'\n\n'
      ) AS head
      FROM contributions WHERE consent = 'anonymous'
    ) heads
    WHERE contributions.id = heads.head_id
      AND (contributor_name <> '' OR organisation <> '')
      AND left(search_text, length(head)) = head
      AND substr(search_text, length(head) + 1, 2) IN ('', E'\n\n')`.execute(db);
}
