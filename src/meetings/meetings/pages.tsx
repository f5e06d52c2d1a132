import type { CycleRow } from "../../forums/index.js";
import { formatInZone } from "../../forums/index.js";
import type { FieldErrors } from "../../server/errors.js";
import {
  CsrfInput,
  ErrorSummary,
  isolated,
  TextAreaField as TextArea,
  translateErrors,
  UserText,
} from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { parseSummary } from "../format.js";
import { base, type ForumRef, formatDay, SummaryBody } from "../page-parts.js";
import type { MeetingAccess } from "../policy.js";
import type { PollRow } from "../polls/edit-service.js";
import type { MeetingRow } from "../queries.js";
import { meetingTitle } from "../titles.js";
import { MeetingFields } from "./fields.js";

/** When a meeting takes place: its day, and its times in its own zone and in the reader's. */
export function MeetingWhen({ ctx, meeting, zone }: { ctx: PageContext; meeting: MeetingRow; zone: string }) {
  if (!meeting.starts_at) return <>{formatDay(ctx, meeting.date)}</>;
  const own = `${formatInZone(meeting.starts_at, meeting.time_zone, ctx.locale, "weekday-date")}, ${formatInZone(
    meeting.starts_at,
    meeting.time_zone,
    ctx.locale,
    "time",
  )}${meeting.ends_at ? ` – ${formatInZone(meeting.ends_at, meeting.time_zone, ctx.locale, "time")}` : ""}`;
  return (
    <>
      <time dateTime={meeting.starts_at.toISOString()}>{own}</time>
      {zone !== meeting.time_zone ? (
        <>
          {" "}
          <span class="hint">
            {ctx.t("meetings.when.yourZone", {
              when: formatInZone(meeting.starts_at, zone, ctx.locale, "date-time"),
            })}
          </span>
        </>
      ) : null}
    </>
  );
}

/** A cycle's meetings, with the editors' ways to add one. */
export function MeetingsListPage({
  ctx,
  forum,
  cycle,
  meetings,
  polls,
  access,
  notice,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  /** `titleLang`: the language of a title shown untranslated (forums' content translations). */
  meetings: (MeetingRow & { titleLang?: string })[];
  polls: PollRow[];
  access: MeetingAccess;
  notice?: string;
}) {
  const title = ctx.t("meetings.list.title", { year: cycle.year });
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        {ctx.t("meetings.list.count", { count: meetings.length })}{" "}
        <a href={`/f/${forum.slug}/meetings.atom`}>{ctx.t("meetings.list.feed")}</a>
      </p>
      {access.canEdit ? (
        <ul class="actions">
          <li>
            <a class="button" href={`${base(forum, cycle)}/meetings/new`}>
              {ctx.t("meetings.list.new")}
            </a>
          </li>
          <li>
            <a class="button button--secondary" href={`${base(forum, cycle)}/polls/new`}>
              {ctx.t("meetings.list.newPoll")}
            </a>
          </li>
          <li>
            <a class="button button--secondary" href={`${base(forum, cycle)}/meetings/import`}>
              {ctx.t("meetings.list.import")}
            </a>
          </li>
        </ul>
      ) : null}
      {meetings.length ? (
        <div class="table-wrap">
          <table>
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{ctx.t("meetings.field.title")}</th>
                <th scope="col">{ctx.t("meetings.field.date")}</th>
                <th scope="col">{ctx.t("meetings.field.kind")}</th>
                <th scope="col">{ctx.t("meetings.summary.title")}</th>
              </tr>
            </thead>
            <tbody>
              {meetings.map((m) => (
                <tr key={m.id}>
                  <td>
                    <a href={`${base(forum, cycle)}/meetings/${m.slug}`}>
                      <UserText text={meetingTitle(ctx.t, m)} lang={m.title ? m.titleLang : undefined} />
                    </a>
                  </td>
                  <td>{formatDay(ctx, m.date)}</td>
                  <td>{ctx.t(`meetings.kind.${m.kind}`)}</td>
                  <td>
                    {m.summary_published_at
                      ? ctx.t("meetings.summary.published")
                      : ctx.t("meetings.summary.notPublished")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {access.isMember && polls.length ? (
        <section aria-labelledby="polls-title">
          <h2 id="polls-title">{ctx.t("meetings.polls.title")}</h2>
          <ul>
            {polls.map((p) => (
              <li key={p.id}>
                <a href={`${base(forum, cycle)}/polls/${p.id}`}>
                  <UserText text={p.title || meetingTitle(ctx.t, p)} />
                </a>{" "}
                · {ctx.t(`meetings.poll.status.${p.status}`)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

/** Scheduling a meeting, or changing one. */
export function MeetingFormPage({
  ctx,
  forum,
  cycle,
  action,
  values,
  errors,
  editing,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  action: string;
  values: Record<string, string>;
  errors?: FieldErrors;
  editing?: boolean;
}) {
  const shown = translateErrors(ctx, errors);
  const title = ctx.t(editing ? "meetings.form.editTitle" : "meetings.form.newTitle");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={`${base(forum, cycle)}/meetings`}>{ctx.t("meetings.list.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={action} novalidate>
        <CsrfInput ctx={ctx} />
        <MeetingFields ctx={ctx} values={values} errors={shown} />
        <button type="submit">{ctx.t("meetings.form.save")}</button>
      </form>
    </Layout>
  );
}

/** The summary editor: one text, paragraphs separated by blank lines, footnotes as "[1]: …" lines. */
export function SummaryEditPage({
  ctx,
  forum,
  cycle,
  meeting,
  value,
  errors,
  saved,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  meeting: MeetingRow;
  value: string;
  errors?: FieldErrors;
  saved?: boolean;
}) {
  const here = `${base(forum, cycle)}/meetings/${meeting.slug}`;
  const title = ctx.t("meetings.summary.editTitle", { meeting: isolated(meetingTitle(ctx.t, meeting)) });
  const shown = translateErrors(ctx, errors);
  const preview = parseSummary(value);
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={here}>{meetingTitle(ctx.t, meeting)}</a>
      </p>
      <h1>{title}</h1>
      {saved ? (
        <p class="notice notice--success" role="status">
          {ctx.t("meetings.summary.saved")}
        </p>
      ) : null}
      <p>
        {meeting.summary_published_at
          ? ctx.t("meetings.summary.published")
          : ctx.t("meetings.summary.notPublished")}
      </p>
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={`${here}/summary`} novalidate>
        <CsrfInput ctx={ctx} />
        <TextArea
          name="summary"
          label={ctx.t("meetings.summary.text")}
          hint={ctx.t("meetings.summary.textHint")}
          values={{ summary: value }}
          errors={shown}
          rows={20}
        />
        <button type="submit" name="intent" value="save" class="button--secondary">
          {ctx.t("meetings.summary.saveDraft")}
        </button>{" "}
        <button type="submit" name="intent" value="publish">
          {ctx.t("meetings.summary.publish")}
        </button>
      </form>
      {preview.paragraphs.length ? (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">{ctx.t("meetings.summary.preview")}</h2>
          <SummaryBody ctx={ctx} summary={preview} />
        </section>
      ) : null}
    </Layout>
  );
}
