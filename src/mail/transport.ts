// How mail leaves: over SMTP when SMTP_URL is set; otherwise it stays in the outbox for the site
// administrator to read at /admin/outbox (the embedded default, where no mail server is configured).
import type { Transporter } from "nodemailer";

export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export interface MailTransport {
  /** Sends a message; resolves with the server's message id; throws when the server refuses. */
  send(message: OutgoingMessage): Promise<string>;
  close(): void;
}

/** An SMTP transport for the given URL, or undefined for outbox-only mode. */
export function createMailTransport(smtpUrl: string | undefined): MailTransport | undefined {
  if (!smtpUrl) return undefined;
  // nodemailer (about 15 MB) is loaded with the first message, not at start.
  let transporter: Transporter | undefined;
  return {
    async send(message) {
      transporter ??= (await import("nodemailer")).default.createTransport(smtpUrl);
      const info = await transporter.sendMail(message);
      return String(info.messageId ?? "");
    },
    close: () => transporter?.close(),
  };
}
