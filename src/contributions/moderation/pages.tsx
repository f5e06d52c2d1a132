// The secretariat's moderation page: settings, mail import, and every contribution with its actions.
import { Fragment } from "preact";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { base, ContributorName, forumOf, SampleBadge, TimelinessBadge, When } from "../page-parts.js";
import type { ContributionRow } from "../queries.js";
import type { FileRefusal } from "../submit/intake.js";

/** The secretariat's page: settings, mail import, and every contribution with its actions. */
export function ManagePage({
  ctx,
  forum,
  cycle,
  rows,
  autoPublish,
  notice,
  importReport,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  rows: ContributionRow[];
  autoPublish: boolean;
  notice?: string;
  importReport?: { created: number; refusals: FileRefusal[]; problems: string[] };
}) {
  const t = ctx.t;
  const path = `${base(forum, cycle)}/contributions/manage`;
  const csrf = <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ""} />;
  return (
    <Layout ctx={ctx} title={t("contributions.manage.title", { year: cycle.year })} forum={forumOf(forum)}>
      <h1>{t("contributions.manage.title", { year: cycle.year })}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      {importReport ? (
        <div class="notice" role="status">
          <p>{t("contributions.import.created", { count: importReport.created })}</p>
          <ul>
            {importReport.refusals.map((r) => (
              <li key={r.message}>{r.message}</li>
            ))}
            {importReport.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`${path}/settings`}>
        {csrf}
        <div class="choice">
          <input type="checkbox" id="auto_publish" name="auto_publish" value="1" checked={autoPublish} />
          <label for="auto_publish">{t("contributions.manage.autoPublish")}</label>
        </div>
        <button type="submit" class="button--secondary">
          {t("contributions.manage.saveSettings")}
        </button>
      </form>
      <h2>{t("contributions.import.title")}</h2>
      <form method="post" action={`${path}/import-mail`} enctype="multipart/form-data">
        {csrf}
        <div class="field">
          <label for="mail-file">{t("contributions.import.file")}</label>
          <input type="file" id="mail-file" name="mail" accept=".eml,.mbox,message/rfc822" />
        </div>
        <button type="submit">{t("contributions.import.submit")}</button>
      </form>
      <h2>{t("contributions.manage.all", { count: rows.length })}</h2>
      {/* Cards, not a table: on a phone every row's actions stay on screen. */}
      <ul class="cards cards--moderation">
        {rows.map((r) => (
          <li class="card" key={r.id} data-contribution={r.reference ?? r.id}>
            <h3>
              {r.reference ? (
                <a href={`${base(forum, cycle)}/contributions/${r.reference}`}>{r.reference}</a>
              ) : (
                t("contributions.status.draft")
              )}{" "}
              <SampleBadge ctx={ctx} row={r} />
            </h3>
            <dl class="facts">
              <dt>{t("contributions.field.received")}</dt>
              <dd>
                {r.received_at ? <When ctx={ctx} at={r.received_at} forum={forum} /> : null}{" "}
                <TimelinessBadge ctx={ctx} timeliness={r.timeliness} />
                {r.received_source === "mail_date" ? (
                  <span class="muted"> ({t("contributions.receivedByMail")})</span>
                ) : null}
              </dd>
              <dt>{t("contributions.field.contributor")}</dt>
              <dd>
                <ContributorName ctx={ctx} c={r} forModerator />
                {r.consent === "anonymous" ? (
                  <span class="muted"> ({t("contributions.manage.publishesAnonymously")})</span>
                ) : null}
                {r.email ? (
                  <>
                    <br />
                    <span class="muted">
                      {r.email}
                      {r.is_sample
                        ? ""
                        : ` (${t(r.email_verified_at ? "contributions.email.verified" : "contributions.email.unverified")})`}
                    </span>
                  </>
                ) : null}
              </dd>
              <dt>{t("contributions.field.status")}</dt>
              <dd>
                {r.status === "withdrawn" ? (
                  // Why it can no longer be published: whose decision it was, and when.
                  <>
                    {t(
                      r.withdrawn_by === "author"
                        ? "contributions.manage.withdrawnByAuthor"
                        : "contributions.manage.withdrawnBySecretariat",
                    )}{" "}
                    {r.withdrawn_at ? <When ctx={ctx} at={r.withdrawn_at} forum={forum} /> : null}
                    {r.status_reason ? (
                      <>
                        <br />
                        {t("contributions.manage.reasonGiven", { reason: r.status_reason })}
                      </>
                    ) : null}
                  </>
                ) : (
                  <>
                    {t(`contributions.status.${r.status}`)}
                    {r.status_reason ? `: ${r.status_reason}` : ""}
                  </>
                )}
              </dd>
            </dl>
            {r.status === "withdrawn" ? (
              <p class="muted">{t("contributions.manage.withdrawnFinal")}</p>
            ) : r.status === "draft" ? (
              <p>
                <a href={`${path}/${r.id}`}>{t("contributions.review.link")}</a>
              </p>
            ) : (
              <form method="post" action={`${path}/${r.id}/hide`} class="moderation-actions">
                {csrf}
                {/* One reason for either action, never filled in from an earlier one. */}
                <div class="field">
                  <label for={`reason-${r.id}`}>{t("contributions.manage.reasonFor")}</label>
                  <p class="hint" id={`reason-${r.id}-hint`}>
                    {t("contributions.manage.reasonHint")}
                  </p>
                  <input
                    type="text"
                    id={`reason-${r.id}`}
                    name="reason"
                    required
                    maxLength={1000}
                    autocomplete="off"
                    aria-describedby={`reason-${r.id}-hint`}
                  />
                </div>
                <p>
                  {(["hide", "withdraw"] as const)
                    .filter((a) => a !== "hide" || r.status !== "hidden")
                    .map((a) => (
                      <Fragment key={a}>
                        <button
                          type="submit"
                          formAction={`${path}/${r.id}/${a}`}
                          class="button--secondary"
                          aria-label={t(`contributions.manage.${a}One`, { reference: r.reference ?? "" })}
                        >
                          {t(`contributions.manage.${a}`)}
                        </button>{" "}
                      </Fragment>
                    ))}
                  {r.status !== "published" ? (
                    <button
                      type="submit"
                      formAction={`${path}/${r.id}/publish`}
                      formNoValidate
                      aria-label={t("contributions.manage.publishOne", { reference: r.reference ?? "" })}
                    >
                      {t("contributions.manage.publish")}
                    </button>
                  ) : null}
                </p>
              </form>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
