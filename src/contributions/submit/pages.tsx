import type { PublishedQuestionnaire } from "../../calls/index.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { formatInZone, MilestoneWhen } from "../../forums/index.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import {
  base,
  ContributionBody,
  forumOf,
  type Milestones,
  ReceivedWhen,
  TimelinessBadge,
} from "../page-parts.js";
import type { ContributionFileRow, ContributionRow } from "../queries.js";
import type { EditWindow, NextStep } from "./receipt-mail.js";

/** The refusal page: the call is closed (or not yet open), and where to write instead. */
export function CallClosedPage({
  ctx,
  forum,
  cycle,
  state,
  milestones,
  contact,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  state: "closed" | "not_open";
  milestones: Milestones;
  contact: string;
}) {
  const t = ctx.t;
  const key = state === "closed" ? "closed" : "notOpen";
  // A cycle closed by its status may have a call_closes still ahead: "it closed on" would then be untrue.
  const kind = state === "not_open" ? "call_opens" : cycle.status === "closed" ? undefined : "call_closes";
  const at = milestones.find((m) => m.kind === kind);
  return (
    <Layout ctx={ctx} title={t(`contributions.${key}.title`)} forum={forumOf(forum)}>
      <h1>{t(`contributions.${key}.title`)}</h1>
      {at ? (
        <p class="lead">
          {t(`contributions.${key}.when`)} <MilestoneWhen ctx={ctx} m={at} />
        </p>
      ) : (
        <p class="lead">{t(`contributions.${key}.noDate`)}</p>
      )}
      <p>
        {t("contributions.closed.writeTo")} <a href={`mailto:${contact}`}>{contact}</a>
      </p>
      <p>
        <a href={`${base(forum, cycle)}/contributions`}>{t("contributions.list.link")}</a>
      </p>
    </Layout>
  );
}

/** The private link's promise, true for this contribution: until when it changes anything, and whom to ask after. */
function LinkPromise({ ctx, window, contact }: { ctx: PageContext; window: EditWindow; contact: string }) {
  const t = ctx.t;
  if (window.kind === "withdrawn") return null;
  if (window.kind === "closed")
    return (
      <p>
        {t("contributions.receipt.linkClosed", { date: window.ended })}{" "}
        <a href={`mailto:${contact}`}>{contact}</a>
      </p>
    );
  return (
    <p>
      {window.until
        ? t("contributions.receipt.linkUntil", { date: window.until })
        : t("contributions.receipt.linkNoDeadline")}
    </p>
  );
}

/** After submission: the reference, the time of receipt, timeliness, what happens next and the private link. */
export function ReceiptPage({
  ctx,
  forum,
  contribution: c,
  privateUrl,
  next,
  window,
  contact,
}: {
  ctx: PageContext;
  forum: ForumRow;
  contribution: ContributionRow;
  privateUrl: string;
  next: NextStep;
  window: EditWindow;
  contact: string;
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t("contributions.receipt.title")} forum={forumOf(forum)}>
      <h1>{t("contributions.receipt.title")}</h1>
      <p class="notice notice--success" role="status">
        {t("contributions.receipt.reference")} <strong data-reference>{c.reference}</strong>
      </p>
      <dl class="facts">
        <dt>{t("contributions.field.received")}</dt>
        <dd>{c.received_at ? <ReceivedWhen ctx={ctx} at={c.received_at} forum={forum} /> : null}</dd>
        <dt>{t("contributions.field.timeliness")}</dt>
        <dd>
          <TimelinessBadge ctx={ctx} timeliness={c.timeliness} />{" "}
          {c.timeliness ? t(`contributions.timeliness.${c.timeliness}.explain`) : null}
        </dd>
      </dl>
      <p>{t(`contributions.next.${next}`)}</p>
      {c.email ? <p>{t("contributions.receipt.mailSent", { email: c.email })}</p> : null}
      <h2>{t("contributions.receipt.keepLink")}</h2>
      <LinkPromise ctx={ctx} window={window} contact={contact} />
      <p>{t("contributions.receipt.dontShare")}</p>
      {/* A long address in a field stays within a phone's width, and is easy to select whole. */}
      <div class="field">
        <label for="private-link">{t("contributions.receipt.linkLabel")}</label>
        <p class="hint" id="private-link-hint">
          {t("contributions.receipt.copyHint")}
        </p>
        <input
          type="text"
          id="private-link"
          readOnly
          value={privateUrl}
          aria-describedby="private-link-hint"
          data-private-link
        />
      </div>
      <p>
        <a href={privateUrl}>{t("contributions.receipt.openLink")}</a>
      </p>
    </Layout>
  );
}

/** Who withdrew a contribution and when, in the reader's words. */
function WithdrawalFacts({
  ctx,
  forum,
  contribution: c,
  audience,
}: {
  ctx: PageContext;
  forum: ForumRow;
  contribution: ContributionRow;
  audience: "author" | "secretariat";
}) {
  const t = ctx.t;
  const date = formatInZone(
    c.withdrawn_at ?? c.updated_at,
    ctx.timeZone ?? forum.time_zone,
    ctx.locale,
    "date",
  );
  const key =
    c.withdrawn_by === "secretariat"
      ? "contributions.withdrawn.bySecretariat"
      : audience === "author"
        ? "contributions.withdrawn.byYou"
        : "contributions.withdrawn.byAuthor";
  return (
    <div class="notice notice--warning">
      <p>{t(key, { date })}</p>
      {c.status_reason ? <p>{t("contributions.manage.reasonGiven", { reason: c.status_reason })}</p> : null}
    </div>
  );
}

/** The sender's private page: status, what was sent, and the links to edit or withdraw. */
export function OwnContributionPage({
  ctx,
  forum,
  cycle,
  contribution: c,
  files,
  questionnaire,
  window,
  next,
  contact,
  privatePath,
  notice,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  contribution: ContributionRow;
  files: ContributionFileRow[];
  questionnaire: PublishedQuestionnaire | undefined;
  window: EditWindow;
  next: NextStep;
  contact: string;
  privatePath: string;
  notice?: string;
}) {
  const t = ctx.t;
  return (
    <Layout
      ctx={ctx}
      title={t("contributions.own.title", { reference: c.reference ?? "" })}
      forum={forumOf(forum)}
    >
      <h1>{t("contributions.own.title", { reference: c.reference ?? "" })}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      {c.status === "withdrawn" ? (
        <WithdrawalFacts ctx={ctx} forum={forum} contribution={c} audience="author" />
      ) : c.status === "hidden" ? (
        // The secretariat's reason is for the contributor: the public page of a hidden contribution is gone.
        <div class="notice notice--warning">
          <p>{t("contributions.own.hidden")}</p>
          {c.status_reason ? (
            <p>{t("contributions.manage.reasonGiven", { reason: c.status_reason })}</p>
          ) : null}
        </div>
      ) : null}
      <dl class="facts">
        <dt>{t("contributions.field.status")}</dt>
        <dd>{t(`contributions.status.${c.status}`)}</dd>
        <dt>{t("contributions.field.received")}</dt>
        <dd>{c.received_at ? <ReceivedWhen ctx={ctx} at={c.received_at} forum={forum} /> : null}</dd>
        <dt>{t("contributions.field.timeliness")}</dt>
        <dd>
          <TimelinessBadge ctx={ctx} timeliness={c.timeliness} />
        </dd>
        <dt>{t("contributions.field.email")}</dt>
        <dd>
          {c.email} (
          {t(c.email_verified_at ? "contributions.email.verified" : "contributions.email.unverified")})
        </dd>
      </dl>
      {c.status === "published" && c.reference ? (
        <p>
          <a href={`${base(forum, cycle)}/contributions/${c.reference}`}>{t("contributions.own.public")}</a>
        </p>
      ) : c.status === "submitted" ? (
        <p>{t(`contributions.next.${next}`)}</p>
      ) : null}
      <ContributionBody
        ctx={ctx}
        forum={forum}
        cycle={cycle}
        contribution={c}
        files={files}
        questionnaire={questionnaire}
        downloads={false}
      />
      {c.status === "withdrawn" || c.status === "hidden" ? null : window.kind === "open" ? (
        <>
          <LinkPromise ctx={ctx} window={window} contact={contact} />
          <p>
            <a class="button" href={`${privatePath}/edit`}>
              {t("contributions.own.edit")}
            </a>
          </p>
          <h2>{t("contributions.own.withdrawTitle")}</h2>
          <p>{t("contributions.own.withdrawIntro")}</p>
          {/* A link to a confirmation page, not a one-click button: withdrawing cannot be undone. */}
          <p>
            <a class="button button--danger" href={`${privatePath}/withdraw`}>
              {t("contributions.own.withdrawLink")}
            </a>
          </p>
        </>
      ) : (
        <LinkPromise ctx={ctx} window={window} contact={contact} />
      )}
    </Layout>
  );
}

/** The confirmation step before a contributor withdraws: what it does, an optional reason, yes or no. */
export function WithdrawConfirmPage({
  ctx,
  forum,
  contribution: c,
  privatePath,
}: {
  ctx: PageContext;
  forum: ForumRow;
  contribution: ContributionRow;
  privatePath: string;
}) {
  const t = ctx.t;
  const title = t("contributions.withdraw.title", { reference: c.reference ?? "" });
  return (
    <Layout ctx={ctx} title={title} forum={forumOf(forum)}>
      <h1>{title}</h1>
      <p class="lead">{t("contributions.withdraw.explain")}</p>
      <p>{t("contributions.withdraw.final")}</p>
      <form method="post" action={`${privatePath}/withdraw`}>
        <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ""} />
        <div class="field">
          <label for="withdraw-reason">{t("contributions.withdraw.reason")}</label>
          <textarea id="withdraw-reason" name="reason" rows={3} maxLength={1000} />
        </div>
        <p>
          <button type="submit" name="confirm" value="yes" class="button--danger">
            {t("contributions.withdraw.confirm")}
          </button>{" "}
          <a href={privatePath}>{t("contributions.withdraw.cancel")}</a>
        </p>
      </form>
    </Layout>
  );
}

/** What a withdrawn contribution's edit link (and any change sent to it) shows: withdrawn, when, and by whom. */
export function WithdrawnPage({
  ctx,
  forum,
  contribution: c,
  back,
  audience,
}: {
  ctx: PageContext;
  forum: ForumRow;
  contribution: ContributionRow;
  back: { href: string; label: string };
  audience: "author" | "secretariat";
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t("contributions.withdrawn.title")} forum={forumOf(forum)}>
      <h1>{t("contributions.withdrawn.title")}</h1>
      <WithdrawalFacts ctx={ctx} forum={forum} contribution={c} audience={audience} />
      <p>{t("contributions.withdrawn.noChanges")}</p>
      <p>
        <a href={back.href}>{back.label}</a>
      </p>
    </Layout>
  );
}
