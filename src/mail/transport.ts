// How mail leaves: over SMTP when SMTP_URL is set; otherwise it stays in the outbox for the site
// administrator to read at /admin/outbox (the embedded default, where no mail server is configured).
import nodemailer from "nodemailer";

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
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      const info = await transporter.sendMail(message);
      return String(info.messageId ?? "");
    },
    close: () => transporter.close(),
  };
}
