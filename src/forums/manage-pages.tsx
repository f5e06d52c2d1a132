// The secretariat's pages: forum details, cycles, milestones, members; and the member's join page.
import { FORUM_ROLES } from "../auth/actor.js";
import type { FieldErrors } from "../server/errors.js";
import {
  CsrfInput,
  ErrorSummary,
  Field,
  isolated,
  Notice,
  translateErrors as translate,
  UserText,
} from "../ui/components.js";
import { LOCALE_NAMES, LOCALES } from "../ui/i18n/locales.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";
import { MilestoneWhen, milestoneAtText, milestoneName } from "./components.js";
import { CYCLE_STATUSES } from "./cycles-service.js";
import type { CycleRow, ForumRow, MilestoneRow } from "./queries.js";
import { cycleManageLinks } from "./sections.js";
import { MILESTONE_KINDS } from "./time/milestone-kinds.js";
import { ANYWHERE_ON_EARTH } from "./time/zones.js";

function ForumFields({
  ctx,
  values,
  errors,
  creating,
  zones,
}: {
  ctx: PageContext;
  values: Record<string, string | string[]>;
  errors?: Record<string, string>;
  creating: boolean;
  zones: string[];
}) {
  const v = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  const languages = Array.isArray(values.languages) ? values.languages : [v("languages") || "en"];
  return (
    <>
      {creating ? (
        <Field
          name="slug"
          label={ctx.t("forums.field.slug")}
          hint={ctx.t("forums.field.slugHint")}
          error={errors?.slug}
        >
          {({ id, describedBy, invalid }) => (
            <input
              type="text"
              id={id}
              name="slug"
              value={v("slug")}
              required
              pattern="[a-z0-9][a-z0-9-]{1,62}"
              aria-describedby={describedBy}
              aria-invalid={invalid ? "true" : undefined}
            />
          )}
        </Field>
      ) : null}
      <Field name="name" label={ctx.t("forums.field.name")} error={errors?.name}>
        {({ id, describedBy, invalid }) => (
          <input
            type="text"
            id={id}
            name="name"
            value={v("name")}
            required
            maxLength={200}
            aria-describedby={describedBy}
            aria-invalid={invalid ? "true" : undefined}
          />
        )}
      </Field>
      <Field name="description" label={ctx.t("forums.field.description")}>
        {({ id }) => (
          <textarea id={id} name="description" rows={4}>
            {v("description")}
          </textarea>
        )}
      </Field>
      <Field name="host_organisation" label={ctx.t("forums.field.host")}>
        {({ id }) => (
          <input
            type="text"
            id={id}
            name="host_organisation"
            value={v("host_organisation")}
            maxLength={200}
          />
        )}
      </Field>
      <fieldset class="field">
        <legend>{ctx.t("forums.field.languages")}</legend>
        {errors?.languages ? (
          <p class="field-error" id="field-languages">
            {errors.languages}
          </p>
        ) : null}
        {LOCALES.map((l) => (
          <label key={l} class="checkbox" lang={l}>
            <input type="checkbox" name="languages" value={l} checked={languages.includes(l)} />{" "}
            {LOCALE_NAMES[l]}
          </label>
        ))}
      </fieldset>
      <Field
        name="time_zone"
        label={ctx.t("forums.field.timeZone")}
        hint={ctx.t("forums.field.timeZoneHint")}
        error={errors?.time_zone}
      >
        {({ id, describedBy }) => (
          <select id={id} name="time_zone" aria-describedby={describedBy}>
            {zones.map((z) => (
              <option key={z} value={z} selected={(v("time_zone") || "UTC") === z}>
                {z.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name="mailing_list"
        label={ctx.t("forums.field.mailingList")}
        hint={ctx.t("forums.field.mailingListHint")}
        error={errors?.mailing_list}
      >
        {({ id, describedBy }) => (
          <input
            type="email"
            id={id}
            name="mailing_list"
            value={v("mailing_list")}
            aria-describedby={describedBy}
          />
        )}
      </Field>
    </>
  );
}

/** A milestone's zone: Anywhere on Earth first, then every zone; `defaultLabel` adds a blank "default" choice. */
function MilestoneZoneSelect({
  ctx,
  id,
  describedBy,
  selected,
  zones,
  defaultLabel,
}: {
  ctx: PageContext;
  id: string;
  describedBy: string | undefined;
  selected: string | undefined;
  zones: string[];
  defaultLabel?: string;
}) {
  // A zone stored under a name the list lacks (an alias) is still offered, so saving keeps it.
  const extra = selected && selected !== ANYWHERE_ON_EARTH && !zones.includes(selected) ? [selected] : [];
  return (
    <select id={id} name="time_zone" aria-describedby={describedBy}>
      {defaultLabel !== undefined ? <option value="">{defaultLabel}</option> : null}
      <option value={ANYWHERE_ON_EARTH} selected={selected === ANYWHERE_ON_EARTH}>
        {ctx.t("forums.zone.aoe")}
      </option>
      {[...extra, ...zones].map((z) => (
        <option key={z} value={z} selected={selected === z}>
          {z.replace(/_/g, " ")}
        </option>
      ))}
    </select>
  );
}

/** /admin/forums: every forum, and the form to create one. */
/** A milestone's label (needed for custom ones), as the add and edit forms share it. */
function MilestoneLabelField(p: {
  ctx: PageContext;
  value?: string | null;
  error?: string;
  required: boolean;
}) {
  return (
    <Field
      name="label"
      label={p.ctx.t("forums.milestone.label")}
      hint={p.ctx.t("forums.milestone.labelHint")}
      error={p.error}
    >
      {({ id, describedBy, invalid }) => (
        <input
          type="text"
          id={id}
          name="label"
          value={p.value ?? ""}
          maxLength={200}
          required={p.required}
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
        />
      )}
    </Field>
  );
}

/** A milestone's date or date-time. */
function MilestoneAtField(p: { ctx: PageContext; value?: string; error?: string; placeholder?: string }) {
  return (
    <Field
      name="at"
      label={p.ctx.t("forums.milestone.at")}
      hint={p.ctx.t("forums.milestone.atHint")}
      error={p.error}
    >
      {({ id, describedBy, invalid }) => (
        <input
          type="text"
          id={id}
          name="at"
          value={p.value ?? ""}
          placeholder={p.placeholder}
          required
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
        />
      )}
    </Field>
  );
}

/** A milestone's time zone. */
function MilestoneZoneField(p: {
  ctx: PageContext;
  value?: string;
  error?: string;
  zones: string[];
  defaultLabel?: string;
}) {
  return (
    <Field
      name="time_zone"
      label={p.ctx.t("forums.milestone.timeZone")}
      hint={p.ctx.t("forums.milestone.timeZoneHint")}
      error={p.error}
    >
      {({ id, describedBy }) => (
        <MilestoneZoneSelect
          ctx={p.ctx}
          id={id}
          describedBy={describedBy}
          selected={p.value}
          zones={p.zones}
          defaultLabel={p.defaultLabel}
        />
      )}
    </Field>
  );
}

export function AdminForumsPage({
  ctx,
  forums,
  values,
  errors,
  zones,
}: {
  ctx: PageContext;
  forums: ForumRow[];
  values: Record<string, string | string[]>;
  errors?: FieldErrors;
  zones: string[];
}) {
  const shown = translate(ctx, errors);
  return (
    <Layout ctx={ctx} title={ctx.t("admin.forums")}>
      <h1>{ctx.t("admin.forums")}</h1>
      <ul>
        {forums.map((f) => (
          <li key={f.id}>
            <a href={`/f/${f.slug}`}>
              <UserText text={f.name} />
            </a>{" "}
            <span class="muted">({f.slug})</span>
          </li>
        ))}
      </ul>
      <h2>{ctx.t("forums.create.title")}</h2>
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action="/admin/forums" novalidate>
        <CsrfInput ctx={ctx} />
        <ForumFields ctx={ctx} values={values} errors={shown} creating zones={zones} />
        <button type="submit">{ctx.t("forums.create.submit")}</button>
      </form>
    </Layout>
  );
}

/** /f/{forum}/manage: the forum's details and its cycles. */
export function ManageForumPage(props: {
  ctx: PageContext;
  forum: ForumRow;
  cycles: CycleRow[];
  values: Record<string, string | string[]>;
  errors?: FieldErrors;
  cycleValues: Record<string, string>;
  cycleErrors?: FieldErrors;
  notice?: string;
  zones: string[];
}) {
  const { ctx, forum, cycles } = props;
  const shown = translate(ctx, props.errors);
  const cycleShown = translate(ctx, props.cycleErrors);
  return (
    <Layout ctx={ctx} title={ctx.t("forums.manage.forum")} forum={forum}>
      <h1>{ctx.t("forums.manage.forum")}</h1>
      <Notice text={props.notice} />
      <nav class="work-links" aria-label={ctx.t("forums.manage.forumLinks")}>
        <ul>
          <li>
            <a href={`/f/${forum.slug}/roles`}>{ctx.t("auth.roles.title")}</a>
          </li>
          <li>
            <a href={`/f/${forum.slug}/audit`}>{ctx.t("audit.title")}</a>
          </li>
        </ul>
      </nav>
      <h2>{ctx.t("forums.home.cycles")}</h2>
      {cycles.length ? (
        <ul>
          {cycles.map((c) => (
            <li key={c.id}>
              <a href={`/f/${forum.slug}/${c.year}/manage`}>
                {ctx.t("forums.cycle.title", { year: c.year })}
              </a>{" "}
              — {ctx.t(`forums.cycle.status.${c.status}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{ctx.t("forums.home.noCycle")}</p>
      )}
      <h3>{ctx.t("forums.cycle.new")}</h3>
      <ErrorSummary ctx={ctx} errors={cycleShown} />
      <form method="post" action={`/f/${forum.slug}/cycles`} novalidate>
        <CsrfInput ctx={ctx} />
        <Field name="year" label={ctx.t("forums.field.year")} error={cycleShown?.year}>
          {({ id, describedBy, invalid }) => (
            <input
              type="number"
              id={id}
              name="year"
              value={props.cycleValues.year ?? ""}
              min={1990}
              max={2200}
              required
              aria-describedby={describedBy}
              aria-invalid={invalid ? "true" : undefined}
            />
          )}
        </Field>
        <Field name="focus" label={ctx.t("forums.field.focus")} hint={ctx.t("forums.field.focusHint")}>
          {({ id, describedBy }) => (
            <input
              type="text"
              id={id}
              name="focus"
              value={props.cycleValues.focus ?? ""}
              maxLength={300}
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <button type="submit">{ctx.t("forums.cycle.create")}</button>
      </form>
      <h2>{ctx.t("forums.manage.details")}</h2>
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={`/f/${forum.slug}/manage`} novalidate>
        <CsrfInput ctx={ctx} />
        <ForumFields ctx={ctx} values={props.values} errors={shown} creating={false} zones={props.zones} />
        <button type="submit">{ctx.t("forums.manage.save")}</button>
      </form>
    </Layout>
  );
}

/** /f/{forum}/{year}/manage: a cycle's focus and status, and its milestones. */
export function ManageCyclePage(props: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  milestones: MilestoneRow[];
  values: Record<string, string>;
  errors?: FieldErrors;
  milestoneValues: Record<string, string>;
  milestoneErrors?: FieldErrors;
  notice?: string;
  zones: string[];
  orderProblems: string[];
}) {
  const { ctx, forum, cycle, milestones } = props;
  const shown = translate(ctx, props.errors);
  const mShown = translate(ctx, props.milestoneErrors);
  const mv = props.milestoneValues;
  return (
    <Layout ctx={ctx} title={ctx.t("forums.cycle.manage", { year: cycle.year })} forum={forum}>
      <h1>{ctx.t("forums.cycle.manage", { year: cycle.year })}</h1>
      <Notice text={props.notice} />
      <nav class="work-links" aria-labelledby="work-on-cycle">
        <h2 id="work-on-cycle">{ctx.t("forums.manage.work")}</h2>
        <ul>
          <li>
            <a href={`/f/${forum.slug}/${cycle.year}`}>{ctx.t("forums.cycle.view", { year: cycle.year })}</a>
          </li>
          {cycleManageLinks(forum.slug, cycle.year).map((l) => (
            <li key={l.href}>
              <a href={l.href}>{ctx.t(l.labelKey, { year: cycle.year })}</a>
            </li>
          ))}
          <li>
            <a href={`/f/${forum.slug}/${cycle.year}/members`}>{ctx.t("forums.roster.title")}</a>
          </li>
        </ul>
      </nav>
      <h2>{ctx.t("forums.timeline.title")}</h2>
      {props.orderProblems.length ? (
        <div class="notice notice--warning" role="status">
          <ul>
            {props.orderProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {milestones.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t("forums.milestone.kind")}</th>
                <th scope="col">{ctx.t("forums.milestone.when")}</th>
                <th scope="col">
                  <span class="visually-hidden">{ctx.t("forums.milestone.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {milestones.map((m) => (
                <tr key={m.id}>
                  <td>{milestoneName(ctx, m)}</td>
                  <td>
                    <MilestoneWhen ctx={ctx} m={m} />
                  </td>
                  <td>
                    <a
                      href={`/f/${forum.slug}/${cycle.year}/milestones/${m.id}`}
                      aria-label={ctx.t("forums.milestone.changeLabel", { name: milestoneName(ctx, m) })}
                    >
                      {ctx.t("forums.milestone.change")}
                    </a>{" "}
                    <form
                      method="post"
                      action={`/f/${forum.slug}/${cycle.year}/milestones/${m.id}/delete`}
                      class="inline"
                    >
                      <CsrfInput ctx={ctx} />
                      <button
                        type="submit"
                        class="link-button"
                        aria-label={ctx.t("forums.milestone.removeLabel", { name: milestoneName(ctx, m) })}
                      >
                        {ctx.t("forums.milestone.remove")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{ctx.t("forums.timeline.empty")}</p>
      )}
      <h3>{ctx.t("forums.milestone.add")}</h3>
      <ErrorSummary ctx={ctx} errors={mShown} />
      <form method="post" action={`/f/${forum.slug}/${cycle.year}/milestones`} novalidate>
        <CsrfInput ctx={ctx} />
        <Field name="kind" label={ctx.t("forums.milestone.kind")} error={mShown?.kind}>
          {({ id }) => (
            <select id={id} name="kind">
              {MILESTONE_KINDS.map((k) => (
                <option key={k} value={k} selected={mv.kind === k}>
                  {ctx.t(`forums.milestone.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <MilestoneLabelField ctx={ctx} value={mv.label} error={mShown?.label} required={false} />
        <MilestoneAtField ctx={ctx} value={mv.at} error={mShown?.at} placeholder="2017-09-15" />
        <MilestoneZoneField
          ctx={ctx}
          value={mv.time_zone}
          error={mShown?.time_zone}
          zones={props.zones}
          defaultLabel={ctx.t("forums.milestone.timeZoneDefault", { zone: forum.time_zone })}
        />
        <button type="submit">{ctx.t("forums.milestone.addSubmit")}</button>
      </form>
      <h2>{ctx.t("forums.cycle.details")}</h2>
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={`/f/${forum.slug}/${cycle.year}/manage`} novalidate>
        <CsrfInput ctx={ctx} />
        <Field name="focus" label={ctx.t("forums.field.focus")}>
          {({ id }) => (
            <input type="text" id={id} name="focus" value={props.values.focus ?? ""} maxLength={300} />
          )}
        </Field>
        <Field name="description" label={ctx.t("forums.field.description")}>
          {({ id }) => (
            <textarea id={id} name="description" rows={4}>
              {props.values.description ?? ""}
            </textarea>
          )}
        </Field>
        <Field name="status" label={ctx.t("forums.field.status")} error={shown?.status}>
          {({ id }) => (
            <select id={id} name="status">
              {CYCLE_STATUSES.map((s) => (
                <option key={s} value={s} selected={props.values.status === s}>
                  {ctx.t(`forums.cycle.status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">{ctx.t("forums.manage.save")}</button>
      </form>
    </Layout>
  );
}

/** /f/{forum}/{year}/milestones/{id}: change one milestone's date, zone or label; it keeps its identity. */
export function EditMilestonePage(props: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  milestone: MilestoneRow;
  values?: Record<string, string>;
  errors?: FieldErrors;
  zones: string[];
}) {
  const { ctx, forum, cycle, milestone } = props;
  const shown = translate(ctx, props.errors);
  const v = props.values ?? {
    at: milestoneAtText(milestone),
    time_zone: milestone.time_zone,
    label: milestone.label,
  };
  const title = ctx.t("forums.milestone.editTitle", { name: milestoneName(ctx, milestone) });
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <p>
        <a href={`/f/${forum.slug}/${cycle.year}/manage`}>
          {ctx.t("forums.cycle.manage", { year: cycle.year })}
        </a>
      </p>
      <p>
        {ctx.t("forums.milestone.kind")}:{" "}
        <strong>
          {milestone.kind === "custom"
            ? ctx.t("forums.milestone.kind.custom")
            : ctx.t(`forums.milestone.kind.${milestone.kind}`)}
        </strong>
        <br />
        {ctx.t("forums.milestone.now")} <MilestoneWhen ctx={ctx} m={milestone} />
      </p>
      <p class="hint">{ctx.t("forums.milestone.editKeepsCalendar")}</p>
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={`/f/${forum.slug}/${cycle.year}/milestones/${milestone.id}`} novalidate>
        <CsrfInput ctx={ctx} />
        <MilestoneAtField ctx={ctx} value={v.at} error={shown?.at} />
        <MilestoneZoneField ctx={ctx} value={v.time_zone} error={shown?.time_zone} zones={props.zones} />
        <MilestoneLabelField
          ctx={ctx}
          value={v.label}
          error={shown?.label}
          required={milestone.kind === "custom"}
        />
        <button type="submit">{ctx.t("forums.milestone.editSubmit")}</button>
      </form>
    </Layout>
  );
}

interface RosterPerson {
  id: string;
  name: string;
  honorific: string;
  email: string;
  organisation: string;
  roles: string[];
  subscribed: boolean;
}

/** /f/{forum}/{year}/members: the roster; for the secretariat also invitations and requests to join. */
export function MembersPage(props: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  people: RosterPerson[];
  isManager: boolean;
  requests: { id: string; name: string; email: string; organisation: string; message: string }[];
  viewerSubscribed: boolean | undefined;
  values: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}) {
  const { ctx, forum, cycle, people } = props;
  const shown = translate(ctx, props.errors);
  return (
    <Layout ctx={ctx} title={ctx.t("forums.roster.title")} forum={forum}>
      <h1>
        {ctx.t("forums.roster.title")} — {cycle.year}
      </h1>
      <Notice text={props.notice} />
      <p>{ctx.t("forums.roster.count", { count: people.length })}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t("auth.profile.name")}</th>
              <th scope="col">{ctx.t("auth.profile.organisation")}</th>
              <th scope="col">{ctx.t("auth.roles.roles")}</th>
              {props.isManager ? <th scope="col">{ctx.t("forums.roster.list")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>
                  <UserText text={[p.honorific, p.name].filter(Boolean).join(" ")} />
                  {props.isManager ? (
                    <>
                      <br />
                      <span class="muted">{p.email}</span>
                    </>
                  ) : null}
                </td>
                <td>{p.organisation}</td>
                <td>{p.roles.map((r) => ctx.t(`auth.role.${r}`)).join(", ")}</td>
                {props.isManager ? (
                  <td>
                    {p.subscribed ? ctx.t("forums.roster.subscribed") : ctx.t("forums.roster.notSubscribed")}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.viewerSubscribed !== undefined ? (
        <form method="post" action={`/f/${forum.slug}/subscription`}>
          <CsrfInput ctx={ctx} />
          <input type="hidden" name="subscribed" value={props.viewerSubscribed ? "0" : "1"} />
          <input type="hidden" name="next" value={ctx.path} />
          <p>
            {props.viewerSubscribed ? ctx.t("forums.subscription.on") : ctx.t("forums.subscription.off")}{" "}
            <button type="submit" class="button--secondary">
              {props.viewerSubscribed
                ? ctx.t("forums.subscription.stop")
                : ctx.t("forums.subscription.start")}
            </button>
          </p>
        </form>
      ) : null}
      {props.isManager ? (
        <>
          <h2>{ctx.t("forums.join.requests")}</h2>
          {props.requests.length === 0 ? (
            <p class="muted">{ctx.t("forums.join.none")}</p>
          ) : (
            <ul>
              {props.requests.map((r) => (
                <li key={r.id}>
                  <strong>
                    <UserText text={r.name} />
                  </strong>{" "}
                  ({r.email}
                  {r.organisation ? (
                    <>
                      , <UserText text={r.organisation} />
                    </>
                  ) : null}
                  )
                  {r.message ? (
                    <>
                      : “<UserText text={r.message} />”
                    </>
                  ) : null}{" "}
                  <form method="post" action={`/f/${forum.slug}/join-requests/${r.id}`} class="inline">
                    <CsrfInput ctx={ctx} />
                    <button type="submit" name="decision" value="approve">
                      {ctx.t("forums.join.approve")}
                    </button>{" "}
                    <button type="submit" name="decision" value="decline" class="button--secondary">
                      {ctx.t("forums.join.decline")}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
          <h2>{ctx.t("forums.invite.title")}</h2>
          <ErrorSummary ctx={ctx} errors={shown} />
          <form method="post" action={`/f/${forum.slug}/invitations`} novalidate>
            <CsrfInput ctx={ctx} />
            <input type="hidden" name="year" value={String(cycle.year)} />
            <Field name="email" label={ctx.t("auth.email.label")} error={shown?.email}>
              {({ id, describedBy, invalid }) => (
                <input
                  type="email"
                  id={id}
                  name="email"
                  value={props.values.email ?? ""}
                  required
                  aria-describedby={describedBy}
                  aria-invalid={invalid ? "true" : undefined}
                />
              )}
            </Field>
            <Field name="name" label={ctx.t("auth.profile.name")}>
              {({ id }) => (
                <input type="text" id={id} name="name" value={props.values.name ?? ""} maxLength={200} />
              )}
            </Field>
            <Field name="role" label={ctx.t("auth.roles.role")} error={shown?.role}>
              {({ id }) => (
                <select id={id} name="role">
                  {FORUM_ROLES.map((r) => (
                    <option key={r} value={r} selected={(props.values.role ?? "member") === r}>
                      {ctx.t(`auth.role.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit">{ctx.t("forums.invite.submit")}</button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

/** /f/{forum}/join: ask to join. */
export function JoinPage({
  ctx,
  forum,
  signedIn,
  done,
  error,
}: {
  ctx: PageContext;
  forum: ForumRow;
  signedIn: boolean;
  done?: boolean;
  error?: string;
}) {
  return (
    <Layout ctx={ctx} title={ctx.t("forums.join.title")} forum={forum}>
      <h1>{ctx.t("forums.join.title")}</h1>
      {done ? (
        <p class="notice notice--success" role="status">
          {ctx.t("forums.join.sent")}
        </p>
      ) : error ? (
        <p class="notice notice--warning" role="status">
          {error}
        </p>
      ) : !signedIn ? (
        <p>
          <a class="button" href={`/sign-in?next=${encodeURIComponent(`/f/${forum.slug}/join`)}`}>
            {ctx.t("forums.join.signInFirst")}
          </a>
        </p>
      ) : (
        <form method="post" action={`/f/${forum.slug}/join`}>
          <CsrfInput ctx={ctx} />
          <p>{ctx.t("forums.join.intro")}</p>
          <label for="join-message">{ctx.t("forums.join.message")}</label>
          <textarea id="join-message" name="message" rows={4} maxLength={2000} />
          <p>
            <button type="submit">{ctx.t("forums.join.submit")}</button>
          </p>
        </form>
      )}
    </Layout>
  );
}

/** /f/{forum}/invitations/{token}: accept an invitation. */
export function InvitationPage({
  ctx,
  forum,
  state,
  token,
  role,
  email,
  signedIn,
}: {
  ctx: PageContext;
  forum: ForumRow;
  state: "valid" | "expired" | "used" | "unknown";
  token: string;
  role?: string;
  email?: string;
  signedIn: boolean;
}) {
  return (
    <Layout ctx={ctx} title={ctx.t("forums.invite.pageTitle")} forum={forum}>
      <h1>{ctx.t("forums.invite.pageTitle")}</h1>
      {state !== "valid" ? (
        <p>{ctx.t(`forums.invite.${state}`)}</p>
      ) : (
        <>
          <p class="lead">
            {ctx.t("forums.invite.pageBody", {
              forum: isolated(forum.name),
              role: ctx.t(`auth.role.${role}`),
              email: email ?? "",
            })}
          </p>
          {signedIn ? (
            <form method="post" action={`/f/${forum.slug}/invitations/${token}`}>
              <CsrfInput ctx={ctx} />
              <button type="submit">{ctx.t("forums.invite.accept")}</button>
            </form>
          ) : (
            <p>
              <a
                class="button"
                href={`/sign-in?next=${encodeURIComponent(`/f/${forum.slug}/invitations/${token}`)}`}
              >
                {ctx.t("forums.invite.signIn")}
              </a>
            </p>
          )}
        </>
      )}
    </Layout>
  );
}

/** /f/{forum}/unsubscribe: leave the forum's mailing list from a link in a message. */
export function UnsubscribePage({
  ctx,
  forum,
  email,
  sig,
  state,
}: {
  ctx: PageContext;
  forum: ForumRow;
  email: string;
  sig: string;
  state: "confirm" | "done" | "invalid";
}) {
  return (
    <Layout ctx={ctx} title={ctx.t("forums.unsubscribe.title")} forum={forum}>
      <h1>{ctx.t("forums.unsubscribe.title")}</h1>
      {state === "invalid" ? (
        <p>{ctx.t("forums.unsubscribe.invalid")}</p>
      ) : state === "done" ? (
        <p class="notice notice--success" role="status">
          {ctx.t("forums.unsubscribe.done", { email, forum: isolated(forum.name) })}
        </p>
      ) : (
        <form method="post" action={`/f/${forum.slug}/unsubscribe?${new URLSearchParams({ email, sig })}`}>
          <CsrfInput ctx={ctx} />
          <p>{ctx.t("forums.unsubscribe.confirm", { email, forum: isolated(forum.name) })}</p>
          <button type="submit">{ctx.t("forums.unsubscribe.submit")}</button>
        </form>
      )}
    </Layout>
  );
}
