// Bulk import of contributions from a CSV file and the documents it names (the command line's
// `intersession import contributions`). Each row is idempotent: importing the same file twice adds nothing.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { parse } from "csv-parse/sync";
import type { Actor } from "../../auth/index.js";
import type { UploadLimits } from "../../files/limits.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { invalid } from "../../server/errors.js";
import { isLocale } from "../../ui/i18n/locales.js";
import { hasMessage, translator } from "../../ui/i18n/translate.js";
import { decodeTextFile } from "../../ui/text.js";
import { requireSecretariat } from "../policy.js";
import type { ContributionDeps } from "../service.js";
import type { FileStore } from "../storage.js";
import { emptyDetails, validateSubmission } from "../submit/details.js";
import { inspectAndStore, type UploadedFile } from "../submit/intake.js";
import { saveContribution } from "../submit/service.js";

export interface CsvImportReport {
  imported: { row: number; reference: string; timeliness: string }[];
  alreadyImported: { row: number; reference: string }[];
  refused: { row: number; reasons: string[] }[];
}

const english = translator("en");

/** Columns the importer reads; unknown columns are reported, not guessed at. */
export const CSV_COLUMNS = [
  "contributor_name",
  "honorific",
  "organisation",
  "stakeholder_group",
  "country",
  "email",
  "language",
  "received_at",
  "text",
  "files",
  "consent",
  "licence",
  "variant",
  "answers",
] as const;

/** Finds a document a row names: its bytes, or a sentence saying why it cannot be had. */
export type DocumentSource = (name: string) => Promise<Buffer | { missing: string }>;

/** Documents in the CSV's own folder (the command line): names may not reach outside it. */
export function folderSource(csvPath: string): DocumentSource {
  const folder = dirname(resolve(csvPath));
  return async (name) => {
    const path = resolve(folder, name);
    if (!path.startsWith(folder + sep)) return { missing: `file “${name}” is outside the CSV's folder` };
    try {
      return await readFile(path);
    } catch {
      return { missing: `file “${name}” was not found next to the CSV` };
    }
  };
}

/** Documents uploaded beside the CSV (the API), found by their file name. */
export function uploadedSource(files: { fileName: string; bytes: Buffer }[]): DocumentSource {
  const byName = new Map(files.map((f) => [f.fileName, f.bytes]));
  return async (name) => byName.get(name) ?? { missing: `file “${name}” was not among the uploaded files` };
}

/** Imports every row of a CSV as a submitted (or published) contribution received at its `received_at`. */
export async function importContributionsCsv(
  deps: ContributionDeps & { store: FileStore; limits: UploadLimits },
  input: {
    actor: Actor;
    forum: ForumRow;
    cycle: CycleRow;
    csv: Buffer;
    documents: DocumentSource;
    publish: boolean;
    onStart?: (rows: number) => void;
    onRow?: () => void;
  },
): Promise<CsvImportReport> {
  await requireSecretariat(deps.db, input.actor, input.forum.id);
  let records: Record<string, string>[];
  try {
    records = parse(decodeTextFile(input.csv), {
      columns: true,
      skip_empty_lines: true,
      bom: true,
      trim: true,
    });
  } catch (error) {
    throw invalid(
      `The CSV could not be read: ${(error as Error).message.slice(0, 200)}`,
      {
        csv: "contributions.import.csvUnreadable",
      },
      {
        messageKey: "contributions.refusal.csvUnreadable",
        messageValues: { reason: (error as Error).message.slice(0, 200) },
      },
    );
  }
  const report: CsvImportReport = { imported: [], alreadyImported: [], refused: [] };
  input.onStart?.(records.length);
  const unknown = Object.keys(records[0] ?? {}).filter(
    (c) => !(CSV_COLUMNS as readonly string[]).includes(c),
  );
  if (unknown.length)
    report.refused.push({ row: 1, reasons: [`Unknown columns ignored: ${unknown.join(", ")}.`] });

  for (const [index, record] of records.entries()) {
    const row = index + 2; // the header is row 1
    const reasons: string[] = [];
    const get = (c: (typeof CSV_COLUMNS)[number]) => record[c] ?? "";
    const details = {
      ...emptyDetails(get("variant") || "base", isLocale(get("language")) ? get("language") : "en"),
      honorific: get("honorific"),
      contributor_name: get("contributor_name"),
      organisation: get("organisation"),
      stakeholder_group: get("stakeholder_group"),
      country: get("country").toUpperCase(),
      email: get("email"),
      consent: get("consent") || "with_name",
      licence: get("licence") || "cc_by_4_0",
      body_text: get("text"),
    };
    if (get("answers")) {
      try {
        details.answers = JSON.parse(get("answers"));
      } catch {
        reasons.push("the answers column is not valid JSON");
      }
    }
    const receivedAt = get("received_at") ? new Date(get("received_at")) : undefined;
    if (receivedAt && Number.isNaN(receivedAt.getTime()))
      reasons.push(`received_at “${get("received_at")}” is not a date`);

    const uploads: UploadedFile[] = [];
    for (const [i, name] of get("files")
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean)
      .entries()) {
      const found = await input.documents(name);
      if ("missing" in found) reasons.push(found.missing);
      else
        uploads.push({
          field: i === 0 ? "main" : "appendices",
          fileName: name,
          bytes: found,
          overLimit: false,
        });
    }
    const { stored, refusals } = await inspectAndStore(deps.store, uploads, deps.limits);
    reasons.push(...refusals.map((r) => r.message));
    const errors = validateSubmission(
      details,
      { main: stored.filter((s) => s.role === "main").length, total: stored.length },
      undefined,
      {
        secretariat: true,
      },
    );
    // The same sentences the web form shows, in English, with the column they concern.
    reasons.push(
      ...Object.entries(errors).map(([field, key]) => `${field}: ${hasMessage(key) ? english(key) : key}`),
    );
    if (reasons.length) {
      report.refused.push({ row, reasons });
      input.onRow?.();
      continue;
    }
    const key = `csv:${input.cycle.id}:${createHash("sha256").update(JSON.stringify(record)).digest("hex")}`;
    const result = await saveContribution(deps, {
      actor: input.actor,
      forum: input.forum,
      cycle: input.cycle,
      idempotencyKey: key,
      details,
      uploads: stored,
      action: "submit",
      channel: "import",
      receivedAt: receivedAt ?? deps.now,
      receivedSource: "import",
      publish: input.publish || undefined,
      keepDraftOnError: false,
    });
    const c = result.contribution;
    if (result.outcome === "replayed") report.alreadyImported.push({ row, reference: c.reference ?? "" });
    else report.imported.push({ row, reference: c.reference ?? "", timeliness: c.timeliness ?? "" });
    input.onRow?.();
  }
  return report;
}
