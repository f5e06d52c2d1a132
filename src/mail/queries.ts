// The mail folder's SQL: the outbox. Only this folder touches the table.
import type { Insertable, Kysely, QueryCreator, Selectable } from "kysely";
import type { Database } from "../db/schema.js";
import type { MailOutboxTable, MailStatus } from "./tables.js";

/** The INSERT of a message whose id is chosen beforehand, for a statement that also queues its delivery. */
export function outboxInsert(values: Insertable<MailOutboxTable> & { id: string }) {
  return (db: QueryCreator<Database>) => db.insertInto("mail_outbox").values(values);
}

/** One message by id. */
export function selectOutboxMessage(
  db: Kysely<Database>,
  id: string,
): Promise<Selectable<MailOutboxTable> | undefined> {
  return db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The newest messages, optionally for one address (as stored), status or forum. */
export function selectOutbox(
  db: Kysely<Database>,
  filter: { to?: string; status?: MailStatus; limit: number; forumId?: string },
): Promise<Selectable<MailOutboxTable>[]> {
  let q = db
    .selectFrom("mail_outbox")
    .selectAll()
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(filter.limit);
  if (filter.to) q = q.where("to_address", "=", filter.to);
  if (filter.status) q = q.where("status", "=", filter.status);
  if (filter.forumId) q = q.where("forum_id", "=", filter.forumId);
  return q.execute();
}

/** Records a delivery attempt's outcome and counts the attempt. */
export async function updateDelivery(
  db: Kysely<Database>,
  id: string,
  outcome: { status: MailStatus; sentAt: Date | null; messageId: string | null; error: string | null },
): Promise<void> {
  await db
    .updateTable("mail_outbox")
    .set((eb) => ({
      status: outcome.status,
      attempts: eb("attempts", "+", 1),
      sent_at: outcome.sentAt,
      message_id: outcome.messageId,
      last_error: outcome.error,
    }))
    .where("id", "=", id)
    .execute();
}
