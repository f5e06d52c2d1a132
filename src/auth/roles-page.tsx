import { CsrfInput, ErrorSummary, Field, translateErrors } from "../ui/components.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";
import { FORUM_ROLES, type ForumRole } from "./actor.js";

interface Person {
  id: string;
  name: string;
  email: string;
  organisation: string;
  roles: ForumRole[];
}

/** The secretariat's page for giving and taking away roles in a forum. */
export function RolesPage({
  ctx,
  forum,
  people,
  values,
  errors,
  notice,
}: {
  ctx: PageContext;
  forum: { slug: string; name: string };
  people: Person[];
  values?: Record<string, string>;
  errors?: Record<string, string>;
  notice?: string;
}) {
  const shown = translateErrors(ctx, errors);
  return (
    <Layout ctx={ctx} title={ctx.t("auth.roles.title")} forum={forum}>
      <h1>{ctx.t("auth.roles.title")}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={shown} />
      <div class="table-wrap">
        <table>
          <caption class="muted">{ctx.t("auth.roles.count", { count: people.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.t("auth.profile.name")}</th>
              <th scope="col">{ctx.t("auth.profile.organisation")}</th>
              <th scope="col">{ctx.t("auth.roles.roles")}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.name}
                  <br />
                  <span class="muted">{p.email}</span>
                </td>
                <td>{p.organisation}</td>
                <td>
                  <ul class="plain">
                    {p.roles.map((role) => (
                      <li key={role}>
                        {ctx.t(`auth.role.${role}`)}{" "}
                        <form method="post" action={`/f/${forum.slug}/roles/revoke`} class="inline">
                          <CsrfInput ctx={ctx} />
                          <input type="hidden" name="user_id" value={p.id} />
                          <input type="hidden" name="role" value={role} />
                          <button
                            type="submit"
                            class="link-button"
                            aria-label={ctx.t("auth.roles.revokeLabel", {
                              role: ctx.t(`auth.role.${role}`),
                              name: p.name,
                            })}
                          >
                            {ctx.t("auth.roles.revoke")}
                          </button>
                        </form>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{ctx.t("auth.roles.grantTitle")}</h2>
      <form method="post" action={`/f/${forum.slug}/roles`} novalidate>
        <CsrfInput ctx={ctx} />
        <Field name="email" label={ctx.t("auth.email.label")} error={shown?.email}>
          {({ id, describedBy, invalid }) => (
            <input
              type="email"
              id={id}
              name="email"
              value={values?.email ?? ""}
              required
              aria-describedby={describedBy}
              aria-invalid={invalid ? "true" : undefined}
            />
          )}
        </Field>
        <Field name="name" label={ctx.t("auth.roles.nameIfNew")}>
          {({ id }) => <input type="text" id={id} name="name" value={values?.name ?? ""} maxLength={200} />}
        </Field>
        <Field name="role" label={ctx.t("auth.roles.role")} error={shown?.role}>
          {({ id }) => (
            <select id={id} name="role">
              {FORUM_ROLES.map((r) => (
                <option key={r} value={r} selected={values?.role === r}>
                  {ctx.t(`auth.role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">{ctx.t("auth.roles.grant")}</button>
      </form>
    </Layout>
  );
}
