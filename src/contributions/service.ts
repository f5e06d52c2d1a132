// Intake, editing, moderation and publication of contributions. Services take explicit arguments, check the
// policy first, and do their work in one transaction with the audit row, the receipt mail and the extraction
// jobs, so a contribution that was acknowledged is committed, and never twice.
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/record.js";
import type { Actor } from "../auth/actor.js";
import type { Answers, ConsentQuestion, PublishedQuestionnaire } from "../calls/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { detectLanguage } from "../files/language.js";
import { type CycleRow, callMilestones, type ForumRow } from "../forums/lookup.js";
import { classifyTimeliness, type Timeliness } from "../forums/time/timeliness.js";
import { isCountryCode, isStakeholderGroup, regionOf } from "../geo/countries.js";
import { enqueueJob } from "../jobs/queue.js";
import { AppError, type FieldErrors, invalid, isUniqueViolation, notFound } from "../server/errors.js";
import { isLocale, type Locale } from "../ui/i18n/locales.js";
import { normalizeLineEnds } from "../ui/text.js";
import { isUuid, type KeyNamespace, keyNamespace } from "./ids.js";
import { callWindow, isSecretariat, requireSecretariat } from "./policy.js";
import { forgetListStats } from "./public/list-stats.js";
import {
  type ContributionFileRow,
  type ContributionRow,
  claimReferencePrefix,
  ensureReferenceCounter,
  nextNumber,
  selectAutoPublish,
  selectByIdempotencyKey,
  selectContribution,
  selectFiles,
  selectReferencePrefix,
  upsertAutoPublish,
} from "./queries.js";
import { formatReference, prefixCandidates } from "./reference.js";
import { answersBlank, answersText, fileQuestion, questionsOf, validateAnswers } from "./submit/answers.js";
import type { StoredUpload } from "./submit/intake.js";
import { queueReceiptMail } from "./submit/receipt-mail.js";
import type { ContributionChannel, PublishConsent, ReceivedSource } from "./tables.js";

export const EXTRACT_JOB = "contributions.extract";
declare module "../jobs/kinds.js" {
  interface JobPayloads {
    "contributions.extract": { fileId: string };
  }
}

/** Licences a contributor may choose for publication. */
export const LICENCES = ["cc_by_4_0", "cc0", "forum_terms"] as const;

/** What every service needs besides its input. */
export interface ContributionDeps {
  db: Kysely<Database>;
  now: Date;
  secret: string;
  publicUrl: string;
  /** Where contributors write when the forum has no list of its own (the site's administrator). */
  adminEmail?: string;
}

/** The contributor's details and content, as typed in the form or sent to the API. */
export interface ContributionDetails {
  honorific: string;
  contributor_name: string;
  organisation: string;
  stakeholder_group: string;
  country: string;
  email: string;
  consent: string;
  licence: string;
  body_text: string;
  answers: Answers;
  variant_key: string;
  form_language: string;
}

/** Empty details, for a new form. */
export function emptyDetails(variantKey = "base", language = "en"): ContributionDetails {
  return {
    honorific: "",
    contributor_name: "",
    organisation: "",
    stakeholder_group: "",
    country: "",
    email: "",
    consent: "",
    licence: "cc_by_4_0",
    body_text: "",
    answers: {},
    variant_key: variantKey,
    form_language: language,
  };
}

/** Details from a stored contribution, to fill the form again. */
export function detailsOf(row: ContributionRow): ContributionDetails {
  return {
    honorific: row.honorific,
    contributor_name: row.contributor_name,
    organisation: row.organisation,
    stakeholder_group: row.stakeholder_group ?? "",
    country: row.country ?? "",
    email: row.email,
    consent: row.consent ?? "",
    licence: row.licence,
    body_text: row.body_text,
    answers: row.answers,
    variant_key: row.variant_key,
    form_language: row.form_language,
  };
}

/** The questionnaire's consent question, if it asks one: its wording, whether anonymity is offered, its licence. */
export function consentQuestionOf(
  questionnaire: PublishedQuestionnaire | undefined,
): ConsentQuestion | undefined {
  return questionnaire
    ? (questionsOf(questionnaire).find((q) => q.type === "consent") as ConsentQuestion | undefined)
    : undefined;
}

/**
 * The one licence a questionnaire fixes (its consent question's), as a licence code when its words name one
 * ("CC BY 4.0" → cc_by_4_0), else in the secretariat's own words.
 */
export function fixedLicence(questionnaire: PublishedQuestionnaire | undefined): string | undefined {
  const text = consentQuestionOf(questionnaire)?.licence?.trim();
  if (!text) return undefined;
  const key = text.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (/^(ccby40?|ccby40international|creativecommonsattribution40(international)?)$/.test(key))
    return "cc_by_4_0";
  if (/^(cc0(10)?|cczero|publicdomain)$/.test(key)) return "cc0";
  if (key === "forumterms") return "forum_terms";
  return text.slice(0, 200);
}

/** The details with the questionnaire's rules applied: a fixed licence is the licence, whatever was sent. */
export function withQuestionnaireRules(
  details: ContributionDetails,
  questionnaire: PublishedQuestionnaire | undefined,
): ContributionDetails {
  const fixed = fixedLicence(questionnaire);
  return fixed ? { ...details, licence: fixed } : details;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field errors of a submission: details, consent, licence, answers and the content itself. */
export function validateSubmission(
  details: ContributionDetails,
  files: { main: number; total: number },
  questionnaire: PublishedQuestionnaire | undefined,
  options: { secretariat?: boolean } = {},
): FieldErrors {
  const errors: FieldErrors = {};
  if (!details.contributor_name.trim() && !details.organisation.trim())
    errors.contributor_name = "contributions.error.nameOrOrganisation";
  if ([...details.contributor_name].length > 200) errors.contributor_name = "contributions.error.tooLong";
  if ([...details.organisation].length > 200) errors.organisation = "contributions.error.tooLong";
  if (!isStakeholderGroup(details.stakeholder_group))
    errors.stakeholder_group = "contributions.error.stakeholderGroup";
  if (!isCountryCode(details.country)) errors.country = "contributions.error.country";
  // Mail received by the secretariat may come from an address nobody should write to again.
  if (!emailPattern.test(details.email.trim()) && !(options.secretariat && details.email === ""))
    errors.email = "contributions.error.email";
  const consentQuestion = consentQuestionOf(questionnaire);
  if (details.consent !== "with_name" && details.consent !== "anonymous")
    errors.consent = "contributions.error.consent";
  else if (details.consent === "anonymous" && consentQuestion && !consentQuestion.allowAnonymous)
    errors.consent = "contributions.error.consentNamedOnly";
  const fixed = fixedLicence(questionnaire);
  if (fixed ? details.licence !== fixed : !(LICENCES as readonly string[]).includes(details.licence))
    errors.licence = "contributions.error.licence";
  if (questionnaire) {
    Object.assign(errors, validateAnswers(questionnaire, details.answers));
    if (fileQuestion(questionnaire, "main")?.required && files.main === 0)
      errors.main = "contributions.error.mainFile";
  } else if (!details.body_text.trim() && files.total === 0) {
    errors.body_text = "contributions.error.content";
  }
  if ([...details.body_text].length > 100_000) errors.body_text = "contributions.error.tooLong";
  return errors;
}

/** Whether a new submission carries nothing at all: no answer, no text, no detail typed (files are counted apart). */
export function isBlankSubmission(details: ContributionDetails): boolean {
  const typed = [
    details.honorific,
    details.contributor_name,
    details.organisation,
    details.stakeholder_group,
    details.country,
    details.email,
    details.consent,
    details.body_text,
  ];
  return typed.every((v) => v.trim() === "") && answersBlank(details.answers);
}

/** The call's state at an instant: open with a timeliness, or refused with the matching error. */
export async function callState(db: Kysely<Database>, cycle: Pick<CycleRow, "id" | "status">, at: Date) {
  const milestones = await callMilestones(db, cycle.id);
  return { milestones, result: callWindow(cycle.status, milestones, at) };
}

/** The error for a call that does not take contributions at this instant. */
export function callNotOpenError(status: "not_open" | "closed"): AppError {
  return status === "closed"
    ? new AppError("call_closed", "The call for contributions has closed.", {
        messageKey: "contributions.closed.title",
      })
    : new AppError("call_not_open", "The call for contributions is not open yet.", {
        messageKey: "contributions.notOpen.title",
      });
}

/** Whether the sender may still change or withdraw a contribution: until the inclusion cutoff (or close). */
export async function editableUntil(db: Kysely<Database>, cycleId: string): Promise<Date | undefined> {
  const m = await callMilestones(db, cycleId);
  return m.inclusion_cutoff ?? m.call_closes ?? undefined;
}

function timelinessFor(receivedAt: Date, milestones: Awaited<ReturnType<typeof callMilestones>>): Timeliness {
  const result = classifyTimeliness(receivedAt, milestones);
  if (result.status === "open") return result.timeliness;
  // Entered by the secretariat: mail sent before the call opened counts as on time, after it closed as late.
  return result.status === "not_open" ? "on_time" : "late";
}

/**
 * The forum's reference prefix: the stored one, or the first free candidate, claimed in the caller's
 * transaction. Unique on the site, and never changed once a reference has used it.
 */
export async function forumReferencePrefix(
  trx: Kysely<Database>,
  forum: Pick<ForumRow, "id" | "name" | "slug">,
): Promise<string> {
  const stored = await selectReferencePrefix(trx, forum.id);
  if (stored) return stored;
  for (const candidate of prefixCandidates(forum)) {
    if (await claimReferencePrefix(trx, forum.id, candidate)) return candidate;
    // A concurrent first submission to the same forum may have claimed one for it meanwhile.
    const claimed = await selectReferencePrefix(trx, forum.id);
    if (claimed) return claimed;
  }
  throw new Error(`No free reference prefix for the forum ${forum.slug}.`);
}

/**
 * The text searched for a contribution: who (when readers may know it), what they wrote, their answers and
 * their files' text. An anonymous contributor's name and organisation are never in it: nobody may find a
 * contribution by what they cannot see (the e-mail address is never searchable either).
 */
export function searchTextOf(
  row: Pick<
    ContributionRow,
    "contributor_name" | "organisation" | "body_text" | "answers" | "reference" | "consent"
  >,
  files: Pick<ContributionFileRow, "file_name" | "extracted_text">[],
): string {
  const named = row.consent !== "anonymous";
  return [
    row.reference ?? "",
    named ? row.contributor_name : "",
    named ? row.organisation : "",
    row.body_text,
    answersText(undefined, row.answers),
    ...files.map((f) => `${f.file_name}\n${f.extracted_text ?? ""}`),
  ]
    .filter(Boolean)
    .join("\n\n")
    .slice(0, 1_000_000);
}

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

function cleanDetails(d: ContributionDetails, fixed: string | undefined) {
  const country = isCountryCode(d.country) ? d.country : null;
  return {
    honorific: d.honorific.trim().slice(0, 40),
    contributor_name: d.contributor_name.trim().slice(0, 200),
    organisation: d.organisation.trim().slice(0, 200),
    stakeholder_group: isStakeholderGroup(d.stakeholder_group) ? d.stakeholder_group : null,
    country,
    region: country ? regionOf(country) : null,
    email: d.email.trim().toLowerCase().slice(0, 320),
    consent: d.consent === "with_name" || d.consent === "anonymous" ? (d.consent as PublishConsent) : null,
    licence: fixed ?? ((LICENCES as readonly string[]).includes(d.licence) ? d.licence : ""),
    body_text: normalizeLineEnds(d.body_text).slice(0, 100_000),
    answers: JSON.stringify(d.answers ?? {}, (_key, value) =>
      typeof value === "string" ? normalizeLineEnds(value) : value,
    ),
    variant_key: d.variant_key || "base",
    form_language: isLocale(d.form_language) ? d.form_language : "en",
  };
}

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
    result = await saveOnce(deps, input);
  }
  // The list's figures change only with what readers see: a submission that publishes (auto-publication,
  // imports), an edit of a published contribution, or one that takes it back to moderation. A submission
  // awaiting moderation (most of them) leaves them alone.
  const changed = result.outcome === "submitted" || result.outcome === "edited";
  if (changed && (result.contribution.status === "published" || result.unpublished))
    forgetListStats(input.cycle.id);
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

  return inTransaction(db, async (trx) => {
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
        );
      existing = await selectByIdempotencyKey(trx, input.idempotencyKey, true);
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
    const { milestones, result } = await callState(trx, cycle, now);
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

    // The questionnaire's own rules (a fixed licence) whatever the request carried.
    const details = withQuestionnaireRules(input.details, input.questionnaire);
    const values = cleanDetails(details, fixedLicence(input.questionnaire));
    let row: ContributionRow;
    if (existing) {
      row = await trx
        .updateTable("contributions")
        .set({ ...values, updated_at: now })
        .where("id", "=", existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    } else {
      row = await trx
        .insertInto("contributions")
        .values({
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
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    }

    // Only well-formed ids reach the uuid column; only this contribution's files are removed.
    const removeFileIds = [...new Set((input.removeFileIds ?? []).filter(isUuid))];
    if (removeFileIds.length) {
      await trx
        .deleteFrom("contribution_files")
        .where("contribution_id", "=", row.id)
        .where("id", "in", removeFileIds)
        .execute();
    }
    let files = await selectFiles(trx, row.id);
    let position = files.reduce((max, f) => Math.max(max, f.position), -1) + 1;
    for (const upload of input.uploads) {
      // A new main document replaces the old one.
      if (upload.role === "main") {
        const oldMain = files.filter((f) => f.role === "main").map((f) => f.id);
        if (oldMain.length) await trx.deleteFrom("contribution_files").where("id", "in", oldMain).execute();
        files = files.filter((f) => f.role !== "main");
      }
      const a = upload.accepted;
      const file = await trx
        .insertInto("contribution_files")
        .values({
          contribution_id: row.id,
          role: upload.role,
          position: upload.role === "main" ? -1 : position++,
          file_name: a.fileName,
          size: a.size,
          detected_type: a.detectedType,
          media_type: a.mediaType,
          sha256: a.sha256,
          warnings: JSON.stringify(a.warnings),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      files.push(file);
      // Due by the server's clock (not the database's), so a test clock and the runner agree.
      await enqueueJob(trx, EXTRACT_JOB, { fileId: file.id }, { maxAttempts: 3, runAt: now });
    }
    files = await selectFiles(trx, row.id);

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
          throw new AppError("invalid", "The contribution is not complete.", { fields: errors });
        outcome = "invalid";
      }
    }

    const language = detectLanguage(`${row.body_text}\n${answersText(input.questionnaire, details.answers)}`);
    const changes: Partial<ContributionRow> = { language: language ?? row.language };
    let unpublished = false;
    if (outcome !== "invalid" && input.action === "submit" && !isEdit) {
      const receivedAt = input.receivedAt ?? row.received_at ?? now;
      const number = await nextNumber(trx, cycle.id);
      const autoPublish = await selectAutoPublish(trx, cycle.id);
      const verified = input.publish ? now : row.email_verified_at;
      const publish = input.publish || (autoPublish && verified !== null);
      Object.assign(changes, {
        number,
        reference: formatReference(await forumReferencePrefix(trx, forum), cycle.year, number),
        status: publish ? "published" : "submitted",
        received_at: receivedAt,
        received_source: input.receivedAt ? (input.receivedSource ?? "import") : row.received_source,
        timeliness: timelinessFor(receivedAt, milestones),
        submitted_at: now,
        published_at: publish ? now : null,
        email_verified_at: verified,
      });
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
    row = await trx
      .updateTable("contributions")
      .set({
        ...changes,
        answers: JSON.stringify(merged.answers),
        search_text: searchTextOf(merged, files),
      } as never)
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();

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
        await queueReceiptMail(trx, deps, { forum, cycle, contribution: row, kind: "receipt" });
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
      if (row.email && row.email_verified_at === null)
        await queueReceiptMail(trx, deps, { forum, cycle, contribution: row, kind: "edited" });
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
  });
}

/** Whether a row is a contributor's unsubmitted draft: theirs alone, invisible to the secretariat's pages. */
export function isContributorDraft(row: Pick<ContributionRow, "status" | "channel">): boolean {
  // Mail entered by the secretariat is its own draft until it confirms it.
  return row.status === "draft" && row.channel !== "email";
}

/** The refusal for any change to a withdrawn contribution: a withdrawal is final. */
export function withdrawnError(row: Pick<ContributionRow, "withdrawn_by">): AppError {
  return row.withdrawn_by === "author"
    ? new AppError(
        "conflict",
        "This contribution was withdrawn by its author: it can never be published again.",
        {
          messageKey: "contributions.moderate.withdrawnByAuthor",
        },
      )
    : new AppError("conflict", "This contribution was withdrawn: it can no longer be published.", {
        messageKey: "contributions.moderate.withdrawn",
      });
}

async function moderate(
  deps: ContributionDeps,
  input: { actor: Actor; contributionId: string; reason?: string },
  action: "publish" | "hide" | "withdraw",
): Promise<ContributionRow> {
  const { db, now } = deps;
  const current = await selectContribution(db, input.contributionId);
  if (!current) throw notFound();
  await requireSecretariat(db, input.actor, current.forum_id);
  const refusal = (row: ContributionRow) => {
    // A contributor's draft is not the secretariat's to see: not found, as in the API.
    if (isContributorDraft(row)) return notFound();
    if (row.status === "draft")
      return new AppError("conflict", "A draft cannot be moderated; confirm it first.", {
        messageKey: "contributions.moderate.draft",
      });
    if (row.status === "withdrawn") return withdrawnError(row);
    return undefined;
  };
  const early = refusal(current);
  if (early) throw early;
  // Hiding or withdrawing someone's contribution tells them why on their private page: a reason is needed.
  if (action !== "publish" && !(input.reason ?? "").trim())
    throw invalid(
      "Say why, in a few words: the contributor sees the reason, and it is kept in the audit log.",
      {
        reason: "contributions.error.reasonRequired",
      },
    );
  const moderated = await db.transaction().execute(async (trx) => {
    const row = await selectContribution(trx, input.contributionId, true);
    if (!row) throw notFound();
    const refused = refusal(row);
    if (refused) throw refused;
    const status = { publish: "published", hide: "hidden", withdraw: "withdrawn" } as const;
    const updated = await trx
      .updateTable("contributions")
      .set({
        status: status[action],
        status_reason: (input.reason ?? "").trim().slice(0, 1000),
        published_at: action === "publish" ? (row.published_at ?? now) : row.published_at,
        ...(action === "withdraw" ? { withdrawn_at: now, withdrawn_by: "secretariat" as const } : {}),
        updated_at: now,
      })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: input.actor,
      forumId: row.forum_id,
      action: `contribution.${action}`,
      subjectType: "contribution",
      subjectId: row.id,
      before: { status: row.status },
      after: { status: updated.status, reason: updated.status_reason },
    });
    return { updated, before: row.status };
  });
  // Hiding or withdrawing a contribution nobody could see yet changes nothing on the public list.
  if (moderated.before === "published" || moderated.updated.status === "published")
    forgetListStats(moderated.updated.cycle_id);
  return moderated.updated;
}

/** Publishes a contribution (secretariat), verified address or not. */
export function publishContribution(deps: ContributionDeps, input: { actor: Actor; contributionId: string }) {
  return moderate(deps, input, "publish");
}

/** Hides a contribution from the public with a reason (secretariat). */
export function hideContribution(
  deps: ContributionDeps,
  input: { actor: Actor; contributionId: string; reason: string },
) {
  return moderate(deps, input, "hide");
}

/** Withdraws a contribution with a reason (secretariat). */
export function withdrawAsSecretariat(
  deps: ContributionDeps,
  input: { actor: Actor; contributionId: string; reason: string },
) {
  return moderate(deps, input, "withdraw");
}

/**
 * The sender withdraws their own contribution through its private link, until the inclusion cutoff. Final:
 * nothing publishes it again. A receipt mail in the contributor's language is queued in the same change.
 */
export async function withdrawOwn(
  deps: ContributionDeps,
  input: { forum: ForumRow; cycle: CycleRow; contributionId: string; reason: string; contact: string },
): Promise<ContributionRow> {
  const { db, now } = deps;
  const changed = await db.transaction().execute(async (trx) => {
    const row = await selectContribution(trx, input.contributionId, true);
    if (!row || row.cycle_id !== input.cycle.id || row.status === "draft") throw notFound();
    if (row.status === "withdrawn")
      throw new AppError("gone", "This contribution was already withdrawn.", {
        messageKey: "contributions.withdrawn.title",
      });
    const until = await editableUntil(trx, row.cycle_id);
    if (until && now > until)
      throw new AppError("conflict", "This contribution can no longer be withdrawn.", {
        messageKey: "contributions.edit.closed",
      });
    const updated = await trx
      .updateTable("contributions")
      .set({
        status: "withdrawn",
        status_reason: normalizeLineEnds(input.reason).trim().slice(0, 1000),
        withdrawn_at: now,
        withdrawn_by: "author",
        updated_at: now,
      })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: { kind: "system", label: `sender of ${row.reference ?? row.id}` },
      forumId: row.forum_id,
      action: "contribution.withdraw_own",
      subjectType: "contribution",
      subjectId: row.id,
      before: { status: row.status },
      after: { status: "withdrawn" },
    });
    if (updated.email)
      await queueReceiptMail(trx, deps, {
        forum: input.forum,
        cycle: input.cycle,
        contribution: updated,
        kind: "withdrawn",
        contact: input.contact,
      });
    return { updated, wasPublished: row.status === "published" };
  });
  if (changed.wasPublished) forgetListStats(changed.updated.cycle_id);
  return changed.updated;
}

/** Marks the sender's address as checked (the receipt mail's link); publishes when the cycle auto-publishes. */
export async function verifyEmail(deps: ContributionDeps, contributionId: string): Promise<ContributionRow> {
  const { db, now } = deps;
  const changed = await db.transaction().execute(async (trx) => {
    const row = await selectContribution(trx, contributionId, true);
    if (!row) throw notFound();
    if (row.email_verified_at) return { updated: row, published: false };
    const publish = row.status === "submitted" && (await selectAutoPublish(trx, row.cycle_id));
    const updated = await trx
      .updateTable("contributions")
      .set({
        email_verified_at: now,
        ...(publish ? { status: "published" as const, published_at: now } : {}),
      })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
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
  if (changed.published) forgetListStats(changed.updated.cycle_id);
  return changed.updated;
}

/** Turns the cycle's auto-publication on or off (secretariat). */
export async function setAutoPublish(
  deps: ContributionDeps,
  input: { actor: Actor; forumId: string; cycleId: string; on: boolean },
): Promise<void> {
  await requireSecretariat(deps.db, input.actor, input.forumId);
  await deps.db.transaction().execute(async (trx) => {
    await upsertAutoPublish(trx, input.cycleId, input.on);
    await recordAudit(trx, {
      actor: input.actor,
      forumId: input.forumId,
      action: "contribution.settings",
      subjectType: "cycle",
      subjectId: input.cycleId,
      after: { auto_publish: input.on },
    });
  });
}

/** The locale of a contribution's form, for its mail and private pages. */
export function contributionLocale(row: Pick<ContributionRow, "form_language">): Locale {
  return isLocale(row.form_language) ? row.form_language : "en";
}
