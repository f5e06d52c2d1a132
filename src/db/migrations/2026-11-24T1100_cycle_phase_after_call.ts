import { type Kysely, sql } from "kysely";

/**
 * Publishing a cycle's call now moves the cycle from scoping into its call phase. Cycles whose call was
 * published before that rule still say "Scoping"; they move now, each with an audit row saying why.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await moveScopingCyclesWithPublishedCalls(db);
}

/**
 * Moves every cycle still in scoping that has a published questionnaire into the call phase, logging each
 * move as the migration's. The status is the secretariat's to set and the call window reads it, so it is
 * corrected in place rather than derived on display.
 */
export async function moveScopingCyclesWithPublishedCalls<DB>(db: Kysely<DB>): Promise<void> {
  // One statement, so each move and its audit row commit together.
  await sql`
    WITH moved AS (
      UPDATE cycles SET status = 'call_open', updated_at = now()
      WHERE status = 'scoping' AND EXISTS (
        SELECT 1 FROM questionnaires q
        JOIN questionnaire_versions v ON v.questionnaire_id = q.id
        WHERE q.cycle_id = cycles.id
      )
      RETURNING id, forum_id
    )
    INSERT INTO audit_log (actor_kind, actor_id, actor_label, forum_id, action, subject_type, subject_id, before, after)
    SELECT 'system', NULL, 'migration', forum_id, 'cycle.phase', 'cycle', id::text,
      '{"status":"scoping"}'::jsonb, '{"status":"call_open","because":"questionnaire.publish"}'::jsonb
    FROM moved`.execute(db);
}
