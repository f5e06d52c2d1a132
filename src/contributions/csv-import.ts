// Bulk import of contributions from a CSV file and the documents it names (the command line's
// `intersession import contributions`). Each row is idempotent: importing the same file twice adds nothing.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { parse } from "csv-parse/sync";
import type { Actor } from "../auth/actor.js";
import type { UploadLimits } from "../files/limits.js";
import type { CycleRow, ForumRow } from "../forums/lookup.js";
import { isLocale } from "../ui/i18n/locales.js";
import { inspectAndStore, type UploadedFile } from "./intake.js";
import { type ContributionDeps, emptyDetails, saveContribution, validateSubmission } from "./service.js";
import type { FileStore } from "./storage.js";

export interface CsvImportReport {
  imported: { row: number; reference: string; timeliness: string }[];
  alreadyImported: { row: number; reference: string }[];
  refused: { row: number; reasons: string[] }[];
}

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

/** Imports every row of a CSV as a submitted (or published) contribution received at its `received_at`. */
export async function importContributionsCsv(
  deps: ContributionDeps & { store: FileStore; limits: UploadLimits },
  input: {
    actor: Actor;
    forum: ForumRow;
    cycle: CycleRow;
    csvPath: string;
    publish: boolean;
    onStart?: (rows: number) => void;
    onRow?: () => void;
  },
): Promise<CsvImportReport> {
  const folder = dirname(resolve(input.csvPath));
  const records = parse(await readFile(input.csvPath), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
    trim: true,
  }) as Record<string, string>[];
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
      const path = resolve(folder, name);
      if (!path.startsWith(folder + sep)) {
        reasons.push(`file “${name}” is outside the CSV's folder`);
        continue;
      }
      try {
        uploads.push({
          field: i === 0 ? "main" : "appendices",
          fileName: name,
          bytes: await readFile(path),
          overLimit: false,
        });
      } catch {
        reasons.push(`file “${name}” was not found next to the CSV`);
      }
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
    reasons.push(
      ...Object.entries(errors).map(
        ([field, key]) => `${field}: ${key.replace(/^contributions\.error\./, "")}`,
      ),
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
