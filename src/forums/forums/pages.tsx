// The secretariat's forum pages: creating forums (site administrators) and a forum's details and cycles.
import type { FieldErrors } from "../../server/errors.js";
import {
  CsrfInput,
  ErrorSummary,
  Field,
  Notice,
  translateErrors as translate,
  UserText,
} from "../../ui/components.js";
import { LOCALE_NAMES, LOCALES } from "../../ui/i18n/locales.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import type { CycleRow, ForumRow } from "../queries.js";

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
