import type { Generated, JSONColumnType } from "kysely";

export interface MailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export type MailStatus = "queued" | "sent" | "failed" | "outbox";

/** The `mail_outbox` table: every message the site sends, with its delivery state. */
export interface MailOutboxTable {
  id: Generated<string>;
  forum_id: string | null;
  kind: string;
  to_address: string;
  to_name: Generated<string>;
  subject: string;
  text_body: string;
  html_body: string;
  headers: JSONColumnType<Record<string, string>, string | undefined, string>;
  /** Small files sent with the message (an invitation's .ics), content in base64. */
  attachments: JSONColumnType<MailAttachment[], string | undefined, string>;
  bulk: Generated<boolean>;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  message_id: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
}

export interface MailTables {
  mail_outbox: MailOutboxTable;
}
