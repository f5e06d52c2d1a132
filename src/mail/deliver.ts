// The delivery job: sends one outbox message, or (without SMTP) marks it as kept in the outbox.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { JobOf } from "../jobs/queue.js";
import { getOutboxMessage, markDelivery } from "./outbox.js";
import type { MailTransport } from "./transport.js";

/** Builds the handler of mail.deliver jobs. */
export function mailDeliveryHandler(deps: {
  db: Kysely<Database>;
  transport: MailTransport | undefined;
  from: string;
  clock: () => Date;
}) {
  return async (job: JobOf<"mail.deliver">): Promise<void> => {
    const id = job.payload.id;
    const message = await getOutboxMessage(deps.db, id);
    if (!message || message.status === "sent" || message.status === "outbox") return;
    if (!deps.transport) {
      await markDelivery(deps.db, id, { status: "outbox", at: deps.clock() });
      return;
    }
    try {
      const to = message.to_name
        ? `"${message.to_name.replace(/["\\\r\n]/g, "")}" <${message.to_address}>`
        : message.to_address;
      const messageId = await deps.transport.send({
        from: deps.from,
        to,
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
        headers: message.headers,
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.contentBase64, "base64"),
        })),
      });
      await markDelivery(deps.db, id, { status: "sent", at: deps.clock(), messageId });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const final = job.attempts >= job.max_attempts;
      await markDelivery(deps.db, id, { status: final ? "failed" : "queued", at: deps.clock(), error: text });
      throw error;
    }
  };
}
