// The contacts list with its filters, a contact's page and the form that adds or changes one. An address is
// shown only when the service gave it (the secretariat); everyone else reads "address on file" or "missing".
import {
  countryName,
  countryOptions,
  isCountryCode,
  REGIONS,
  STAKEHOLDER_GROUPS,
  SUBREGIONS,
} from "../../geo/countries.js";
import type { FieldErrors } from "../../server/errors.js";
import {
  CsrfInput,
  ErrorSummary,
  Field,
  Message,
  TextAreaField,
  TextField,
  translateErrors,
  UserText,
} from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import type { HistoryLine } from "../outreach/service.js";
import { ContactsNav, groupLabel, regionLabel, statusLabel } from "../page-parts.js";
import type { ContactAccess } from "../policy.js";
import type { ContactFilters } from "./service.js";
import { DEVELOPMENT_STATUSES } from "./service.js";
import type { ContactView } from "./view.js";

type Forum = { slug: string; name: string };

/** A labelled select with an empty first choice. */
export function Select({
  name,
  fieldId,
  label,
  value,
  options,
  empty,
  error,
}: {
  name: string;
  /** What the field's id is made from when another field on the page has the same name. */
  fieldId?: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  empty: string;
  error?: string;
}) {
  return (
    <Field name={fieldId ?? name} label={label} error={error}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          name={name}
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
        >
          <option value="">{empty}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The address cell as this reader may see it. */
export function AddressText({ ctx, contact }: { ctx: PageContext; contact: ContactView }) {
  if (contact.email !== undefined && contact.email !== null) return <span dir="ltr">{contact.email}</span>;
  return <>{contact.has_address ? ctx.t("contacts.address.onFile") : ctx.t("contacts.address.missing")}</>;
}

/** The country field of a contact's or an NRI's form, in the reader's language. */
export function CountrySelect({ ctx, value, error }: { ctx: PageContext; value: string; error?: string }) {
  return (
    <Select
      name="country"
      label={ctx.t("contacts.field.country")}
      value={value}
      empty={ctx.t("contacts.field.noCountry")}
      options={countryOptions(ctx.locale).map((o) => ({ value: o.value, label: o.label }))}
      error={error}
    />
  );
}

/** A country's name in the reader's language, or nothing for none (or a code we do not know). */
export function countryText(ctx: PageContext, code: string | null) {
  return code && isCountryCode(code) ? countryName(code, ctx.locale) : "";
}

/** A forum's contacts, filterable by group, region, development status, tag and missing address. */
export function ContactListPage({
  ctx,
  forum,
  access,
  contacts,
  tags,
  organisations,
  nris,
  filters,
  notice,
}: {
  ctx: PageContext;
  forum: Forum;
  access: ContactAccess;
  contacts: ContactView[];
  tags: string[];
  organisations: { id: string; name: string }[];
  nris: { id: string; name: string }[];
  filters: ContactFilters;
  notice?: string;
}) {
  const t = ctx.t;
  const title = t("contacts.list.title");
  const orgName = new Map(organisations.map((o) => [o.id, o.name]));
  const nriName = new Map(nris.map((n) => [n.id, n.name]));
  const filtering = Object.entries(filters).some(([key, value]) => key !== "year" && Boolean(value));
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ContactsNav ctx={ctx} forumSlug={forum.slug} current="list" canManage={access.canManage} />
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form method="get" action={`/f/${forum.slug}/contacts`} class="filters">
        <Select
          name="group"
          label={t("contacts.field.group")}
          value={filters.group ?? ""}
          empty={t("contacts.filter.any")}
          options={STAKEHOLDER_GROUPS.map((g) => ({ value: g, label: t(`geo.stakeholder.${g}`) }))}
        />
        <Select
          name="region"
          label={t("contacts.field.region")}
          value={filters.region ?? ""}
          empty={t("contacts.filter.any")}
          options={[
            ...REGIONS.map((r) => ({ value: r, label: t(`geo.region.${r}`) })),
            ...SUBREGIONS.map((r) => ({ value: r, label: t(`geo.subregion.${r}`) })),
          ]}
        />
        <Select
          name="status"
          label={t("contacts.field.status")}
          value={filters.status ?? ""}
          empty={t("contacts.filter.any")}
          options={DEVELOPMENT_STATUSES.map((s) => ({ value: s, label: t(`contacts.status.${s}`) }))}
        />
        <Select
          name="tag"
          label={t("contacts.field.tags")}
          value={filters.tag ?? ""}
          empty={t("contacts.filter.any")}
          options={tags.map((tag) => ({ value: tag, label: tag }))}
        />
        <Select
          name="nri"
          label={t("contacts.field.nri")}
          value={filters.nri ?? ""}
          empty={t("contacts.filter.any")}
          options={[
            { value: "any", label: t("contacts.nri.anyNri") },
            ...nris.map((n) => ({ value: n.id, label: n.name })),
          ]}
        />
        <div class="field">
          <input type="checkbox" id="filter-missing" name="missing" value="1" checked={filters.missing} />{" "}
          <label for="filter-missing" class="label--inline">
            {t("contacts.filter.missing")}
          </label>
        </div>
        <div class="field">
          <input
            type="checkbox"
            id="filter-not_contributed"
            name="not_contributed"
            value="1"
            checked={filters.not_contributed}
          />{" "}
          <label for="filter-not_contributed" class="label--inline">
            {t("contacts.filter.notContributed")}
          </label>
        </div>
        <button type="submit" class="button--secondary">
          {t("contacts.filter.apply")}
        </button>
      </form>
      {/* With no row at all, the sentence below the table's place says so once. */}
      {contacts.length ? <p>{t("contacts.list.count", { count: contacts.length })}</p> : null}
      {access.isSecretariat ? (
        <p>
          <a href={`/f/${forum.slug}/contacts/export.csv`}>{t("contacts.export.link")}</a>
          {" · "}
          <a href={`/f/${forum.slug}/contacts/export.xlsx`}>{t("contacts.export.xlsx")}</a>
        </p>
      ) : null}
      {contacts.length ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("contacts.field.name")}</th>
                <th scope="col">{t("contacts.field.organisation")}</th>
                <th scope="col">{t("contacts.field.group")}</th>
                <th scope="col">{t("contacts.field.country")}</th>
                <th scope="col">{t("contacts.field.region")}</th>
                <th scope="col">{t("contacts.field.status")}</th>
                <th scope="col">{t("contacts.field.email")}</th>
                <th scope="col">{t("contacts.field.tags")}</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <a href={`/f/${forum.slug}/contacts/${c.id}`}>
                      <UserText text={[c.honorific, c.name].filter(Boolean).join(" ")} />
                    </a>
                    {c.kind === "organisation" ? ` (${t("contacts.kind.organisation")})` : ""}
                    {c.opted_out ? ` — ${t("contacts.field.optedOut")}` : ""}
                  </th>
                  <td>
                    {c.organisation_id ? <UserText text={orgName.get(c.organisation_id)} /> : ""}
                    {c.nri_id ? (
                      <>
                        {c.organisation_id ? " · " : ""}
                        <a href={`/f/${forum.slug}/contacts/nris/${c.nri_id}`}>
                          <UserText text={nriName.get(c.nri_id)} />
                        </a>
                      </>
                    ) : null}
                  </td>
                  <td>{c.stakeholder_group ? groupLabel(ctx, c.stakeholder_group) : ""}</td>
                  <td>{countryText(ctx, c.country)}</td>
                  <td>{c.subregion ? regionLabel(ctx, c.subregion) : ""}</td>
                  <td>{statusLabel(ctx, c)}</td>
                  <td>
                    <AddressText ctx={ctx} contact={c} />
                  </td>
                  <td>{c.tags.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(filtering ? "contacts.list.noneMatch" : "contacts.list.none")}</p>
      )}
      {access.isSecretariat ? (
        <form method="post" action={`/f/${forum.slug}/contacts/settings`}>
          <CsrfInput ctx={ctx} />
          <fieldset>
            <legend>{t("contacts.settings.title")}</legend>
            <div class="field">
              <input
                type="checkbox"
                id="field-members_manage"
                name="members_manage"
                value="1"
                checked={access.membersManage}
              />{" "}
              <label for="field-members_manage" class="label--inline">
                {t("contacts.settings.membersManage")}
              </label>
            </div>
            <button type="submit" class="button--secondary">
              {t("contacts.settings.save")}
            </button>
          </fieldset>
        </form>
      ) : null}
    </Layout>
  );
}

/** The values a contact form shows: what was typed, or the contact's own. */
export function formValues(c: ContactView | undefined): Record<string, string> {
  if (!c) return { kind: "person" };
  return {
    kind: c.kind,
    organisation_id: c.organisation_id ?? "",
    nri_id: c.nri_id ?? "",
    honorific: c.honorific,
    name: c.name,
    role: c.role,
    stakeholder_group: c.stakeholder_group ?? "",
    country: c.country ?? "",
    email: c.email ?? "",
    tags: c.tags.join(", "),
    notes: c.notes,
    opted_out: c.opted_out ? "1" : "",
  };
}

/** The form adding a contact or changing one; the address field is write-only for those who do not see it. */
export function ContactFormPage({
  ctx,
  forum,
  access,
  contact,
  organisations,
  nris,
  values,
  errors,
  gap,
  history,
}: {
  ctx: PageContext;
  forum: Forum;
  access: ContactAccess;
  contact?: ContactView;
  organisations: { id: string; name: string }[];
  nris: { id: string; name: string }[];
  values: Record<string, string>;
  errors?: FieldErrors;
  gap?: { assignee: string; due: string | null } | null;
  history?: HistoryLine[];
}) {
  const t = ctx.t;
  const shown = translateErrors(ctx, errors);
  const title = contact
    ? [contact.honorific, contact.name].filter(Boolean).join(" ")
    : t("contacts.new.title");
  const action = contact ? `/f/${forum.slug}/contacts/${contact.id}` : `/f/${forum.slug}/contacts`;
  const editable = access.canManage;
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{contact ? <UserText text={title} /> : title}</h1>
      <ContactsNav
        ctx={ctx}
        forumSlug={forum.slug}
        current={contact ? "list" : "new"}
        canManage={access.canManage}
      />
      <ErrorSummary ctx={ctx} errors={shown} />
      {contact ? (
        <dl class="facts">
          <dt>{t("contacts.field.email")}</dt>
          <dd>
            <AddressText ctx={ctx} contact={contact} />
          </dd>
          {contact.other_emails?.length ? (
            <>
              <dt>{t("contacts.field.otherEmails")}</dt>
              <dd dir="ltr">{contact.other_emails.join(", ")}</dd>
            </>
          ) : null}
          <dt>{t("contacts.field.region")}</dt>
          <dd>
            {contact.region
              ? `${regionLabel(ctx, contact.region)} — ${regionLabel(ctx, contact.subregion)}`
              : t("geo.region.none")}
          </dd>
          <dt>{t("contacts.field.status")}</dt>
          <dd>{statusLabel(ctx, contact) || "—"}</dd>
          <dt>{t("contacts.field.addedBy")}</dt>
          <dd>
            <Message
              ctx={ctx}
              id="contacts.field.addedByValue"
              values={{
                name: contact.added_by_label ? <UserText text={contact.added_by_label} /> : "—",
                date: contact.created_at.toISOString().slice(0, 10),
              }}
            />
          </dd>
          {gap ? (
            <>
              <dt>{t("contacts.gaps.onIt")}</dt>
              <dd>
                {gap.due ? (
                  <Message
                    ctx={ctx}
                    id="contacts.gaps.assigneeDue"
                    values={{ name: <UserText text={gap.assignee} />, due: gap.due }}
                  />
                ) : (
                  <UserText text={gap.assignee} />
                )}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {editable ? (
        <form method="post" action={action} novalidate>
          <CsrfInput ctx={ctx} />
          <Select
            name="kind"
            label={t("contacts.field.kind")}
            value={values.kind ?? "person"}
            empty={t("contacts.kind.person")}
            options={[{ value: "organisation", label: t("contacts.kind.organisation") }]}
            error={shown?.kind}
          />
          <Select
            name="organisation_id"
            label={t("contacts.field.organisation")}
            value={values.organisation_id ?? ""}
            empty={t("contacts.field.noOrganisation")}
            options={organisations
              .filter((o) => o.id !== contact?.id)
              .map((o) => ({ value: o.id, label: o.name }))}
            error={shown?.organisation_id}
          />
          <Select
            name="nri_id"
            label={t("contacts.field.nri")}
            value={values.nri_id ?? ""}
            empty={t("contacts.nri.noNri")}
            options={nris.map((n) => ({ value: n.id, label: n.name }))}
            error={shown?.nri_id}
          />
          <TextField name="honorific" label={t("contacts.field.honorific")} values={values} errors={shown} />
          <TextField name="name" label={t("contacts.field.name")} values={values} errors={shown} required />
          <TextField name="role" label={t("contacts.field.role")} values={values} errors={shown} />
          <Select
            name="stakeholder_group"
            label={t("contacts.field.group")}
            value={values.stakeholder_group ?? ""}
            empty={t("contacts.field.noGroup")}
            options={STAKEHOLDER_GROUPS.map((g) => ({ value: g, label: t(`geo.stakeholder.${g}`) }))}
            error={shown?.stakeholder_group}
          />
          <CountrySelect ctx={ctx} value={values.country ?? ""} error={shown?.country} />
          {access.seesAddresses ? (
            <TextField name="email" label={t("contacts.field.email")} values={values} errors={shown} />
          ) : (
            <TextField
              name="email"
              label={t("contacts.field.newEmail")}
              hint={t("contacts.field.newEmailHint")}
              values={{ email: errors ? (values.email ?? "") : "" }}
              errors={shown}
            />
          )}
          <TextField
            name="tags"
            label={t("contacts.field.tags")}
            hint={t("contacts.field.tagsHint")}
            values={values}
            errors={shown}
          />
          <TextAreaField name="notes" label={t("contacts.field.notes")} values={values} errors={shown} />
          <div class="field">
            <input
              type="checkbox"
              id="field-opted_out"
              name="opted_out"
              value="1"
              checked={values.opted_out === "1"}
            />{" "}
            <label for="field-opted_out" class="label--inline">
              {t("contacts.field.optedOut")}
            </label>
          </div>
          <button type="submit">{contact ? t("contacts.form.save") : t("contacts.form.add")}</button>
        </form>
      ) : contact && !contact.has_address ? (
        <form method="post" action={`${action}/address`} novalidate>
          <CsrfInput ctx={ctx} />
          <TextField
            name="email"
            label={t("contacts.field.newEmail")}
            values={{ email: values.email ?? "" }}
            errors={shown}
          />
          <button type="submit">{t("contacts.gaps.fill")}</button>
        </form>
      ) : null}
      {contact && !editable ? (
        <dl class="facts">
          <dt>{t("contacts.field.role")}</dt>
          <dd>{contact.role || "—"}</dd>
          <dt>{t("contacts.field.group")}</dt>
          <dd>{groupLabel(ctx, contact.stakeholder_group)}</dd>
          <dt>{t("contacts.field.country")}</dt>
          <dd>{countryText(ctx, contact.country) || "—"}</dd>
          <dt>{t("contacts.field.nri")}</dt>
          <dd>
            {contact.nri_id ? (
              <a href={`/f/${forum.slug}/contacts/nris/${contact.nri_id}`}>
                <UserText text={nris.find((n) => n.id === contact.nri_id)?.name ?? "—"} />
              </a>
            ) : (
              "—"
            )}
          </dd>
          <dt>{t("contacts.field.tags")}</dt>
          <dd>{contact.tags.join(", ") || "—"}</dd>
          <dt>{t("contacts.field.notes")}</dt>
          <dd>{contact.notes || "—"}</dd>
        </dl>
      ) : null}
      {contact && history ? (
        <section aria-labelledby="contact-history">
          <h2 id="contact-history">{t("contacts.history.title")}</h2>
          {history.length ? (
            <ul class="plain">
              {history.map((h, i) => (
                <li key={`${h.kind}-${i}`}>
                  <time datetime={h.at.toISOString()}>{h.at.toISOString().slice(0, 10)}</time>{" "}
                  {t(`contacts.history.${h.kind}`, { detail: h.detail || "—" })}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("contacts.history.none")}</p>
          )}
        </section>
      ) : null}
    </Layout>
  );
}
