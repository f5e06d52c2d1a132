// The NRI registry: national, regional and youth IGF initiatives with their focal points, a filter by kind, and
// (for whoever manages contacts) the form adding or changing one.
import type { FieldErrors } from "../../server/errors.js";
import { CsrfInput, ErrorSummary, TextField, translateErrors, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { AddressText, CountrySelect, countryText, Select } from "../contacts/pages.js";
import type { ContactView } from "../contacts/view.js";
import { ContactsNav, groupLabel } from "../page-parts.js";
import type { ContactAccess } from "../policy.js";
import type { NriRow } from "../queries.js";
import { NRI_SCOPES, type NriLine } from "./service.js";

type Forum = { slug: string; name: string };

function NriForm({
  ctx,
  action,
  values,
  errors,
  submit,
}: {
  ctx: PageContext;
  action: string;
  values: Record<string, string>;
  errors?: FieldErrors;
  submit: string;
}) {
  const t = ctx.t;
  const shown = translateErrors(ctx, errors);
  return (
    <form method="post" action={action} novalidate>
      <CsrfInput ctx={ctx} />
      <ErrorSummary ctx={ctx} errors={shown} />
      <TextField name="name" label={t("contacts.nri.name")} values={values} errors={shown} required />
      <Select
        name="scope"
        label={t("contacts.nri.scope")}
        value={values.scope ?? ""}
        empty={t("contacts.nri.chooseScope")}
        options={NRI_SCOPES.map((s) => ({ value: s, label: t(`contacts.nri.scope.${s}`) }))}
        error={shown?.scope}
      />
      <CountrySelect ctx={ctx} value={values.country ?? ""} error={shown?.country} />
      <TextField name="website" label={t("contacts.nri.website")} values={values} errors={shown} />
      <button type="submit">{submit}</button>
    </form>
  );
}

/** The forum's NRIs. */
export function NrisPage({
  ctx,
  forum,
  access,
  nris,
  scope,
  values,
  errors,
}: {
  ctx: PageContext;
  forum: Forum;
  access: ContactAccess;
  nris: NriLine[];
  scope: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const t = ctx.t;
  const title = t("contacts.nri.title");
  const base = `/f/${forum.slug}/contacts/nris`;
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ContactsNav ctx={ctx} forumSlug={forum.slug} current="nris" canManage={access.canManage} />
      <p>{t("contacts.nri.intro")}</p>
      <form method="get" action={base} class="filters">
        <Select
          name="scope"
          fieldId="filter-scope"
          label={t("contacts.nri.scope")}
          value={scope}
          empty={t("contacts.filter.any")}
          options={NRI_SCOPES.map((s) => ({ value: s, label: t(`contacts.nri.scope.${s}`) }))}
        />
        <button type="submit" class="button--secondary">
          {t("contacts.filter.apply")}
        </button>
      </form>
      {nris.length ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("contacts.nri.name")}</th>
                <th scope="col">{t("contacts.nri.scope")}</th>
                <th scope="col">{t("contacts.field.country")}</th>
                <th scope="col">{t("contacts.nri.focalPoints")}</th>
              </tr>
            </thead>
            <tbody>
              {nris.map((n) => (
                <tr key={n.id}>
                  <th scope="row">
                    <a href={`${base}/${n.id}`}>
                      <UserText text={n.name} />
                    </a>
                  </th>
                  <td>{t(`contacts.nri.scope.${n.scope}`)}</td>
                  <td>{countryText(ctx, n.country) || "—"}</td>
                  <td>
                    <a href={`/f/${forum.slug}/contacts?nri=${n.id}`}>
                      {t("contacts.list.count", { count: n.focal_points })}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("contacts.nri.none")}</p>
      )}
      {access.canManage ? (
        <section aria-labelledby="nri-add">
          <h2 id="nri-add">{t("contacts.nri.add")}</h2>
          <NriForm
            ctx={ctx}
            action={base}
            values={values ?? {}}
            errors={errors}
            submit={t("contacts.nri.add")}
          />
        </section>
      ) : null}
    </Layout>
  );
}

/** One NRI with its focal points (addresses as the reader may see them). */
export function NriPage({
  ctx,
  forum,
  access,
  nri,
  focalPoints,
  values,
  errors,
}: {
  ctx: PageContext;
  forum: Forum;
  access: ContactAccess;
  nri: NriRow;
  focalPoints: ContactView[];
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={nri.name} forum={forum}>
      <h1>
        <UserText text={nri.name} />
      </h1>
      <ContactsNav ctx={ctx} forumSlug={forum.slug} current="nris" canManage={access.canManage} />
      <dl class="facts">
        <dt>{t("contacts.nri.scope")}</dt>
        <dd>{t(`contacts.nri.scope.${nri.scope}`)}</dd>
        <dt>{t("contacts.field.country")}</dt>
        <dd>{countryText(ctx, nri.country) || "—"}</dd>
        <dt>{t("contacts.nri.website")}</dt>
        <dd>{nri.website ? <a href={nri.website}>{nri.website}</a> : "—"}</dd>
      </dl>
      <h2>{t("contacts.nri.focalPoints")}</h2>
      {focalPoints.length ? (
        <ul>
          {focalPoints.map((c) => (
            <li key={c.id}>
              <a href={`/f/${forum.slug}/contacts/${c.id}`}>
                <UserText text={[c.honorific, c.name].filter(Boolean).join(" ")} />
              </a>
              {" — "}
              {groupLabel(ctx, c.stakeholder_group)}
              {" — "}
              <AddressText ctx={ctx} contact={c} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("contacts.nri.noFocalPoints")}</p>
      )}
      {access.canManage ? (
        <section aria-labelledby="nri-edit">
          <h2 id="nri-edit">{t("contacts.nri.edit")}</h2>
          <NriForm
            ctx={ctx}
            action={`/f/${forum.slug}/contacts/nris/${nri.id}`}
            values={
              values ?? {
                name: nri.name,
                scope: nri.scope,
                country: nri.country ?? "",
                website: nri.website,
              }
            }
            errors={errors}
            submit={t("contacts.form.save")}
          />
        </section>
      ) : null}
    </Layout>
  );
}
