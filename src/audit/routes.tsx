// The secretariat reads its forum's audit log, filtered by person and kind of change, 50 changes a page.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../db/schema.js";
import { forumBySlug } from "../forums/index.js";
import { notFound } from "../server/errors.js";
import { sendPage } from "../server/render.js";
import { Instant } from "../ui/components.js";
import { hasMessage } from "../ui/i18n/translate.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";
import { type AuditCursor, auditFacets, listAudit } from "./record.js";

/** The signed-in person, token or anonymous visitor behind a request (as the app resolved it). */
type RequestActor = FastifyRequest["actor"];

type Entry = Awaited<ReturnType<typeof listAudit>>[number];

/** Changes on one page of the log. */
export const AUDIT_PAGE_SIZE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A short before/after, with the ids of the forum's people shown as their names. */
function summarise(value: Record<string, unknown> | null, names: Map<string, string>): string {
  if (!value) return "";
  const shown = (v: unknown): string => {
    if (typeof v === "string") return UUID.test(v) ? (names.get(v.toLowerCase()) ?? v) : v;
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.map(shown).join(", ");
    return JSON.stringify(v);
  };
  return Object.entries(value)
    .map(([k, v]) => `${k}: ${shown(v)}`)
    .join("; ")
    .slice(0, 300);
}

/**
 * The readable label of a kind of change; one the catalogue lacks reads as its kind's name and the rest of its
 * code in words ("Contacts: gap reopen"), never as a bare code.
 */
export function actionLabel(ctx: PageContext, action: string): string {
  const key = `audit.action.${action}`;
  if (hasMessage(key)) return ctx.t(key);
  const [kind = action, ...rest] = action.split(".");
  const words = rest.join(" ").replace(/_/g, " ").trim();
  return words ? `${kindLabel(ctx, kind)}: ${words}` : kindLabel(ctx, kind);
}

/** The readable name of a kind (the action's first part), or the code. */
function kindLabel(ctx: PageContext, kind: string): string {
  const key = `audit.kindName.${kind}`;
  return hasMessage(key) ? ctx.t(key) : kind;
}

/** A cursor as it travels in a link: the exact time, a tilde, the id. */
function cursorParam(e: Entry): string {
  return `${e.at_key}~${e.id}`;
}

/** A cursor from a link, or undefined when it is malformed (the first page is shown then). */
function parseCursor(raw: string | undefined): AuditCursor | undefined {
  const m = raw?.match(/^(\d{4}-\d\d-\d\d[ T][0-9:.]+(?:[+-]\d\d(?::?\d\d)?|Z)?)~(\d{1,15})$/);
  if (!m?.[1] || !m[2]) return undefined;
  // A day that does not exist (2026-02-31) would make PostgreSQL refuse the query.
  const [y, mo, d] = m[1].slice(0, 10).split("-").map(Number) as [number, number, number];
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d || mo > 12) return undefined;
  return { at: m[1], id: Number(m[2]) };
}

function AuditPage(props: {
  ctx: PageContext;
  forum: { slug: string; name: string };
  entries: Entry[];
  names: Map<string, string>;
  actors: { actor_id: string | null; actor_label: string }[];
  actions: string[];
  selected: { actor?: string; kind?: string };
  newer?: string;
  older?: string;
}) {
  const { ctx, forum, entries, actors, actions, selected, names } = props;
  const kinds = [...new Set(actions.map((a) => a.split(".")[0] ?? a))];
  const link = (cursor: Record<string, string>) => {
    const q = new URLSearchParams();
    if (selected.actor) q.set("actor", selected.actor);
    if (selected.kind) q.set("kind", selected.kind);
    for (const [k, v] of Object.entries(cursor)) q.set(k, v);
    return `/f/${forum.slug}/audit?${q}`;
  };
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
              {kindLabel(ctx, k)}
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
                  <td>{e.actor_id ? (names.get(e.actor_id) ?? e.actor_label) : e.actor_label}</td>
                  <td>
                    {actionLabel(ctx, e.action)}
                    {hasMessage(`audit.action.${e.action}`) ? null : (
                      <>
                        <br />
                        <code class="muted">{e.action}</code>
                      </>
                    )}
                  </td>
                  <td>{summarise(e.before, names)}</td>
                  <td>{summarise(e.after, names)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.newer || props.older ? (
        <nav class="pager" aria-label={ctx.t("audit.pages")}>
          {props.newer ? (
            <a href={link({ after: props.newer })} rel="prev">
              <span class="arrow" aria-hidden="true">
                ←
              </span>{" "}
              {ctx.t("audit.newer")}
            </a>
          ) : (
            <span />
          )}
          {props.older ? (
            <a href={link({ before: props.older })} rel="next">
              {ctx.t("audit.older")}{" "}
              <span class="arrow" aria-hidden="true">
                →
              </span>
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}

/**
 * Who may read a forum's log and who its people are, given by the app when it registers the page: both are
 * auth's, and auth writes its audit rows through this folder, so audit does not import it.
 */
export interface AuditPagesAccess {
  /** Refuses anyone who may not read the forum's log (its managers may). */
  requireManager(db: Kysely<Database>, actor: RequestActor, forumId: string): Promise<unknown>;
  /** The forum's people, to name the actors in the log. */
  forumPeople(db: Kysely<Database>, forumId: string): Promise<{ id: string; name: string }[]>;
}

/** GET /f/:forum/audit. */
export const auditRoutes: FastifyPluginAsyncTypebox<AuditPagesAccess> = async (app, access) => {
  const db = app.services.database.db;
  app.get(
    "/f/:forum/audit",
    {
      schema: {
        params: Type.Object({ forum: Type.String() }),
        querystring: Type.Object({
          actor: Type.Optional(Type.String()),
          kind: Type.Optional(Type.String()),
          before: Type.Optional(Type.String({ maxLength: 80 })),
          after: Type.Optional(Type.String({ maxLength: 80 })),
        }),
      },
    },
    async (request, reply) => {
      const forum = await forumBySlug(db, request.params.forum);
      if (!forum) throw notFound();
      await access.requireManager(db, request.actor, forum.id);
      const { actor, kind } = request.query;
      const before = parseCursor(request.query.before);
      const after = before ? undefined : parseCursor(request.query.after);
      const rows = await listAudit(db, {
        forumId: forum.id,
        actorId: actor || undefined,
        actionPrefix: kind ? `${kind}.` : undefined,
        limit: AUDIT_PAGE_SIZE + 1,
        before,
        after,
      });
      // One row more than a page tells whether there is more in the direction read.
      const more = rows.length > AUDIT_PAGE_SIZE;
      const entries = after ? rows.slice(more ? 1 : 0) : rows.slice(0, AUDIT_PAGE_SIZE);
      const first = entries[0];
      const last = entries[entries.length - 1];
      const hasNewer = after ? more : Boolean(before);
      const hasOlder = after ? true : more;
      const [facets, people] = await Promise.all([
        auditFacets(db, forum.id),
        access.forumPeople(db, forum.id),
      ]);
      const names = new Map<string, string>(people.map((p) => [p.id.toLowerCase(), p.name]));
      for (const a of facets.actors)
        if (a.actor_id && !names.has(a.actor_id.toLowerCase()))
          names.set(a.actor_id.toLowerCase(), a.actor_label);
      return sendPage(
        reply,
        <AuditPage
          ctx={request.pageContext()}
          forum={forum}
          entries={entries}
          names={names}
          actors={facets.actors}
          actions={facets.actions}
          selected={{ actor, kind }}
          newer={hasNewer && first ? cursorParam(first) : undefined}
          older={hasOlder && last ? cursorParam(last) : undefined}
        />,
      );
    },
  );
};
