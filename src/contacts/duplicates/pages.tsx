// Likely duplicates, each pair with a link to compare it; the merge screen shows both side by side and asks
// which one to keep (the other's history, people and details move to it).
import { countryName, isCountryCode } from "../../geo/countries.js";
import type { FieldErrors } from "../../server/errors.js";
import { CsrfInput, ErrorSummary, Message, translateErrors, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { AddressText } from "../contacts/pages.js";
import type { ContactView } from "../contacts/view.js";
import { ContactsNav, groupLabel } from "../page-parts.js";
import type { ContactAccess } from "../policy.js";
import type { DuplicatePair } from "./service.js";

type Forum = { slug: string; name: string };

const fullName = (c: ContactView) => [c.honorific, c.name].filter(Boolean).join(" ");

/** The forum's likely duplicates. */
export function DuplicatesPage({
  ctx,
  forum,
  access,
  pairs,
  notice,
}: {
  ctx: PageContext;
  forum: Forum;
  access: ContactAccess;
  pairs: DuplicatePair[];
  notice?: string;
}) {
  const t = ctx.t;
  const title = t("contacts.duplicates.title");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ContactsNav ctx={ctx} forumSlug={forum.slug} current="duplicates" canManage={access.canManage} />
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>{t("contacts.duplicates.intro")}</p>
      {pairs.length ? (
        <ul>
          {pairs.map((p) => (
            <li key={`${p.a.id}-${p.b.id}`}>
              <Message
                ctx={ctx}
                id={
                  p.reason === "address"
                    ? "contacts.duplicates.sameAddress"
                    : "contacts.duplicates.alikeNames"
                }
                values={{ a: <UserText text={fullName(p.a)} />, b: <UserText text={fullName(p.b)} /> }}
              />{" "}
              <a href={`/f/${forum.slug}/contacts/merge?a=${p.a.id}&b=${p.b.id}`}>
                {t("contacts.duplicates.compare")}
                <span class="visually-hidden">
                  {" ("}
                  <UserText text={fullName(p.a)} />, <UserText text={fullName(p.b)} />)
                </span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("contacts.duplicates.none")}</p>
      )}
    </Layout>
  );
}

/** Two contacts side by side and the choice of which to keep. */
export function MergePage({
  ctx,
  forum,
  access,
  a,
  b,
  errors,
}: {
  ctx: PageContext;
  forum: Forum;
  access: ContactAccess;
  a: { contact: ContactView; events: number };
  b: { contact: ContactView; events: number };
  errors?: FieldErrors;
}) {
  const t = ctx.t;
  const title = t("contacts.merge.title");
  const shown = translateErrors(ctx, errors);
  const rows: { label: string; value: (c: ContactView, events: number) => preact.ComponentChildren }[] = [
    { label: t("contacts.field.name"), value: (c) => <UserText text={fullName(c)} /> },
    { label: t("contacts.field.role"), value: (c) => c.role || "—" },
    { label: t("contacts.field.group"), value: (c) => groupLabel(ctx, c.stakeholder_group) },
    {
      label: t("contacts.field.country"),
      value: (c) => (c.country && isCountryCode(c.country) ? countryName(c.country, ctx.locale) : "—"),
    },
    { label: t("contacts.field.email"), value: (c) => <AddressText ctx={ctx} contact={c} /> },
    { label: t("contacts.field.tags"), value: (c) => c.tags.join(", ") || "—" },
    { label: t("contacts.field.notes"), value: (c) => c.notes || "—" },
    {
      label: t("contacts.field.addedBy"),
      value: (c) => (
        <Message
          ctx={ctx}
          id="contacts.field.addedByValue"
          values={{
            name: c.added_by_label ? <UserText text={c.added_by_label} /> : "—",
            date: c.created_at.toISOString().slice(0, 10),
          }}
        />
      ),
    },
    { label: t("contacts.history.title"), value: (_c, n) => t("contacts.merge.events", { count: n }) },
  ];
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ContactsNav ctx={ctx} forumSlug={forum.slug} current="duplicates" canManage={access.canManage} />
      <ErrorSummary ctx={ctx} errors={shown} />
      <p>{t("contacts.merge.intro")}</p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">{t("contacts.merge.first")}</th>
              <th scope="col">{t("contacts.merge.second")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{r.value(a.contact, a.events)}</td>
                <td>{r.value(b.contact, b.events)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action={`/f/${forum.slug}/contacts/merge`}>
        <CsrfInput ctx={ctx} />
        <fieldset>
          <legend>{t("contacts.merge.keep")}</legend>
          {[a, b].map((x, i) => (
            <div class="field" key={x.contact.id}>
              <input
                type="radio"
                id={`keep-${x.contact.id}`}
                name="keep"
                value={x.contact.id}
                checked={i === 0}
              />{" "}
              <label for={`keep-${x.contact.id}`} class="label--inline">
                <Message
                  ctx={ctx}
                  id="contacts.merge.keepThis"
                  values={{ name: <UserText text={fullName(x.contact)} /> }}
                />
              </label>
            </div>
          ))}
        </fieldset>
        <input type="hidden" name="a" value={a.contact.id} />
        <input type="hidden" name="b" value={b.contact.id} />
        <button type="submit">{t("contacts.merge.submit")}</button>
      </form>
    </Layout>
  );
}
