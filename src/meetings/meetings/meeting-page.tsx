// A meeting's page: when and where, agenda, next steps, participants, summary and annex.
import type { ComponentChildren } from "preact";
import type { CycleRow } from "../../forums/index.js";
import type { FieldErrors } from "../../server/errors.js";
import {
  CsrfInput,
  ErrorSummary,
  Field,
  isolated,
  TextAreaField as TextArea,
  TextField as TextInput,
  translateErrors,
  UserText,
} from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { parseSummary, participantLine } from "../format.js";
import { base, dueOf, type ForumRef, RichText, readerZone, SummaryBody } from "../page-parts.js";
import type { MeetingAccess } from "../policy.js";
import type { ActionRow, AttendanceRow, MeetingRow } from "../queries.js";
import type { MeetingKind } from "../tables.js";
import { meetingTitle } from "../titles.js";
import { MeetingWhen } from "./pages.js";

/** How a next step's owner reads. */
export function ownerOf(ctx: PageContext, action: ActionRow, people: Map<string, string>): string {
  if (action.owner_user_id) return people.get(action.owner_user_id) ?? ctx.t("meetings.action.ownerUnknown");
  return action.owner_text || ctx.t("meetings.action.noOwner");
}

export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A meeting's page. */
export function MeetingPage({
  ctx,
  forum,
  cycle,
  meeting,
  access,
  attendance,
  actions,
  carried,
  viewerAttended,
  people,
  notice,
  errors,
  titleLang,
  purposeLang,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  meeting: MeetingRow;
  /** The language of a title or purpose shown untranslated, when it is not the page's (content translations). */
  titleLang?: string;
  purposeLang?: string;
  access: MeetingAccess;
  attendance: AttendanceRow[];
  actions: ActionRow[];
  carried: (ActionRow & { kind: MeetingKind; number: number | null; title: string; date: string })[];
  viewerAttended: boolean;
  /** The forum's people (id → name), for owners. */
  people: Map<string, string>;
  notice?: string;
  errors?: FieldErrors;
}) {
  const title = meetingTitle(ctx.t, meeting);
  const here = `${base(forum, cycle)}/meetings/${meeting.slug}`;
  const zone = readerZone(ctx, forum);
  const summary = parseSummary(meeting.summary);
  const shown = translateErrors(ctx, errors);
  const details: [string, ComponentChildren][] = [
    [ctx.t("meetings.field.kind"), ctx.t(`meetings.kind.${meeting.kind}`)],
    [ctx.t("meetings.field.when"), <MeetingWhen key="when" ctx={ctx} meeting={meeting} zone={zone} />],
  ];
  if (meeting.room) details.push([ctx.t("meetings.field.room"), meeting.room]);
  if (meeting.organiser) details.push([ctx.t("meetings.field.organiser"), meeting.organiser]);
  if (meeting.facilitator) details.push([ctx.t("meetings.field.facilitator"), meeting.facilitator]);
  if (meeting.moderator) details.push([ctx.t("meetings.field.moderator"), meeting.moderator]);
  return (
    <Layout ctx={ctx} title={isolated(title)} forum={forum}>
      <p>
        <a href={`${base(forum, cycle)}/meetings`}>{ctx.t("meetings.list.title", { year: cycle.year })}</a>
      </p>
      <h1>
        <UserText text={title} lang={meeting.title ? titleLang : undefined} />
      </h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={shown} />
      <dl class="details">
        {details.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {access.canEdit ? (
        <p>
          <a href={`${here}/edit`}>{ctx.t("meetings.page.edit")}</a> ·{" "}
          <a href={`${here}/summary`}>{ctx.t("meetings.page.editSummary")}</a>
        </p>
      ) : null}
      {meeting.purpose ? (
        <Section id="purpose-title" title={ctx.t("meetings.field.purpose")}>
          <p dir="auto" lang={purposeLang}>
            <RichText text={meeting.purpose} />
          </p>
        </Section>
      ) : null}
      <Section id="agenda-title" title={ctx.t("meetings.field.agenda")}>
        {meeting.agenda ? (
          <ol>
            {meeting.agenda
              .split(/\r\n?|\n/)
              .filter((l) => l.trim())
              .map((line, i) => (
                <li key={i}>
                  <bdi>
                    <RichText text={line.replace(/^\s*(\d+[.)]|[-*•])\s*/, "")} />
                  </bdi>
                </li>
              ))}
          </ol>
        ) : (
          <p>{ctx.t("meetings.page.noAgenda")}</p>
        )}
        {carried.length ? (
          <>
            <h3>{ctx.t("meetings.page.carried")}</h3>
            <ul class="carried-actions">
              {carried.map((a) => (
                <li key={a.id}>
                  <bdi>{a.text}</bdi> — <bdi>{ownerOf(ctx, a, people)}</bdi>
                  {dueOf(ctx, a) ? (
                    <>
                      {" "}
                      (<bdi>{dueOf(ctx, a)}</bdi>)
                    </>
                  ) : (
                    ""
                  )}{" "}
                  <span class="hint">
                    {ctx.t("meetings.page.carriedFrom", { meeting: isolated(meetingTitle(ctx.t, a)) })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>
      <Section id="join-title" title={ctx.t("meetings.page.join")}>
        {access.isMember ? (
          meeting.join_url ? (
            <p>
              <a href={meeting.join_url}>{ctx.t("meetings.page.joinLink")}</a>
            </p>
          ) : (
            <p>{ctx.t("meetings.page.noJoinLink")}</p>
          )
        ) : (
          <p>{ctx.t("meetings.page.membersOnly")}</p>
        )}
      </Section>
      {meeting.recording_stream_url || meeting.recording_download_url ? (
        <Section id="recording-title" title={ctx.t("meetings.page.recording")}>
          <ul>
            {meeting.recording_stream_url ? (
              <li>
                <a href={meeting.recording_stream_url}>{ctx.t("meetings.page.stream")}</a>
              </li>
            ) : null}
            {meeting.recording_download_url ? (
              <li>
                <a href={meeting.recording_download_url}>{ctx.t("meetings.page.download")}</a>
              </li>
            ) : null}
          </ul>
          {access.isMember && meeting.recording_password ? (
            <p>
              {ctx.t("meetings.page.password")} <code>{meeting.recording_password}</code>
            </p>
          ) : !access.isMember ? (
            <p class="hint">{ctx.t("meetings.page.passwordMembersOnly")}</p>
          ) : null}
        </Section>
      ) : null}
      <Section id="summary-title" title={ctx.t("meetings.summary.title")}>
        {summary.paragraphs.length ? (
          <>
            {!meeting.summary_published_at ? (
              <p class="notice notice--warning">{ctx.t("meetings.summary.draftNotice")}</p>
            ) : null}
            <SummaryBody ctx={ctx} summary={summary} />
            <p>
              <a href={`${here}/summary.docx`}>{ctx.t("meetings.summary.docx")}</a>
            </p>
          </>
        ) : (
          <p>{ctx.t("meetings.summary.none")}</p>
        )}
      </Section>
      <Section id="next-steps-title" title={ctx.t("meetings.actions.title")}>
        {actions.length ? (
          <ul class="next-steps">
            {actions.map((a) => {
              const mine = ctx.viewer !== undefined && a.owner_user_id === ctx.viewer.id;
              return (
                <li key={a.id}>
                  <bdi>{a.text}</bdi> —{" "}
                  <strong>
                    <bdi>{ownerOf(ctx, a, people)}</bdi>
                  </strong>
                  {dueOf(ctx, a) ? (
                    <>
                      {" "}
                      (<bdi>{dueOf(ctx, a)}</bdi>)
                    </>
                  ) : (
                    ""
                  )}{" "}
                  · {ctx.t(`meetings.action.status.${a.status}`)}
                  {access.canEdit || mine ? (
                    <form method="post" action={`${here}/actions/${a.id}`} class="inline">
                      <CsrfInput ctx={ctx} />
                      <input type="hidden" name="status" value={a.status === "open" ? "done" : "open"} />{" "}
                      <button type="submit" class="button--secondary">
                        {ctx.t(a.status === "open" ? "meetings.action.markDone" : "meetings.action.reopen")}
                      </button>
                    </form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : (
          <p>{ctx.t("meetings.actions.none")}</p>
        )}
        {access.canEdit ? (
          <form method="post" action={`${here}/actions`} novalidate>
            <CsrfInput ctx={ctx} />
            <fieldset>
              <legend>{ctx.t("meetings.actions.add")}</legend>
              <TextInput name="text" label={ctx.t("meetings.action.text")} values={{}} errors={shown} />
              <Field name="owner_user_id" label={ctx.t("meetings.action.ownerPerson")}>
                {({ id }) => (
                  <select id={id} name="owner_user_id">
                    <option value="">{ctx.t("meetings.action.ownerNone")}</option>
                    {[...people].map(([pid, name]) => (
                      <option key={pid} value={pid}>
                        {name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <TextInput
                name="owner_text"
                label={ctx.t("meetings.action.ownerText")}
                hint={ctx.t("meetings.action.ownerTextHint")}
                values={{}}
              />
              <TextInput
                name="due_text"
                label={ctx.t("meetings.action.dueText")}
                hint={ctx.t("meetings.action.dueTextHint")}
                values={{}}
              />
              <TextInput
                name="due_date"
                label={ctx.t("meetings.action.dueDate")}
                type="date"
                values={{}}
                errors={shown}
              />
              <Field name="due_precision" label={ctx.t("meetings.action.precision")}>
                {({ id }) => (
                  <select id={id} name="due_precision">
                    <option value="">{ctx.t("meetings.action.precisionGuess")}</option>
                    {(["exact", "on_or_around", "before", "week_of", "month", "after"] as const).map((p) => (
                      <option key={p} value={p}>
                        {ctx.t(`meetings.precision.${p}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit">{ctx.t("meetings.actions.addButton")}</button>
            </fieldset>
          </form>
        ) : null}
      </Section>
      <Section id="participants-title" title={ctx.t("meetings.participants.title")}>
        {attendance.length ? (
          <ul class="participants">
            {attendance.map((p) => (
              <li key={p.id}>
                <UserText text={p.name} />
                {p.role ? (
                  <>
                    {" ("}
                    <UserText text={p.role} />)
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{ctx.t("meetings.participants.none")}</p>
        )}
        {access.isMember && ctx.viewer ? (
          <form method="post" action={`${here}/attendance`}>
            <CsrfInput ctx={ctx} />
            <input type="hidden" name="present" value={viewerAttended ? "no" : "yes"} />
            <button type="submit" class="button--secondary">
              {ctx.t(viewerAttended ? "meetings.participants.untick" : "meetings.participants.tick")}
            </button>
          </form>
        ) : null}
        {access.canEdit ? (
          <form method="post" action={`${here}/participants`}>
            <CsrfInput ctx={ctx} />
            <TextArea
              name="participants"
              label={ctx.t("meetings.participants.correct")}
              hint={ctx.t("meetings.participants.correctHint")}
              values={{ participants: attendance.map(participantLine).join("\n") }}
              rows={8}
            />
            <button type="submit">{ctx.t("meetings.participants.save")}</button>
          </form>
        ) : null}
      </Section>
      {meeting.contributions_annex ? (
        <Section id="contributions-title" title={ctx.t("meetings.contributions.title")}>
          <ul>
            {meeting.contributions_annex.split("\n").map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </Section>
      ) : null}
    </Layout>
  );
}
