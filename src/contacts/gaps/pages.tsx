// The gaps page: contacts without an address by stakeholder group, who is looking for which and by when, a
// button to volunteer, and (for the secretariat) a form to assign a member.
import { CsrfInput, Message, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { ContactsNav, groupLabel } from "../page-parts.js";
import type { ContactAccess } from "../policy.js";
import type { GapLine } from "./service.js";

/** Contacts without an address, by stakeholder group. */
export function GapsPage({
  ctx,
  forum,
  access,
  groups,
  members,
  notice,
}: {
  ctx: PageContext;
  forum: { slug: string; name: string };
  access: ContactAccess;
  groups: { group: string | null; gaps: GapLine[] }[];
  members: { id: string; name: string }[];
  notice?: string;
}) {
  const t = ctx.t;
  const title = t("contacts.gaps.title");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ContactsNav ctx={ctx} forumSlug={forum.slug} current="gaps" canManage={access.canManage} />
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>{t("contacts.gaps.intro")}</p>
      {groups.length === 0 ? <p>{t("contacts.gaps.none")}</p> : null}
      {groups.map(({ group, gaps }) => (
        <section key={group ?? "none"} aria-labelledby={`gaps-${group ?? "none"}`}>
          <h2 id={`gaps-${group ?? "none"}`}>
            {t("contacts.gaps.groupTitle", { group: groupLabel(ctx, group), count: gaps.length })}
          </h2>
          <ul class="plain">
            {gaps.map((g) => (
              <li key={g.contactId}>
                <a href={`/f/${forum.slug}/contacts/${g.contactId}`}>
                  <UserText text={g.name} />
                </a>{" "}
                —{" "}
                {g.assignee ? (
                  g.assignee.due ? (
                    <Message
                      ctx={ctx}
                      id="contacts.gaps.assigneeDue"
                      values={{ name: <UserText text={g.assignee.label} />, due: g.assignee.due }}
                    />
                  ) : (
                    <UserText text={g.assignee.label} />
                  )
                ) : (
                  <>
                    {t("contacts.gaps.nobody")}{" "}
                    <form
                      method="post"
                      action={`/f/${forum.slug}/contacts/${g.contactId}/gap`}
                      class="inline"
                    >
                      <CsrfInput ctx={ctx} />
                      <label for={`due-${g.contactId}`}>
                        {t("contacts.gaps.due")}
                        <span class="visually-hidden"> ({g.name})</span>
                      </label>{" "}
                      <input type="date" id={`due-${g.contactId}`} name="due" />{" "}
                      {access.isSecretariat && members.length ? (
                        <>
                          <label for={`assignee-${g.contactId}`}>
                            {t("contacts.gaps.assignee")}
                            <span class="visually-hidden"> ({g.name})</span>
                          </label>{" "}
                          <select id={`assignee-${g.contactId}`} name="assignee">
                            <option value="">{t("contacts.gaps.me")}</option>
                            {members.map((m) => (
                              <option key={m.id} value={m.id}>
                                {m.name}
                              </option>
                            ))}
                          </select>{" "}
                        </>
                      ) : null}
                      <button type="submit" class="button--secondary">
                        {access.isSecretariat ? t("contacts.gaps.assign") : t("contacts.gaps.volunteer")}
                        <span class="visually-hidden"> ({g.name})</span>
                      </button>
                    </form>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
