// A contribution sent through the API: the caller's Idempotency-Key, the answers as JSON, the files, then the
// same saving as the web form (service.ts), so both channels keep one set of rules.
import type { Actor } from "../../auth/index.js";
import { type Answers, getPublishedQuestionnaire } from "../../calls/index.js";
import type { UploadLimits } from "../../files/limits.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { AppError } from "../../server/errors.js";
import { isLocale } from "../../ui/i18n/locales.js";
import { isSecretariat } from "../policy.js";
import { selectApiRequest } from "../queries.js";
import type { ContributionDeps } from "../service.js";
import type { FileStore } from "../storage.js";
import type { FormValues } from "./answers.js";
import { emptyDetails, validateSubmission, withQuestionnaireRules } from "./details.js";
import { inspectAndStore, requestFingerprint, type UploadedFile } from "./intake.js";
import { type ApiReceipt, apiReceipt, saveContribution } from "./service.js";
import type { SubmissionLimiter } from "./submission-limits.js";

/** Whose Idempotency-Keys these are. */
function callerScope(actor: Actor): string {
  switch (actor.kind) {
    case "token":
      return `token:${actor.tokenId}`;
    case "user":
      return `user:${actor.userId}`;
    case "system":
      return `system:${actor.label}`;
    case "anonymous":
      return "anonymous";
  }
}

/** The answers field of an API submission: a JSON object keyed by question id. */
function parseAnswers(text: string): Answers {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
    return parsed;
  } catch {
    throw new AppError("invalid", "answers must be a JSON object keyed by question id.", {
      messageKey: "contributions.refusal.answersShape",
      fields: { answers: "contributions.answer.invalid" },
    });
  }
}

/**
 * A contribution sent to the API (multipart fields and files already read): the caller's Idempotency-Key
 * replays the first answer to the same request and refuses a different one; then the limits, the answers, the
 * files and the details are checked before anything is saved, and the answer is kept for the key.
 */
export async function submitThroughApi(
  deps: ContributionDeps & { store: FileStore; limits: UploadLimits; limiter: SubmissionLimiter },
  input: {
    actor: Actor;
    forum: ForumRow;
    cycle: CycleRow;
    idempotencyKey?: string;
    fields: FormValues;
    files: UploadedFile[];
    ip: string | undefined;
  },
): Promise<{ replayed: boolean; receipt: ApiReceipt }> {
  const { db } = deps;
  const { actor, forum, cycle, fields, files } = input;
  // A key belongs to its caller, and replays only the request it first came with: another client that
  // happens to pick the same key neither sees this contribution nor loses its own.
  const scopedKey = input.idempotencyKey
    ? `${cycle.id}:${callerScope(actor)}:${input.idempotencyKey}`
    : undefined;
  const requestHash = scopedKey ? requestFingerprint(fields, files) : "";
  if (scopedKey) {
    const previous = await selectApiRequest(db, scopedKey);
    if (previous && previous.request_hash !== requestHash)
      throw new AppError(
        "idempotency_key_reused",
        "This Idempotency-Key was already used for a different request. Send a new key with each new contribution, and the same key only to retry the same request.",
        { messageKey: "contributions.refusal.idempotencyReused" },
      );
    if (previous) return { replayed: true, receipt: previous.response as unknown as ApiReceipt };
  }
  const get = (name: string) => fields[name]?.[0] ?? "";
  const secretariat = await isSecretariat(db, actor, forum.id);
  // The secretariat's own imports are not limited; anyone else's sendings are (429 with Retry-After).
  if (!secretariat) deps.limiter.take({ ip: input.ip, email: get("email"), now: deps.now });
  const variant = get("variant") || "base";
  const language = isLocale(get("language")) ? get("language") : "en";
  const questionnaire = await getPublishedQuestionnaire(db, cycle.id, variant);
  const answers = parseAnswers(get("answers"));
  const details = withQuestionnaireRules(
    {
      ...emptyDetails(variant, language),
      honorific: get("honorific"),
      contributor_name: get("contributor_name"),
      organisation: get("organisation"),
      stakeholder_group: get("stakeholder_group"),
      country: get("country").toUpperCase(),
      email: get("email"),
      consent: get("consent"),
      licence: get("licence") || "cc_by_4_0",
      body_text: get("text") || get("body_text"),
      answers,
    },
    questionnaire,
  );
  const { stored, refusals } = await inspectAndStore(deps.store, files, deps.limits);
  if (refusals.length) {
    const fieldErrors = Object.fromEntries(refusals.map((r, i) => [`files.${r.fileName || i}`, r.message]));
    throw new AppError("invalid", refusals.map((r) => r.message).join(" "), {
      messageKey: "contributions.refusal.filesRefused",
      messageValues: { reasons: refusals.map((r) => r.message).join(" ") },
      fields: fieldErrors,
    });
  }
  const errors = validateSubmission(
    details,
    { main: stored.filter((s) => s.role === "main").length, total: stored.length },
    questionnaire,
    { secretariat },
  );
  if (Object.keys(errors).length)
    throw new AppError("invalid", `The contribution is not complete (${Object.keys(errors).join(", ")}).`, {
      messageKey: "contributions.refusal.incompleteFields",
      messageValues: { fields: Object.keys(errors).join(", ") },
      fields: errors,
    });
  const receivedAt = get("received_at") ? new Date(get("received_at")) : undefined;
  if (receivedAt && Number.isNaN(receivedAt.getTime()))
    throw new AppError("invalid", "received_at must be an ISO 8601 instant.", {
      messageKey: "contributions.refusal.receivedAt",
      fields: { received_at: "contributions.error.date" },
    });
  const result = await saveContribution(deps, {
    actor,
    forum,
    cycle,
    idempotencyKey: scopedKey ? `api:${scopedKey}` : undefined,
    details,
    // A lone appendix is the main document.
    uploads: stored.map((s, i) =>
      s.role === "appendix" && i === 0 && !stored.some((x) => x.role === "main") ? { ...s, role: "main" } : s,
    ),
    action: "submit",
    channel: receivedAt ? "import" : "api",
    questionnaire,
    receivedAt,
    receivedSource: receivedAt ? "import" : undefined,
    publish: get("publish") === "true" ? true : undefined,
    apiRequest: scopedKey ? { key: scopedKey, requestHash } : undefined,
    // Looked up above and unused: a contribution with this key commits with the key's answer.
    keySeenUnused: scopedKey !== undefined,
    keepDraftOnError: false,
  });
  return { replayed: false, receipt: apiReceipt(result.contribution) };
}
