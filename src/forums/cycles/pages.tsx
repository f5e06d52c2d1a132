// The secretariat's cycle pages: a cycle's focus and status, its milestones.
import type { FieldErrors } from "../../server/errors.js";
import { CsrfInput, ErrorSummary, Field, Notice, translateErrors as translate } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { MilestoneWhen, milestoneAtText, milestoneName } from "../components.js";
import type { CycleRow, ForumRow, MilestoneRow } from "../queries.js";
import { cycleManageLinks } from "../sections.js";
import { MILESTONE_KINDS } from "../time/milestone-kinds.js";
import { ANYWHERE_ON_EARTH } from "../time/zones.js";
import { CYCLE_STATUSES } from "./service.js";

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
