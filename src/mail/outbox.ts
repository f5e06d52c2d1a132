// The outbox: every message is written here first, in the transaction of the change that caused it, with a
// delivery job beside it. Delivery happens after commit, with retries.

import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../db/schema.js";
import { enqueueJobWith } from "../jobs/queue.js";
import { outboxInsert, selectOutbox, selectOutboxMessage, updateDelivery } from "./queries.js";
import type { MailAttachment, MailOutboxTable, MailStatus } from "./tables.js";

export type OutboxMessage = Selectable<MailOutboxTable>;

export const DELIVER_MAIL_JOB = "mail.deliver";
declare module "../jobs/kinds.js" {
  interface JobPayloads {
    "mail.deliver": { id: string };
  }
}

export interface QueuedMail {
  to: string;
  toName?: string;
  kind: string;
  subject: string;
  text: string;
  html: string;
  forumId?: string | null;
  /** Bulk mail (calls, reminders, list messages) carries List-Unsubscribe. */
  bulk?: boolean;
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
}

/** Queues a message for delivery; pass the change's transaction. */
export async function queueMail(trx: Kysely<Database>, mail: QueuedMail): Promise<string> {
  // Bulk mail without a way out is what spam filters (and RFC 8058 senders' rules) punish: refuse it here,
  // where every sender passes, rather than trust each caller to remember.
  if (mail.bulk && !mail.headers?.["List-Unsubscribe"])
    throw new Error(
      `Bulk mail (${mail.kind}) must carry a List-Unsubscribe header; see mail/unsubscribe.ts.`,
    );
  // The message and its delivery job in one statement (one round trip per mail instead of two).
  const id = randomUUID();
  const message = {
    id,
    to_address: mail.to,
    to_name: mail.toName ?? "",
    kind: mail.kind,
    subject: mail.subject,
    text_body: mail.text,
    html_body: mail.html,
    forum_id: mail.forumId ?? null,
    bulk: mail.bulk ?? false,
    headers: JSON.stringify(mail.headers ?? {}),
    attachments: JSON.stringify(mail.attachments ?? []),
  };
  await enqueueJobWith(trx, DELIVER_MAIL_JOB, { id }, { maxAttempts: 6 }, outboxInsert(message));
  return id;
}

/** One message by id. */
export function getOutboxMessage(db: Kysely<Database>, id: string): Promise<OutboxMessage | undefined> {
  return selectOutboxMessage(db, id);
}

/** The newest messages, optionally for one address or status. */
export function listOutbox(
  db: Kysely<Database>,
  filter: { to?: string; status?: MailStatus; limit?: number; forumId?: string },
): Promise<OutboxMessage[]> {
  return selectOutbox(db, { ...filter, to: filter.to?.toLowerCase(), limit: filter.limit ?? 100 });
}

/** Records the outcome of a delivery attempt. */
export async function markDelivery(
  db: Kysely<Database>,
  id: string,
  outcome: { status: MailStatus; at: Date; messageId?: string; error?: string },
): Promise<void> {
  await updateDelivery(db, id, {
    status: outcome.status,
    sentAt: outcome.status === "sent" || outcome.status === "outbox" ? outcome.at : null,
    messageId: outcome.messageId ?? null,
    error: outcome.error ?? null,
  });
}
