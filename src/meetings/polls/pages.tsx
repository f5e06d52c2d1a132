import type { CycleRow } from "../../forums/index.js";
import { formatInZone, instantToZoned } from "../../forums/index.js";
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
import { KindSelect } from "../meetings/fields.js";
import { base, type ForumRef, zoneName } from "../page-parts.js";
import type { PollAnswer } from "../tables.js";
import { meetingTitle } from "../titles.js";
import type { PollRow, SlotRow } from "./edit-service.js";

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
  titleLang,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  poll: PollRow;
  /** The poll's own title's language, when it is not the page's (titles of polls are not translated). */
  titleLang?: string;
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
        <UserText text={title} lang={poll.title ? titleLang : undefined} />
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

export const POLL_GROUP_KEYS = ["all", "secretariat", "facilitators", "nri"] as const;

/** "Who is asked": a checkbox per role group, then a checkbox per person; works without JavaScript. */
export function ParticipantChooser({
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
