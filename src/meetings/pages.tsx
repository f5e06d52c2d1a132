// Pages of meetings: the cycle's list, a meeting's page and its forms, the summary editor, scheduling
// polls, importing a past report, and "my actions". Every page works without JavaScript.
import type { ComponentChildren } from "preact";
import type { CycleRow, ForumRow } from "../forums/lookup.js";
import { formatInZone, instantToZoned, startOfDayInZone } from "../forums/time/zones.js";
import type { FieldErrors } from "../server/errors.js";
import {
  CsrfInput,
  ErrorSummary,
  Field,
  isolated,
  TextAreaField as TextArea,
  TextField as TextInput,
  translateErrors,
  UserText,
} from "../ui/components.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";
import { inlineParts, type ParsedSummary, parseSummary, participantLine } from "./format.js";
import type { CycleClash } from "./import-service.js";
import type { MeetingAccess } from "./policy.js";
import { zoneLabel } from "./poll-mail.js";
import type { PollRow, SlotRow } from "./polls.js";
import type { ActionRow, AttendanceRow, MeetingRow } from "./queries.js";
import type { MeetingKind, PollAnswer } from "./tables.js";
import { meetingTitle } from "./titles.js";

const KINDS: MeetingKind[] = ["virtual", "informal", "annual_session"];

type ForumRef = Pick<ForumRow, "slug" | "name" | "time_zone">;

const base = (forum: ForumRef, cycle: Pick<CycleRow, "year">) => `/f/${forum.slug}/${cycle.year}`;

/** The reader's zone: their profile's or browser's, else the forum's. */
export function readerZone(ctx: PageContext, forum: { time_zone: string }): string {
  return ctx.timeZone ?? forum.time_zone ?? "UTC";
}

/** "Japan Standard Time (Asia/Tokyo, UTC+09:00)". */
export function zoneName(ctx: PageContext, zone: string, at: Date): string {
  return zoneLabel(ctx.t, ctx.locale, zone, at);
}

function formatDay(ctx: Pick<PageContext, "locale">, date: string): string {
  return formatInZone(startOfDayInZone(date, "UTC"), "UTC", ctx.locale, "date");
}

/** When a meeting takes place: its day, and its times in its own zone and in the reader's. */
function MeetingWhen({ ctx, meeting, zone }: { ctx: PageContext; meeting: MeetingRow; zone: string }) {
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

/** Text with its URLs as links and "[1]" as footnote references. */
export function RichText({ text, footnotes }: { text: string; footnotes?: boolean }) {
  return (
    <>
      {inlineParts(text).map((part, index) =>
        part.kind === "url" ? (
          <a key={index} href={part.value}>
            {part.value}
          </a>
        ) : part.kind === "ref" && footnotes ? (
          <sup key={index}>
            <a href={`#footnote-${part.value}`} id={`ref-${part.value}`}>
              {part.value}
            </a>
          </sup>
        ) : (
          <span key={index}>{part.kind === "ref" ? `[${part.value}]` : part.value}</span>
        ),
      )}
    </>
  );
}

function SummaryBody({ ctx, summary }: { ctx: PageContext; summary: ParsedSummary }) {
  return (
    <>
      <ol class="summary-paragraphs">
        {summary.paragraphs.map((p, i) => (
          <li key={i} value={p.number}>
            {p.text.split("\n").map((line, i) => (
              <p key={i} dir="auto">
                <RichText text={line} footnotes />
              </p>
            ))}
          </li>
        ))}
      </ol>
      {summary.footnotes.length ? (
        <section aria-labelledby="footnotes-title">
          <h3 id="footnotes-title">{ctx.t("meetings.summary.footnotes")}</h3>
          <ol class="footnotes">
            {summary.footnotes.map((f) => (
              <li key={f.marker} id={`footnote-${f.marker}`} value={Number(f.marker)}>
                <bdi>
                  <RichText text={f.text} />
                </bdi>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

/** How a next step's owner reads. */
function ownerOf(ctx: PageContext, action: ActionRow, people: Map<string, string>): string {
  if (action.owner_user_id) return people.get(action.owner_user_id) ?? ctx.t("meetings.action.ownerUnknown");
  return action.owner_text || ctx.t("meetings.action.noOwner");
}

/** When a next step is due, as worded, else its date with its precision ("on or around 15 August 2017"). */
export function dueOf(
  ctx: Pick<PageContext, "t" | "locale">,
  action: Pick<ActionRow, "due_text" | "due_date" | "due_precision">,
): string {
  if (action.due_text) return action.due_text;
  if (!action.due_date) return "";
  return ctx.t(`meetings.due.${action.due_precision ?? "exact"}`, { date: formatDay(ctx, action.due_date) });
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
  meetings: MeetingRow[];
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
                      <UserText text={meetingTitle(ctx.t, m)} />
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

function KindSelect({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: Record<string, string>;
  errors?: Record<string, string>;
}) {
  return (
    <Field name="kind" label={ctx.t("meetings.field.kind")} error={errors?.kind}>
      {({ id }) => (
        <select id={id} name="kind">
          {KINDS.map((k) => (
            <option key={k} value={k} selected={values.kind === k}>
              {ctx.t(`meetings.kind.${k}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The meeting's details as form fields (new, edit, and the import review). */
function MeetingFields({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: Record<string, string>;
  errors?: Record<string, string>;
}) {
  return (
    <>
      <KindSelect ctx={ctx} values={values} errors={errors} />
      <TextInput
        name="number"
        label={ctx.t("meetings.field.number")}
        hint={ctx.t("meetings.field.numberHint")}
        type="number"
        values={values}
        errors={errors}
      />
      <TextInput
        name="title"
        label={ctx.t("meetings.field.title")}
        hint={ctx.t("meetings.field.titleHint")}
        values={values}
        errors={errors}
      />
      <TextInput
        name="date"
        label={ctx.t("meetings.field.date")}
        type="date"
        required
        values={values}
        errors={errors}
      />
      <TextInput
        name="start_time"
        label={ctx.t("meetings.field.startTime")}
        type="time"
        values={values}
        errors={errors}
      />
      <TextInput
        name="end_time"
        label={ctx.t("meetings.field.endTime")}
        type="time"
        values={values}
        errors={errors}
      />
      <TextInput
        name="time_zone"
        label={ctx.t("meetings.field.timeZone")}
        hint={ctx.t("meetings.field.timeZoneHint")}
        values={values}
        errors={errors}
      />
      <TextInput name="room" label={ctx.t("meetings.field.room")} values={values} errors={errors} />
      <TextInput name="organiser" label={ctx.t("meetings.field.organiser")} values={values} errors={errors} />
      <TextInput
        name="facilitator"
        label={ctx.t("meetings.field.facilitator")}
        values={values}
        errors={errors}
      />
      <TextInput name="moderator" label={ctx.t("meetings.field.moderator")} values={values} errors={errors} />
      <TextArea name="purpose" label={ctx.t("meetings.field.purpose")} values={values} errors={errors} />
      <TextArea
        name="agenda"
        label={ctx.t("meetings.field.agenda")}
        hint={ctx.t("meetings.field.agendaHint")}
        values={values}
        errors={errors}
      />
      <TextInput
        name="join_url"
        label={ctx.t("meetings.field.joinUrl")}
        type="url"
        values={values}
        errors={errors}
      />
      <TextInput
        name="recording_stream_url"
        label={ctx.t("meetings.field.streamUrl")}
        type="url"
        values={values}
        errors={errors}
      />
      <TextInput
        name="recording_download_url"
        label={ctx.t("meetings.field.downloadUrl")}
        type="url"
        values={values}
        errors={errors}
      />
      <TextInput
        name="recording_password"
        label={ctx.t("meetings.field.password")}
        values={values}
        errors={errors}
      />
    </>
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

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
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
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  meeting: MeetingRow;
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
        <UserText text={title} />
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
          <p dir="auto">
            <RichText text={meeting.purpose} />
          </p>
        </Section>
      ) : null}
      <Section id="agenda-title" title={ctx.t("meetings.field.agenda")}>
        {meeting.agenda ? (
          <ol>
            {meeting.agenda
              .split(/\r?\n/)
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

/** Proposing time slots. */
export function PollFormPage({
  ctx,
  forum,
  cycle,
  values,
  people,
  chosen,
  errors,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  values: Record<string, string>;
  people: PollPerson[];
  chosen: ParticipantChoice;
  errors?: FieldErrors;
}) {
  const shown = translateErrors(ctx, errors);
  const title = ctx.t("meetings.poll.newTitle");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={`${base(forum, cycle)}/meetings`}>{ctx.t("meetings.list.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={`${base(forum, cycle)}/polls`} novalidate>
        <CsrfInput ctx={ctx} />
        <KindSelect ctx={ctx} values={values} errors={shown} />
        <TextInput
          name="number"
          label={ctx.t("meetings.field.number")}
          type="number"
          values={values}
          errors={shown}
        />
        <TextInput
          name="title"
          label={ctx.t("meetings.field.title")}
          hint={ctx.t("meetings.field.titleHint")}
          values={values}
          errors={shown}
        />
        <TextArea name="purpose" label={ctx.t("meetings.field.purpose")} values={values} errors={shown} />
        <TextInput
          name="duration_minutes"
          label={ctx.t("meetings.poll.duration")}
          type="number"
          values={values}
          errors={shown}
        />
        <TextInput
          name="time_zone"
          label={ctx.t("meetings.field.timeZone")}
          hint={ctx.t("meetings.poll.zoneHint")}
          values={values}
          errors={shown}
        />
        <TextArea
          name="slots"
          label={ctx.t("meetings.poll.slots")}
          hint={ctx.t("meetings.poll.slotsHint")}
          values={values}
          errors={shown}
          rows={6}
        />
        <TextInput
          name="closes"
          label={ctx.t("meetings.poll.closes")}
          hint={ctx.t("meetings.poll.closesHint")}
          values={values}
          errors={shown}
        />
        <ParticipantChooser ctx={ctx} people={people} chosen={chosen} error={shown?.participants} />
        <p class="hint">{ctx.t("meetings.poll.createHint")}</p>
        <button type="submit">{ctx.t("meetings.poll.create")}</button>
      </form>
    </Layout>
  );
}

/** A scheduling poll: slots grouped by day in the reader's zone, a radio group per slot. */
export function PollPage({
  ctx,
  forum,
  cycle,
  poll,
  tallies,
  best,
  myAnswers,
  participantCount,
  answeredCount,
  unansweredCount,
  canEdit,
  zone,
  meetingSlug,
  now,
  notice,
  errors,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  poll: PollRow;
  tallies: { slot: SlotRow; yes: number; ifNeedBe: number; no: number }[];
  best: { slot: SlotRow } | undefined;
  myAnswers: Record<string, PollAnswer>;
  participantCount: number;
  answeredCount: number;
  /** How many of those asked have not answered: the secretariat can remind them. */
  unansweredCount: number;
  canEdit: boolean;
  zone: string;
  meetingSlug?: string;
  now: Date;
  notice?: string;
  errors?: FieldErrors;
}) {
  const here = `${base(forum, cycle)}/polls/${poll.id}`;
  const title = poll.title || meetingTitle(ctx.t, poll);
  const groups = new Map<string, typeof tallies>();
  for (const tally of tallies) {
    const z = instantToZoned(tally.slot.starts_at, zone);
    const key = `${z.year}-${z.month}-${z.day}`;
    groups.set(key, [...(groups.get(key) ?? []), tally]);
  }
  const time = (at: Date) => formatInZone(at, zone, ctx.locale, "time");
  const first = tallies[0]?.slot.starts_at ?? new Date();
  const open = poll.status === "open";
  const answersClosed = Boolean(poll.closes_at && now.getTime() > poll.closes_at.getTime());
  const answering = open && !answersClosed;
  const shown = translateErrors(ctx, errors);
  return (
    <Layout ctx={ctx} title={isolated(title)} forum={forum}>
      <p>
        <a href={`${base(forum, cycle)}/meetings`}>{ctx.t("meetings.list.title", { year: cycle.year })}</a>
      </p>
      <h1>
        <UserText text={title} />
      </h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={shown} />
      <p class="lead" id="zone-note">
        {ctx.t("meetings.poll.shownIn", { zone: zoneName(ctx, zone, first) })}
      </p>
      {poll.purpose ? <p>{poll.purpose}</p> : null}
      <p>
        {ctx.t("meetings.poll.duration")}: {ctx.t("meetings.poll.minutes", { count: poll.duration_minutes })}{" "}
        · {ctx.t("meetings.poll.answered", { count: answeredCount, total: participantCount })} ·{" "}
        <span id="poll-asked">{ctx.t("meetings.poll.asked", { count: participantCount })}</span>
      </p>
      {poll.closes_at && open ? (
        <p id="poll-closes">
          {ctx.t(answersClosed ? "meetings.poll.closedOn" : "meetings.poll.closesOn", {
            when: formatInZone(poll.closes_at, zone, ctx.locale, "date-time-unzoned"),
            zone: zoneName(ctx, zone, poll.closes_at),
          })}
        </p>
      ) : null}
      {canEdit && open ? (
        <ul class="actions">
          <li>
            <a class="button button--secondary" href={`${here}/edit`}>
              {ctx.t("meetings.poll.edit")}
            </a>
          </li>
          <li>
            <a class="button button--secondary" href={`${here}/delete`}>
              {ctx.t("meetings.poll.delete")}
            </a>
          </li>
        </ul>
      ) : null}
      {!open ? (
        <p class="notice">
          {ctx.t("meetings.poll.closed")}{" "}
          {meetingSlug ? (
            <a href={`${base(forum, cycle)}/meetings/${meetingSlug}`}>{ctx.t("meetings.poll.toMeeting")}</a>
          ) : null}
        </p>
      ) : null}
      {canEdit && answering && unansweredCount > 0 ? (
        <form method="post" action={`${here}/remind`} class="poll-remind">
          <CsrfInput ctx={ctx} />
          {shown?.remind ? (
            <p class="field-error" id="field-remind">
              {shown.remind}
            </p>
          ) : null}
          <button type="submit" class="button--secondary" aria-describedby="poll-remind-hint">
            {ctx.t("meetings.poll.remind", { count: unansweredCount })}
          </button>
          <p class="hint" id="poll-remind-hint">
            {ctx.t("meetings.poll.remindHint")}
          </p>
        </form>
      ) : null}
      {open && answeredCount === 0 ? (
        <p class="notice" id="no-answers">
          {ctx.t("meetings.poll.noAnswers")}
        </p>
      ) : best && open ? (
        <p class="notice" id="best-slot">
          {ctx.t("meetings.poll.best", {
            when: `${formatInZone(best.slot.starts_at, zone, ctx.locale, "weekday-date")}, ${time(best.slot.starts_at)}`,
          })}
        </p>
      ) : null}
      <form method="post" action={`${here}/answers`}>
        <CsrfInput ctx={ctx} />
        {[...groups.values()].map((group) => (
          <section
            key={group[0]!.slot.id}
            aria-label={formatInZone(group[0]!.slot.starts_at, zone, ctx.locale, "weekday-date")}
          >
            <h2>{formatInZone(group[0]!.slot.starts_at, zone, ctx.locale, "weekday-date")}</h2>
            {group.map(({ slot, yes, ifNeedBe, no }) => (
              <fieldset key={slot.id} class="poll-slot">
                <legend>
                  <time dateTime={slot.starts_at.toISOString()}>{time(slot.starts_at)}</time>
                </legend>
                {(["yes", "if_need_be", "no"] as const).map((answer) => (
                  <label key={answer} class="radio">
                    <input
                      type="radio"
                      name={`slot_${slot.id}`}
                      value={answer}
                      checked={myAnswers[slot.id] === answer}
                      disabled={!answering}
                    />{" "}
                    {ctx.t(`meetings.poll.answer.${answer}`)}
                  </label>
                ))}
                <p class="hint">{ctx.t("meetings.poll.tally", { yes, ifNeedBe, no })}</p>
              </fieldset>
            ))}
          </section>
        ))}
        {answering ? <button type="submit">{ctx.t("meetings.poll.save")}</button> : null}
      </form>
      {canEdit && open ? (
        <form method="post" action={`${here}/close`}>
          <CsrfInput ctx={ctx} />
          <Field name="slot_id" label={ctx.t("meetings.poll.chooseSlot")}>
            {({ id }) => (
              <select id={id} name="slot_id">
                {tallies.map(({ slot }) => (
                  <option key={slot.id} value={slot.id} selected={best?.slot.id === slot.id}>
                    {formatInZone(slot.starts_at, zone, ctx.locale, "date-time")}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit">{ctx.t("meetings.poll.close")}</button>
        </form>
      ) : null}
    </Layout>
  );
}

/** Someone the secretariat can ask in a poll. */
export interface PollPerson {
  id: string;
  name: string;
  roles: readonly string[];
}

/** Which groups and people are ticked in a poll's "who is asked" fieldset. */
export interface ParticipantChoice {
  groups: readonly string[];
  ids: readonly string[];
}

const POLL_GROUP_KEYS = ["all", "secretariat", "facilitators", "nri"] as const;

/** "Who is asked": a checkbox per role group, then a checkbox per person; works without JavaScript. */
function ParticipantChooser({
  ctx,
  people,
  chosen,
  error,
}: {
  ctx: PageContext;
  people: PollPerson[];
  chosen: ParticipantChoice;
  error?: string;
}) {
  const described = ["field-participants-hint", error ? "field-participants-error" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <fieldset
      id="field-participants"
      class={error ? "field field--error" : "field"}
      aria-describedby={described}
    >
      <legend>{ctx.t("meetings.poll.who")}</legend>
      <p class="hint" id="field-participants-hint">
        {ctx.t("meetings.poll.whoHint")}
      </p>
      {error ? (
        <p class="field-error" id="field-participants-error">
          {error}
        </p>
      ) : null}
      {POLL_GROUP_KEYS.map((group) => (
        <label key={group} class="checkbox">
          <input
            type="checkbox"
            name="participant_groups"
            value={group}
            checked={chosen.groups.includes(group)}
          />{" "}
          {ctx.t(`meetings.poll.group.${group}`)}
        </label>
      ))}
      <fieldset class="poll-people">
        <legend>{ctx.t("meetings.poll.people")}</legend>
        {people.map((person) => (
          <label key={person.id} class="checkbox">
            <input
              type="checkbox"
              name="participant_ids"
              value={person.id}
              checked={chosen.ids.includes(person.id)}
            />{" "}
            <UserText text={person.name} />{" "}
            <span class="hint">({person.roles.map((r) => ctx.t(`auth.role.${r}`)).join(", ")})</span>
          </label>
        ))}
      </fieldset>
    </fieldset>
  );
}

/** Editing an open poll: title and purpose, who is asked, its times (remove one, add more). */
export function PollEditPage({
  ctx,
  forum,
  cycle,
  poll,
  slots,
  values,
  people,
  chosen,
  zone,
  slotValues,
  errors,
  slotErrors,
  notice,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  poll: PollRow;
  slots: SlotRow[];
  values: Record<string, string>;
  people: PollPerson[];
  chosen: ParticipantChoice;
  zone: string;
  slotValues?: Record<string, string>;
  errors?: FieldErrors;
  slotErrors?: FieldErrors;
  notice?: string;
}) {
  const here = `${base(forum, cycle)}/polls/${poll.id}`;
  const shown = translateErrors(ctx, { ...errors, ...slotErrors });
  const fieldErrors = translateErrors(ctx, errors);
  const addErrors = translateErrors(ctx, slotErrors);
  const heading = ctx.t("meetings.poll.edit");
  const name = poll.title || meetingTitle(ctx.t, poll);
  const when = (at: Date) => formatInZone(at, zone, ctx.locale, "date-time");
  return (
    <Layout ctx={ctx} title={`${heading}: ${isolated(name)}`} forum={forum}>
      <p>
        <a href={here}>{name}</a>
      </p>
      <h1>{heading}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={`${here}/edit`} novalidate>
        <CsrfInput ctx={ctx} />
        <TextInput
          name="title"
          label={ctx.t("meetings.field.title")}
          hint={ctx.t("meetings.field.titleHint")}
          values={values}
          errors={fieldErrors}
        />
        <TextArea
          name="purpose"
          label={ctx.t("meetings.field.purpose")}
          values={values}
          errors={fieldErrors}
        />
        <TextInput
          name="closes"
          label={ctx.t("meetings.poll.closes")}
          hint={ctx.t("meetings.poll.closesHint")}
          values={values}
          errors={fieldErrors}
        />
        <ParticipantChooser ctx={ctx} people={people} chosen={chosen} error={fieldErrors?.participants} />
        <p class="hint">{ctx.t("meetings.poll.editHint")}</p>
        <button type="submit">{ctx.t("meetings.poll.saveChanges")}</button>
      </form>
      <section aria-labelledby="poll-times-title">
        <h2 id="poll-times-title">{ctx.t("meetings.poll.times")}</h2>
        <p class="hint">
          {ctx.t("meetings.poll.shownIn", { zone: zoneName(ctx, zone, slots[0]?.starts_at ?? new Date()) })}
        </p>
        <p class="hint">{ctx.t("meetings.poll.removeHint")}</p>
        <ul class="poll-times">
          {slots.map((slot) => (
            <li key={slot.id}>
              <form method="post" action={`${here}/slots/${slot.id}/delete`}>
                <CsrfInput ctx={ctx} />
                <time dateTime={slot.starts_at.toISOString()}>{when(slot.starts_at)}</time>{" "}
                {slots.length > 1 ? (
                  <button type="submit" class="button--secondary">
                    {ctx.t("meetings.poll.removeSlot", { when: when(slot.starts_at) })}
                  </button>
                ) : null}
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={`${here}/slots`} novalidate>
          <CsrfInput ctx={ctx} />
          <TextArea
            name="slots"
            label={ctx.t("meetings.poll.addSlots")}
            hint={ctx.t("meetings.poll.addSlotsHint", { zone: poll.time_zone })}
            values={slotValues ?? {}}
            errors={addErrors}
            rows={3}
          />
          <button type="submit">{ctx.t("meetings.poll.addSlotsButton")}</button>
        </form>
      </section>
    </Layout>
  );
}

/** Asks before deleting a poll: a form to confirm, a link to keep it. */
export function PollDeletePage({
  ctx,
  forum,
  cycle,
  poll,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  poll: PollRow;
}) {
  const here = `${base(forum, cycle)}/polls/${poll.id}`;
  const name = poll.title || meetingTitle(ctx.t, poll);
  const heading = ctx.t("meetings.poll.deleteTitle");
  return (
    <Layout ctx={ctx} title={heading} forum={forum}>
      <h1>{heading}</h1>
      <p>{ctx.t("meetings.poll.deleteIntro", { title: isolated(name) })}</p>
      <form method="post" action={`${here}/delete`}>
        <CsrfInput ctx={ctx} />
        <button type="submit" class="button--danger">
          {ctx.t("meetings.poll.deleteConfirm")}
        </button>{" "}
        <a href={here}>{ctx.t("meetings.poll.deleteCancel")}</a>
      </form>
    </Layout>
  );
}

export interface ImportWarningView {
  code: string;
  message: string;
}

/** Uploading a past summary report. */
export function ImportUploadPage({
  ctx,
  forum,
  cycle,
  error,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  error?: string;
}) {
  const title = ctx.t("meetings.import.title");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={`${base(forum, cycle)}/meetings`}>{ctx.t("meetings.list.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{ctx.t("meetings.import.intro")}</p>
      {error ? <ErrorSummary ctx={ctx} errors={{ file: error }} /> : null}
      <form method="post" action={`${base(forum, cycle)}/meetings/import`} enctype="multipart/form-data">
        <CsrfInput ctx={ctx} />
        <Field
          name="file"
          label={ctx.t("meetings.import.file")}
          hint={ctx.t("meetings.import.fileHint")}
          error={error}
        >
          {({ id, describedBy }) => (
            <input
              type="file"
              id={id}
              name="file"
              accept=".docx,.pdf,.txt"
              required
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <button type="submit">{ctx.t("meetings.import.read")}</button>
      </form>
    </Layout>
  );
}

/** The proposed record, prefilled and editable, with the parser's warnings first. */
export function ImportReviewPage({
  ctx,
  forum,
  cycle,
  fileName,
  values,
  warnings,
  clashes,
  refusedDuplicate,
  errors,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  fileName: string;
  values: Record<string, string>;
  warnings: ImportWarningView[];
  /** What the cycle already holds that this record clashes with (see cycleClashes). */
  clashes: CycleClash[];
  /** The record was confirmed and refused as a duplicate (409). */
  refusedDuplicate?: boolean;
  errors?: FieldErrors;
}) {
  const { other_year: otherYearError, ...fieldErrors } = errors ?? {};
  // The year goes into this one message on the page; the API gives the general wording.
  const shown: FieldErrors | undefined = errors
    ? {
        ...translateErrors(ctx, fieldErrors),
        ...(otherYearError
          ? { other_year: ctx.t("meetings.error.otherYearNamed", { year: cycle.year }) }
          : {}),
      }
    : undefined;
  const title = ctx.t("meetings.import.reviewTitle");
  const duplicate = clashes.find((c) => c.code === "duplicate_meeting");
  const otherYear = clashes.find((c) => c.code === "year_mismatch");
  const duplicateName = duplicate ? isolated(meetingTitle(ctx.t, duplicate.meeting)) : "";
  const duplicateDay = duplicate ? formatDay(ctx, duplicate.meeting.date) : "";
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <p class="lead">{ctx.t("meetings.import.reviewIntro", { file: isolated(fileName) })}</p>
      {duplicate ? (
        <div
          class={refusedDuplicate ? "error-summary" : "notice notice--warning"}
          role="alert"
          id="duplicate-meeting"
        >
          <p>
            {refusedDuplicate
              ? ctx.t("meetings.import.duplicateRefused", { meeting: duplicateName, date: duplicateDay })
              : ctx.t("meetings.import.duplicate", { meeting: duplicateName, date: duplicateDay })}
          </p>
          <p>
            <a href={duplicate.path}>{ctx.t("meetings.import.openExisting", { meeting: duplicateName })}</a>
          </p>
        </div>
      ) : null}
      {warnings.length ? (
        <div class="notice notice--warning" role="alert" aria-labelledby="warnings-title">
          <h2 id="warnings-title">{ctx.t("meetings.import.warnings", { count: warnings.length })}</h2>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={`${base(forum, cycle)}/meetings/import/confirm`} novalidate>
        <CsrfInput ctx={ctx} />
        <input type="hidden" name="file_name" value={fileName} />
        {otherYear ? (
          <div class="notice notice--warning" id="other-year">
            <fieldset class={shown?.other_year ? "field field--error" : "field"} id="field-other_year">
              <legend>
                {ctx.t("meetings.import.yearMismatch", {
                  date: formatDay(ctx, otherYear.date),
                  year: otherYear.cycleYear,
                })}
              </legend>
              {shown?.other_year ? <p class="field-error">{shown.other_year}</p> : null}
              <label class="checkbox">
                <input type="checkbox" name="other_year" value="yes" checked={values.other_year === "yes"} />{" "}
                {ctx.t("meetings.import.allowOtherYear", { year: otherYear.cycleYear })}
              </label>
              {otherYear.ownCyclePath ? (
                <p>
                  <button type="submit" class="button--secondary" formaction={otherYear.ownCyclePath}>
                    {ctx.t("meetings.import.otherCycle", { year: otherYear.date.slice(0, 4) })}
                  </button>
                </p>
              ) : null}
            </fieldset>
          </div>
        ) : null}
        <MeetingFields ctx={ctx} values={values} errors={shown} />
        <TextArea
          name="summary"
          label={ctx.t("meetings.summary.text")}
          hint={ctx.t("meetings.summary.textHint")}
          values={values}
          rows={20}
        />
        <TextArea
          name="participants"
          label={ctx.t("meetings.participants.title")}
          hint={ctx.t("meetings.participants.correctHint")}
          values={values}
          rows={10}
        />
        <TextArea
          name="contributions"
          label={ctx.t("meetings.contributions.title")}
          hint={ctx.t("meetings.import.contributionsHint")}
          values={values}
          rows={6}
        />
        <TextArea
          name="next_steps"
          label={ctx.t("meetings.actions.title")}
          hint={ctx.t("meetings.import.nextStepsHint")}
          values={values}
          rows={6}
          errors={shown}
        />
        <fieldset class={shown?.next_steps_status ? "field field--error" : "field"}>
          <legend>{ctx.t("meetings.import.stepsStatus")}</legend>
          {shown?.next_steps_status ? <p class="field-error">{shown.next_steps_status}</p> : null}
          {(["done", "open"] as const).map((status) => (
            <label key={status} class="radio">
              <input
                type="radio"
                id={status === "done" ? "field-next_steps_status" : undefined}
                name="next_steps_status"
                value={status}
                checked={(values.next_steps_status || "open") === status}
              />{" "}
              {ctx.t(status === "done" ? "meetings.import.stepsDone" : "meetings.import.stepsOpen")}
            </label>
          ))}
        </fieldset>
        <Field name="publish" label={ctx.t("meetings.import.publish")}>
          {({ id }) => (
            <input type="checkbox" id={id} name="publish" value="yes" checked={values.publish === "yes"} />
          )}
        </Field>
        <button type="submit">{ctx.t("meetings.import.create")}</button>
      </form>
    </Layout>
  );
}

/** A person's open next steps across forums. */
export function MyActionsPage({
  ctx,
  actions,
  polls,
}: {
  ctx: PageContext;
  actions: (ActionRow & {
    kind: MeetingKind;
    number: number | null;
    title: string;
    slug: string;
    year: number;
    forum_slug: string;
    forum_name: string;
  })[];
  /** Open polls the person is asked to answer and has not. */
  polls: {
    id: string;
    title: string;
    kind: MeetingKind;
    number: number | null;
    closes_at: Date | null;
    /** The poll's own zone: its closing time is shown in it when the reader's zone is not known. */
    time_zone: string;
    year: number;
    forum_slug: string;
    forum_name: string;
  }[];
}) {
  const title = ctx.t("meetings.mine.title");
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{ctx.t("meetings.mine.count", { count: actions.length })}</p>
      {actions.length ? (
        <ul class="my-actions">
          {actions.map((a) => (
            <li key={a.id}>
              <strong>{a.text}</strong>
              {dueOf(ctx, a) ? ` (${dueOf(ctx, a)})` : ""} —{" "}
              <a href={`/f/${a.forum_slug}/${a.year}/meetings/${a.slug}`}>
                {a.forum_name}: {meetingTitle(ctx.t, a)}
              </a>{" "}
              <form
                method="post"
                action={`/f/${a.forum_slug}/${a.year}/meetings/${a.slug}/actions/${a.id}`}
                class="inline"
              >
                <CsrfInput ctx={ctx} />
                <input type="hidden" name="status" value="done" />
                <input type="hidden" name="back" value="mine" />
                <button type="submit" class="button--secondary">
                  {ctx.t("meetings.action.markDone")}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
      {polls.length ? (
        <section aria-labelledby="my-polls-title">
          <h2 id="my-polls-title">{ctx.t("meetings.mine.polls")}</h2>
          <ul class="my-polls">
            {polls.map((p) => (
              <li key={p.id}>
                <a href={`/f/${p.forum_slug}/${p.year}/polls/${p.id}`}>
                  {p.forum_name}: {meetingTitle(ctx.t, p)}
                </a>
                {p.closes_at
                  ? ` (${ctx.t("meetings.mine.answerBy", {
                      when: formatInZone(
                        p.closes_at,
                        ctx.timeZone ?? p.time_zone,
                        ctx.locale,
                        "date-time-unzoned",
                      ),
                      zone: zoneName(ctx, ctx.timeZone ?? p.time_zone, p.closes_at),
                    })})`
                  : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
