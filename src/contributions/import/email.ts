// Contributions that arrived by e-mail: the secretariat uploads a .eml or an .mbox, and every message becomes a
// draft to confirm: the sender, the mail's Date (which counts as the time of receipt), the body, and the
// attachments (each inspected like any upload).
import type { Actor } from "../../auth/index.js";
import type { UploadLimits } from "../../files/limits.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { requireSecretariat } from "../policy.js";
import type { ContributionRow } from "../queries.js";
import type { ContributionDeps } from "../service.js";
import type { FileStore } from "../storage.js";
import { emptyDetails } from "../submit/details.js";
import { type FileRefusal, inspectAndStore } from "../submit/intake.js";
import { saveContribution } from "../submit/service.js";

/** Splits an mbox into messages (a single .eml comes back as one). */
export function splitMbox(text: string): string[] {
  if (!text.startsWith("From ")) return [text];
  return text
    .split(/^From .*\r?\n/m)
    .filter((m) => m.trim() !== "")
    .map((m) => m.replace(/^>(>*From )/gm, "$1"));
}

export interface MailImportReport {
  created: ContributionRow[];
  refusals: FileRefusal[];
  problems: string[];
}

/** Turns each message of an .eml/.mbox into a draft contribution received at the mail's Date. */
export async function importMail(
  deps: ContributionDeps & { store: FileStore; limits: UploadLimits },
  input: { actor: Actor; forum: ForumRow; cycle: CycleRow; bytes: Buffer },
): Promise<MailImportReport> {
  await requireSecretariat(deps.db, input.actor, input.forum.id);
  const report: MailImportReport = { created: [], refusals: [], problems: [] };
  // Loaded for an import only: mailparser holds about 30 MB that a server at rest need not.
  const { simpleParser } = await import("mailparser");
  const messages = splitMbox(input.bytes.toString("latin1"));
  for (const [index, raw] of messages.entries()) {
    const mail = await simpleParser(Buffer.from(raw, "latin1"), { skipHtmlToText: false });
    const from = mail.from?.value[0];
    const subject = mail.subject ?? "";
    if (!from?.address) {
      report.problems.push(`Message ${index + 1} (“${subject}”) has no sender address and was skipped.`);
      continue;
    }
    const uploads = (mail.attachments ?? [])
      .filter((a) => a.contentDisposition === "attachment" || a.filename)
      .map((a, i) => ({
        field: i === 0 ? "main" : "appendices",
        fileName: a.filename ?? `attachment-${i + 1}`,
        bytes: a.content,
        overLimit: false,
      }));
    const { stored, refusals } = await inspectAndStore(deps.store, uploads, deps.limits);
    report.refusals.push(...refusals);
    const details = emptyDetails("base", "en");
    details.contributor_name = from.name ?? "";
    details.email = from.address;
    details.body_text = [subject, (mail.text ?? "").trim()].filter(Boolean).join("\n\n");
    const received = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : undefined;
    if (!received)
      report.problems.push(
        `Message ${index + 1} (“${subject}”) has no Date header; the upload time is used.`,
      );
    const result = await saveContribution(deps, {
      actor: input.actor,
      forum: input.forum,
      cycle: input.cycle,
      details,
      uploads: stored,
      action: "draft",
      channel: "email",
      receivedAt: received ?? deps.now,
      receivedSource: received ? "mail_date" : "server",
      keepDraftOnError: true,
    });
    report.created.push(result.contribution);
  }
  return report;
}
