// Intake: saving a draft, submitting, and the sender's edits, in one transaction with the audit row, the
// receipt mail and the extraction jobs, so a contribution that was acknowledged is committed, and never twice.
// Also the check of the sender's address; the API's own part of a submission is in api-service.ts.
import { randomUUID } from "node:crypto";
import type { Insertable, Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Answers, PublishedQuestionnaire } from "../../calls/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { detectLanguage } from "../../files/language.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { enqueueJob } from "../../jobs/queue.js";
import { AppError, type FieldErrors, isUniqueViolation, notFound } from "../../server/errors.js";
import { writtenParts, writtenText } from "../campaign-text-queries.js";
import { isUuid, type KeyNamespace, keyNamespace } from "../ids.js";
import { isSecretariat, requireSecretariat, timelinessFor } from "../policy.js";
import { forgetListStats } from "../public/list-stats.js";
import {
  type ContributionFileRow,
  type ContributionRow,
  deleteFiles,
  ensureReferenceCounter,
  insertApiRequest,
  insertContribution,
  insertContributionWithApiRequest,
  insertFile,
  nextNumberAndAutoPublish,
  selectAutoPublish,
  selectByIdempotencyKey,
  selectContribution,
  selectFiles,
  updateContribution,
} from "../queries.js";
import { formatReference } from "../reference.js";
import {
  type ContributionDeps,
  callNotOpenError,
  callState,
  EXTRACT_JOB,
  forumReferencePrefix,
  searchTextOf,
} from "../service.js";
import { runAfterSubmission } from "../submission-hooks.js";
import type { ContributionChannel, ContributionsTable, ReceivedSource } from "../tables.js";
import { textChanged } from "../text-hooks.js";
import { answersText } from "./answers.js";
import {
  type ContributionDetails,
  cleanDetails,
  fixedLicence,
  validateSubmission,
  withQuestionnaireRules,
} from "./details.js";
import type { StoredUpload } from "./intake.js";
import { queueReceiptMail } from "./receipt-mail.js";

export interface SaveInput {
  actor: Actor;
  forum: ForumRow;
  cycle: CycleRow;
  /** The contribution being continued (a draft, an edit, a secretariat review). */
  contributionId?: string;
  /**
   * The rendered form's key: a repeated POST finds what the first one made. Namespaced by channel: the web
   * form's `web:<hmac of the form's uuid and the browser's secret>`, the API's `api:<cycleId>:<key>`, the CSV
   * import's `csv:<cycleId>:<hash>`.
   */
  idempotencyKey?: string;
  /** The request's fingerprint (fields and files): the key replays only the request it came with. */
  requestHash?: string;
  details: ContributionDetails;
  uploads: StoredUpload[];
  removeFileIds?: string[];
  action: "draft" | "submit";
  channel: ContributionChannel;
  questionnaire?: PublishedQuestionnaire;
  /** Secretariat only: when it was really received (a mail's Date header, an import's column). */
  receivedAt?: Date;
  receivedSource?: ReceivedSource;
  /** Secretariat only: publish at once (imports), and count the address as checked. */
  publish?: boolean;
  isSample?: boolean;
  /** The API's scoped Idempotency-Key and fingerprint: its answer is kept in the same transaction. */
  apiRequest?: { key: string; requestHash: string };
  /**
   * The caller has just looked the key up and found nothing (the API, whose answers commit with their
   * contribution): the first attempt skips looking for the key's contribution and relies on the key's unique
   * index; a twin that committed meanwhile makes the INSERT fail, and the retry looks it up.
   */
  keySeenUnused?: boolean;
}

export type SaveOutcome = "draft_saved" | "submitted" | "edited" | "replayed" | "invalid" | "key_reused";

export interface SaveResult {
  contribution: ContributionRow;
  files: ContributionFileRow[];
  errors: FieldErrors;
  outcome: SaveOutcome;
  /** An edit by the sender took a published contribution back to awaiting publication. */
  unpublished?: boolean;
}

/** The idempotency-key namespaces each channel may use; a key replays only within its own namespace. */
const keyNamespaces: Record<ContributionChannel, readonly KeyNamespace[]> = {
  web: ["web"],
  api: ["api"],
  import: ["api", "csv"],
  email: [],
  demo: [],
};

/** Whether a stored row may be replayed for a key of this namespace (the web form only finds web rows). */
function replayable(row: ContributionRow, namespace: KeyNamespace): boolean {
  if (keyNamespace(row.idempotency_key) !== namespace) return false;
  return namespace === "web" ? row.channel === "web" : row.channel === "api" || row.channel === "import";
}

/**
 * Whether a sender's edit of a published contribution may stay published: only when the cycle publishes
 * verified contributions by itself and the address is still verified. Otherwise it goes back to "submitted"
 * and waits for the secretariat, like a new submission.
 */
async function staysPublished(trx: Kysely<Database>, cycleId: string, verifiedAt: Date | null) {
  return verifiedAt !== null && (await selectAutoPublish(trx, cycleId));
}

/** Characters of a submission's text its language is guessed from. */
const LANGUAGE_SAMPLE = 512;

/** Cycles whose reference sequence this process has seen to exist. */
const numberedCycles = new Set<string>();

/**
 * Saves a draft or submits a contribution (new, continued or edited). A repeated submission of the same
 * form returns the first result; a submission that fails validation keeps the draft and its accepted files
 * when `keepDraftOnError`.
 */
export async function saveContribution(
  deps: ContributionDeps,
  input: SaveInput & { keepDraftOnError: boolean },
): Promise<SaveResult> {
  // The cycle's reference sequence is made once, outside the submission's transaction, so first submissions
  // arriving together do not trip over each other's creation of it.
  if (input.action === "submit" && !numberedCycles.has(input.cycle.id)) {
    await ensureReferenceCounter(deps.db, input.cycle.id);
    numberedCycles.add(input.cycle.id);
  }
  let result: SaveResult;
  try {
    result = await saveOnce(deps, input);
  } catch (error) {
    // Two identical POSTs raced: the loser finds the winner's row on the second try.
    if (!(input.idempotencyKey && isUniqueViolation(error))) throw error;
    result = await saveOnce(deps, { ...input, keySeenUnused: false });
  }
  // The list's figures change only with what readers see: a submission that publishes (auto-publication,
  // imports), an edit of a published contribution, or one that takes it back to moderation. A submission
  // awaiting moderation (most of them) leaves them alone.
  const published = result.contribution.status === "published";
  if (result.outcome === "submitted" && published)
    forgetListStats(input.cycle.id, { published: 1, contribution: result.contribution });
  else if (result.outcome === "edited" && result.unpublished)
    forgetListStats(input.cycle.id, { published: -1, contribution: result.contribution });
  // An edit of a published contribution may change what it is listed under: counted again.
  else if (result.outcome === "edited" && published) forgetListStats(input.cycle.id);
  // After the commit: campaigns assign a new contribution to its campaign (a few indexed lookups).
  const received = result.contribution;
  if (result.outcome === "submitted" && received.received_at)
    await runAfterSubmission(deps.db, {
      id: received.id,
      forumId: received.forum_id,
      cycleId: received.cycle_id,
      receivedAt: received.received_at,
      text: writtenText(received),
      parts: writtenParts(received),
    });
  return result;
}

async function saveOnce(
  deps: ContributionDeps,
  input: SaveInput & { keepDraftOnError: boolean },
): Promise<SaveResult> {
  const { db, now } = deps;
  const { actor, forum, cycle } = input;
  const secretariat = await isSecretariat(db, actor, forum.id);
  if ((input.receivedAt || input.publish || input.isSample) && !secretariat)
    await requireSecretariat(db, actor, forum.id);
  // Everything that needs no database is worked out before the transaction takes a connection: the
  // questionnaire's own rules (a fixed licence) whatever the request carried, the cleaned values, and the
  // language of the text (franc: its cost grows with the sample, a fifth of the server's CPU per submission
  // on 2,048 characters; the first 512 of typed prose give the same verdict).
  const details = withQuestionnaireRules(input.details, input.questionnaire);
  const values = cleanDetails(details, fixedLicence(input.questionnaire));
  const language = detectLanguage(
    `${values.body_text}\n${answersText(input.questionnaire, details.answers)}`,
    LANGUAGE_SAMPLE,
  );

  /** Whether the API's answer was written with the contribution (see below). */
  let answered = false;
  return inTransaction(db, async (trx) => {
    answered = false;
    const result = await saveIn(trx);
    // The API's answer is kept for its key in the same commit: one round trip and one commit fewer than after
    // it, and never a committed contribution whose key has no answer to replay. A new complete submission
    // has already written it with its INSERT.
    if (input.apiRequest && !answered)
      await insertApiRequest(trx, {
        ...input.apiRequest,
        contributionId: result.contribution.id,
        response: { ...apiReceipt(result.contribution) },
      });
    return result;
  });

  async function saveIn(trx: Kysely<Database>): Promise<SaveResult> {
    let existing: ContributionRow | undefined;
    if (input.contributionId) {
      existing = await selectContribution(trx, input.contributionId, true);
      if (!existing || existing.cycle_id !== cycle.id) throw notFound();
    } else if (input.idempotencyKey) {
      const namespace = keyNamespace(input.idempotencyKey);
      if (!namespace || !keyNamespaces[input.channel].includes(namespace))
        throw new AppError(
          "bad_request",
          "This form's key is not valid. Please reload the form and send it again.",
          { messageKey: "contributions.refusal.formKeyInvalid" },
        );
      // One round trip fewer for the API's new keys (see keySeenUnused).
      if (!input.keySeenUnused) existing = await selectByIdempotencyKey(trx, input.idempotencyKey, true);
      if (existing && (existing.cycle_id !== cycle.id || !replayable(existing, namespace))) throw notFound();
      // The same key with another request (the back button, then other text) changes nothing: the caller
      // says so. The same request again (a double click, a retry) gets the first one's result.
      if (existing && input.requestHash !== undefined && existing.request_hash !== input.requestHash)
        return {
          contribution: existing,
          files: await selectFiles(trx, existing.id),
          errors: {},
          outcome: "key_reused",
        };
      if (existing && (existing.status !== "draft" || input.requestHash !== undefined)) {
        return {
          contribution: existing,
          files: await selectFiles(trx, existing.id),
          errors: {},
          outcome: "replayed",
        };
      }
    }
    // A withdrawal is final, whoever asks; a hidden contribution is the secretariat's to change.
    if (existing?.status === "withdrawn")
      throw new AppError("gone", "This contribution was withdrawn.", {
        messageKey: "contributions.withdrawn.title",
      });
    if (existing?.status === "hidden" && !secretariat)
      throw new AppError(
        "conflict",
        "The secretariat has hidden this contribution; it can no longer be changed.",
        {
          messageKey: "contributions.hidden.noChanges",
        },
      );

    // The call's window applies to contributors; the secretariat enters what arrived by other channels.
    const { rows: milestoneRows, milestones, result } = await callState(trx, cycle, now);
    let autoPublish: boolean | undefined;
    const cycleAutoPublishes = async () => {
      autoPublish ??= await selectAutoPublish(trx, cycle.id);
      return autoPublish;
    };
    const isEdit = existing !== undefined && existing.status !== "draft";
    if (!secretariat) {
      if (isEdit) {
        const until = milestones.inclusion_cutoff ?? milestones.call_closes;
        if (until && now > until)
          throw new AppError("conflict", "This contribution can no longer be changed.", {
            messageKey: "contributions.edit.closed",
          });
      } else if (result.status !== "open") {
        throw callNotOpenError(result.status);
      }
    }

    // Only well-formed ids reach the uuid column; only this contribution's files are removed.
    const removeFileIds = [...new Set((input.removeFileIds ?? []).filter(isUuid))];
    /** Stores the uploads as the contribution's files (a new main document replaces the old one). */
    const attachUploads = async (contributionId: string, current: ContributionFileRow[]) => {
      let files = current;
      let position = files.reduce((max, f) => Math.max(max, f.position), -1) + 1;
      for (const upload of input.uploads) {
        if (upload.role === "main") {
          const oldMain = files.filter((f) => f.role === "main").map((f) => f.id);
          if (oldMain.length) await deleteFiles(trx, contributionId, oldMain);
          files = files.filter((f) => f.role !== "main");
        }
        const a = upload.accepted;
        const file = await insertFile(trx, {
          contribution_id: contributionId,
          role: upload.role,
          position: upload.role === "main" ? -1 : position++,
          file_name: a.fileName,
          size: a.size,
          detected_type: a.detectedType,
          media_type: a.mediaType,
          sha256: a.sha256,
          warnings: JSON.stringify(a.warnings),
        });
        files.push(file);
        // Due by the server's clock (not the database's), so a test clock and the runner agree.
        await enqueueJob(trx, EXTRACT_JOB, { fileId: file.id }, { maxAttempts: 3, runAt: now });
      }
      return input.uploads.length || removeFileIds.length ? await selectFiles(trx, contributionId) : files;
    };
    const newRow = {
      ...values,
      forum_id: forum.id,
      cycle_id: cycle.id,
      channel: input.channel,
      idempotency_key: input.idempotencyKey ?? null,
      request_hash: input.requestHash ?? "",
      questionnaire_version_id: input.questionnaire?.versionId ?? null,
      is_sample: input.isSample ?? false,
      received_at: input.receivedAt ?? null,
      received_source: input.receivedSource ?? "server",
      created_at: now,
      updated_at: now,
    };
    /** What submitting adds to a contribution: its number and reference, status, timeliness and dates. */
    const submission = async (received: {
      at: Date | null;
      source: ReceivedSource;
      verifiedAt: Date | null;
    }) => {
      const receivedAt = input.receivedAt ?? received.at ?? now;
      // The number and the cycle's auto-publication in one round trip; the receipt needs the latter too.
      const { number, autoPublish: cycleAutoPublish } = await nextNumberAndAutoPublish(trx, cycle.id);
      autoPublish = cycleAutoPublish;
      const verified = input.publish ? now : received.verifiedAt;
      const publish = input.publish || (cycleAutoPublish && verified !== null);
      return {
        number,
        reference: formatReference(await forumReferencePrefix(trx, forum, db), cycle.year, number),
        status: publish ? ("published" as const) : ("submitted" as const),
        received_at: receivedAt,
        received_source: input.receivedAt ? (input.receivedSource ?? "import") : received.source,
        timeliness: timelinessFor(receivedAt, milestones),
        submitted_at: now,
        published_at: publish ? now : null,
        email_verified_at: verified,
      };
    };

    // A new, complete submission is written by one INSERT that already carries its number, reference,
    // status, language and search text: inserting a draft and then updating it wrote the row and its eight
    // indexes twice. Its files (which need the row) follow. Anything else takes the path below.
    if (!existing && input.action === "submit") {
      const mains = input.uploads.filter((u) => u.role === "main").length;
      const counts = { main: Math.min(mains, 1), total: input.uploads.length - Math.max(0, mains - 1) };
      const complete =
        Object.keys(validateSubmission(details, counts, input.questionnaire, { secretariat })).length === 0;
      if (complete) {
        const submitted = await submission({
          at: null,
          source: newRow.received_source,
          verifiedAt: null,
        });
        // The files as selectFiles will list them: the (last) main document first, then the appendices.
        const lastMain = input.uploads.findLast((u) => u.role === "main");
        const listed = [
          ...(lastMain ? [lastMain] : []),
          ...input.uploads.filter((u) => u.role !== "main"),
        ].map((u) => ({ file_name: u.accepted.fileName, extracted_text: null }));
        const answers = JSON.parse(values.answers) as Answers;
        const full = {
          ...newRow,
          ...submitted,
          language,
          search_text: searchTextOf({ ...values, ...submitted, answers }, listed),
        };
        // Through the API, the key's answer goes in the same statement (its id is chosen here for it).
        const id = randomUUID();
        const row = input.apiRequest
          ? await insertContributionWithApiRequest(
              trx,
              { ...full, id },
              {
                ...input.apiRequest,
                response: { ...apiReceipt({ ...submitted, id }) },
              },
            )
          : await insertContribution(trx, full);
        answered = input.apiRequest !== undefined;
        const files = await attachUploads(row.id, []);
        return await afterSave(row, files, {}, "submitted", false);
      }
    }

    let row: ContributionRow;
    if (existing) {
      row = await updateContribution(trx, existing.id, { ...values, updated_at: now });
    } else {
      row = await insertContribution(trx, newRow);
    }

    if (removeFileIds.length) {
      await deleteFiles(trx, row.id, removeFileIds);
    }
    // A new contribution has no files yet.
    const files = await attachUploads(row.id, existing ? await selectFiles(trx, row.id) : []);

    let outcome: SaveOutcome = isEdit ? "edited" : "draft_saved";
    let errors: FieldErrors = {};
    if (input.action === "submit" || isEdit) {
      errors = validateSubmission(
        details,
        { main: files.filter((f) => f.role === "main").length, total: files.length },
        input.questionnaire,
        { secretariat },
      );
      if (Object.keys(errors).length > 0) {
        if (!input.keepDraftOnError || isEdit)
          throw new AppError("invalid", "The contribution is not complete.", {
            messageKey: "contributions.refusal.incomplete",
            fields: errors,
          });
        outcome = "invalid";
      }
    }

    const changes: Partial<ContributionRow> = { language: language ?? row.language };
    let unpublished = false;
    if (outcome !== "invalid" && input.action === "submit" && !isEdit) {
      Object.assign(
        changes,
        await submission({
          at: row.received_at,
          source: row.received_source,
          verifiedAt: row.email_verified_at,
        }),
      );
      outcome = "submitted";
    } else if (outcome === "edited") {
      Object.assign(changes, { edit_count: row.edit_count + 1 });
      // A changed address must be checked again.
      const verifiedAt = values.email !== existing?.email ? null : row.email_verified_at;
      if (verifiedAt === null) Object.assign(changes, { email_verified_at: null });
      // The sender's changes to a published contribution go through moderation again (the secretariat's own
      // edits do not), unless the cycle auto-publishes and the address is still verified.
      if (
        !secretariat &&
        existing?.status === "published" &&
        !(await staysPublished(trx, cycle.id, verifiedAt))
      ) {
        Object.assign(changes, { status: "submitted", published_at: null });
        unpublished = true;
      }
    }
    const merged = { ...row, ...changes } as ContributionRow;
    row = await updateContribution(trx, row.id, {
      ...changes,
      answers: JSON.stringify(merged.answers),
      search_text: searchTextOf(merged, files),
    } as never);
    return await afterSave(row, files, errors, outcome, unpublished);

    /** The audit row and the sender's mail of a saved contribution, in its transaction. */
    async function afterSave(
      row: ContributionRow,
      files: ContributionFileRow[],
      errors: FieldErrors,
      outcome: SaveOutcome,
      unpublished: boolean,
    ): Promise<SaveResult> {
      if (outcome === "submitted") {
        await recordAudit(trx, {
          actor,
          forumId: forum.id,
          action: "contribution.submit",
          subjectType: "contribution",
          subjectId: row.id,
          after: {
            reference: row.reference,
            timeliness: row.timeliness,
            channel: row.channel,
            status: row.status,
          },
        });
        // Bulk imports of past records must not mail everyone a receipt years later.
        if (row.email && row.channel !== "demo" && row.channel !== "import")
          await queueReceiptMail(trx, deps, {
            forum,
            cycle,
            contribution: row,
            kind: "receipt",
            known: { milestones: milestoneRows, autoPublish: await cycleAutoPublishes() },
          });
      } else if (outcome === "edited") {
        await recordAudit(trx, {
          actor,
          forumId: forum.id,
          action: "contribution.edit",
          subjectType: "contribution",
          subjectId: row.id,
          before: { edit_count: existing?.edit_count, status: existing?.status },
          after: { edit_count: row.edit_count, status: row.status },
        });
        // The author's text changed: excerpts coded in it are found again in the same transaction.
        await textChanged(trx, row, now);
        if (row.email && row.email_verified_at === null)
          await queueReceiptMail(trx, deps, {
            forum,
            cycle,
            contribution: row,
            kind: "edited",
            known: { milestones: milestoneRows },
          });
      } else if (!existing) {
        await recordAudit(trx, {
          actor,
          forumId: forum.id,
          action: "contribution.draft",
          subjectType: "contribution",
          subjectId: row.id,
          after: { channel: row.channel },
        });
      }
      return { contribution: row, files, errors, outcome, unpublished };
    }
  }
}

/** Marks the sender's address as checked (the receipt mail's link); publishes when the cycle auto-publishes. */
export async function verifyEmail(deps: ContributionDeps, contributionId: string): Promise<ContributionRow> {
  const { db, now } = deps;
  const changed = await inTransaction(db, async (trx) => {
    const row = await selectContribution(trx, contributionId, true);
    if (!row) throw notFound();
    if (row.email_verified_at) return { updated: row, published: false };
    const publish = row.status === "submitted" && (await selectAutoPublish(trx, row.cycle_id));
    const updated = await updateContribution(trx, row.id, {
      email_verified_at: now,
      ...(publish ? { status: "published" as const, published_at: now } : {}),
    });
    await recordAudit(trx, {
      actor: { kind: "system", label: `sender of ${row.reference ?? row.id}` },
      forumId: row.forum_id,
      action: publish ? "contribution.verify_and_publish" : "contribution.verify",
      subjectType: "contribution",
      subjectId: row.id,
      after: { status: updated.status },
    });
    return { updated, published: publish };
  });
  if (changed.published)
    forgetListStats(changed.updated.cycle_id, { published: 1, contribution: changed.updated });
  return changed.updated;
}

/** Stores one of the demo forum's invented samples as it is given, with its audit row, in the caller's transaction. */
export async function storeSample(
  trx: Kysely<Database>,
  values: Insertable<ContributionsTable> & { reference: string },
): Promise<ContributionRow> {
  const row = await insertContribution(trx, values);
  await recordAudit(trx, {
    actor: { kind: "system", label: "demo forum" },
    forumId: row.forum_id,
    action: "contribution.submit",
    subjectType: "contribution",
    subjectId: row.id,
    after: { reference: row.reference, timeliness: row.timeliness, channel: row.channel, status: row.status },
  });
  return row;
}

/** What the API answers for a contribution it took. */
export interface ApiReceipt {
  id: string;
  reference: string;
  timeliness: string;
  status: string;
}

/** The API's answer for a contribution it took. */
export function apiReceipt(
  c: Pick<ContributionRow, "id" | "reference" | "timeliness" | "status">,
): ApiReceipt {
  return { id: c.id, reference: c.reference ?? "", timeliness: c.timeliness ?? "on_time", status: c.status };
}
