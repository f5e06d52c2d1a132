// The secretariat reads its forum's audit log, filtered by person and kind of change.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { MANAGERS, requireForumRole } from "../auth/policy.js";
import { selectForumBySlug } from "../forums/queries.js";
import { notFound } from "../server/errors.js";
import { sendPage } from "../server/render.js";
import { Instant } from "../ui/components.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";
import { auditFacets, listAudit } from "./record.js";

type Entry = Awaited<ReturnType<typeof listAudit>>[number];

function summarise(value: Record<string, unknown> | null): string {
  if (!value) return "";
  return Object.entries(value)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join("; ")
    .slice(0, 300);
}

function AuditPage(props: {
  ctx: PageContext;
  forum: { slug: string; name: string };
  entries: Entry[];
  actors: { actor_id: string | null; actor_label: string }[];
  actions: string[];
  selected: { actor?: string; kind?: string };
}) {
  const { ctx, forum, entries, actors, actions, selected } = props;
  const kinds = [...new Set(actions.map((a) => a.split(".")[0] ?? a))];
  return (
    <Layout ctx={ctx} title={ctx.t("audit.title")} forum={forum}>
      <h1>{ctx.t("audit.title")}</h1>
      <form method="get" action={`/f/${forum.slug}/audit`} class="filters">
        <label for="actor">{ctx.t("audit.person")}</label>
        <select id="actor" name="actor">
          <option value="">{ctx.t("audit.everyone")}</option>
          {actors.map((a) => (
            <option key={a.actor_id} value={a.actor_id ?? ""} selected={selected.actor === a.actor_id}>
              {a.actor_label}
            </option>
          ))}
        </select>
        <label for="kind">{ctx.t("audit.kind")}</label>
        <select id="kind" name="kind">
          <option value="">{ctx.t("audit.allKinds")}</option>
          {kinds.map((k) => (
            <option key={k} value={k} selected={selected.kind === k}>
              {k}
            </option>
          ))}
        </select>
        <button type="submit" class="button--secondary">
          {ctx.t("audit.filter")}
        </button>
      </form>
      {entries.length === 0 ? (
        <p>{ctx.t("audit.empty")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t("audit.when")}</th>
                <th scope="col">{ctx.t("audit.person")}</th>
                <th scope="col">{ctx.t("audit.change")}</th>
                <th scope="col">{ctx.t("audit.before")}</th>
                <th scope="col">{ctx.t("audit.after")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Instant ctx={ctx} at={e.at} />
                  </td>
                  <td>{e.actor_label}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{summarise(e.before)}</td>
                  <td>{summarise(e.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** GET /f/:forum/audit. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;
  app.get(
    "/f/:forum/audit",
    {
      schema: {
        params: Type.Object({ forum: Type.String() }),
        querystring: Type.Object({ actor: Type.Optional(Type.String()), kind: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const forum = await selectForumBySlug(db, request.params.forum);
      if (!forum) throw notFound();
      await requireForumRole(db, request.actor, forum.id, MANAGERS);
      const { actor, kind } = request.query;
      const entries = await listAudit(db, {
        forumId: forum.id,
        actorId: actor || undefined,
        actionPrefix: kind ? `${kind}.` : undefined,
        limit: 200,
      });
      const facets = await auditFacets(db, forum.id);
      return sendPage(
        reply,
        <AuditPage
          ctx={request.pageContext()}
          forum={forum}
          entries={entries}
          actors={facets.actors}
          actions={facets.actions}
          selected={{ actor, kind }}
        />,
      );
    },
  );
};
