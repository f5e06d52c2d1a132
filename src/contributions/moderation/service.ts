// Moderation: the secretariat publishes, hides or withdraws a contribution and sets the cycle's
// auto-publication; the sender withdraws their own. Each in one transaction with its audit row.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { AppError, invalid, notFound } from "../../server/errors.js";
import { normalizeLineEnds } from "../../ui/text.js";
import { requireSecretariat } from "../policy.js";
import { forgetListStats } from "../public/list-stats.js";
import {
  type ContributionRow,
  selectContribution,
  selectForModeration,
  updateContribution,
  upsertAutoPublish,
} from "../queries.js";
import { type ContributionDeps, editableUntil, isContributorDraft, withdrawnError } from "../service.js";
import { queueReceiptMail } from "../submit/receipt-mail.js";

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
      { messageKey: "contributions.error.reasonRequired" },
    );
  const moderated = await inTransaction(db, async (trx) => {
    const row = await selectContribution(trx, input.contributionId, true);
    if (!row) throw notFound();
    const refused = refusal(row);
    if (refused) throw refused;
    const status = { publish: "published", hide: "hidden", withdraw: "withdrawn" } as const;
    const updated = await updateContribution(trx, row.id, {
      status: status[action],
      status_reason: (input.reason ?? "").trim().slice(0, 1000),
      published_at: action === "publish" ? (row.published_at ?? now) : row.published_at,
      ...(action === "withdraw" ? { withdrawn_at: now, withdrawn_by: "secretariat" as const } : {}),
      updated_at: now,
    });
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
  const nowPublic = moderated.updated.status === "published";
  if ((moderated.before === "published") !== nowPublic)
    forgetListStats(moderated.updated.cycle_id, {
      published: nowPublic ? 1 : -1,
      contribution: moderated.updated,
    });
  else if (nowPublic) forgetListStats(moderated.updated.cycle_id);
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
  const changed = await inTransaction(db, async (trx) => {
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
    const updated = await updateContribution(trx, row.id, {
      status: "withdrawn",
      status_reason: normalizeLineEnds(input.reason).trim().slice(0, 1000),
      withdrawn_at: now,
      withdrawn_by: "author",
      updated_at: now,
    });
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
  if (changed.wasPublished)
    forgetListStats(changed.updated.cycle_id, { published: -1, contribution: changed.updated });
  return changed.updated;
}

/** Turns the cycle's auto-publication on or off (secretariat). */
export async function setAutoPublish(
  deps: ContributionDeps,
  input: { actor: Actor; forumId: string; cycleId: string; on: boolean },
): Promise<void> {
  await requireSecretariat(deps.db, input.actor, input.forumId);
  await inTransaction(deps.db, async (trx) => {
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

/** Every contribution the secretariat moderates in a cycle (not the contributors' own drafts). */
export function forModeration(db: Kysely<Database>, cycleId: string): Promise<ContributionRow[]> {
  return selectForModeration(db, cycleId);
}
