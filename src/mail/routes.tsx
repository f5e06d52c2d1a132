// The site administrator's view of outgoing mail: the outbox and each message as it was sent.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { notFound, unauthorized } from "../server/errors.js";
import { seeOther } from "../server/forms.js";
import { sendPage } from "../server/render.js";
import { Instant } from "../ui/components.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";
import { getOutboxMessage, listOutbox, type OutboxMessage } from "./outbox.js";
import type { MailStatus } from "./tables.js";

/** The signed-in person, token or anonymous visitor behind a request (as the app resolved it). */
type RequestActor = FastifyRequest["actor"];

/** Plain text with its web addresses made into links (each part still escaped by Preact). */
export function LinkedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

function OutboxPage({
  ctx,
  messages,
  smtp,
  to,
}: {
  ctx: PageContext;
  messages: OutboxMessage[];
  smtp: boolean;
  to?: string;
}) {
  return (
    <Layout ctx={ctx} title={ctx.t("mail.outbox.title")}>
      <h1>{ctx.t("mail.outbox.title")}</h1>
      <p class="lead">{smtp ? ctx.t("mail.outbox.introSmtp") : ctx.t("mail.outbox.introNoSmtp")}</p>
      <form method="get" action="/admin/outbox" class="filters">
        <label for="to">{ctx.t("mail.outbox.filterTo")}</label>
        <input type="email" id="to" name="to" value={to ?? ""} />
        <button type="submit" class="button--secondary">
          {ctx.t("mail.outbox.filter")}
        </button>
      </form>
      {messages.length === 0 ? (
        <p>{ctx.t("mail.outbox.empty")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t("mail.outbox.when")}</th>
                <th scope="col">{ctx.t("mail.outbox.to")}</th>
                <th scope="col">{ctx.t("mail.outbox.subject")}</th>
                <th scope="col">{ctx.t("mail.outbox.status")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Instant ctx={ctx} at={m.created_at} />
                  </td>
                  <td>{m.to_address}</td>
                  <td>
                    <a href={`/admin/outbox/${m.id}`}>{m.subject}</a>
                  </td>
                  <td>{ctx.t(`mail.status.${m.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

function MessagePage({ ctx, message }: { ctx: PageContext; message: OutboxMessage }) {
  return (
    <Layout ctx={ctx} title={message.subject}>
      <p>
        <a href="/admin/outbox">{ctx.t("mail.outbox.back")}</a>
      </p>
      <h1>{message.subject}</h1>
      <dl class="facts">
        <dt>{ctx.t("mail.outbox.to")}</dt>
        <dd>{message.to_name ? `${message.to_name} <${message.to_address}>` : message.to_address}</dd>
        <dt>{ctx.t("mail.outbox.when")}</dt>
        <dd>
          <Instant ctx={ctx} at={message.created_at} />
        </dd>
        <dt>{ctx.t("mail.outbox.status")}</dt>
        <dd>
          {ctx.t(`mail.status.${message.status}`)}
          {message.last_error ? ` — ${message.last_error}` : ""}
        </dd>
        <dt>{ctx.t("mail.outbox.attempts")}</dt>
        <dd>{message.attempts}</dd>
        {message.attachments.length ? (
          <>
            <dt>{ctx.t("mail.outbox.attachments")}</dt>
            <dd>
              <ul>
                {message.attachments.map((a, i) => (
                  <li key={a.filename}>
                    <a href={`/admin/outbox/${message.id}/attachments/${i}`}>{a.filename}</a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      <pre class="mail-body">
        <LinkedText text={message.text_body} />
      </pre>
    </Layout>
  );
}

function AdminHome({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={ctx.t("admin.title")}>
      <h1>{ctx.t("admin.title")}</h1>
      <ul>
        <li>
          <a href="/admin/outbox">{ctx.t("mail.outbox.title")}</a>
        </li>
        <li>
          <a href="/admin/forums">{ctx.t("admin.forums")}</a>
        </li>
        <li>
          <a href="/admin/privacy">{ctx.t("admin.privacy")}</a>
        </li>
      </ul>
    </Layout>
  );
}

const STATUSES: MailStatus[] = ["queued", "sent", "failed", "outbox"];

/**
 * Who may read the outbox, given by the app when it registers the pages: the access policy is auth's, and
 * auth sends its mail through this folder, so mail does not import it.
 */
export interface MailPagesAccess {
  /** Refuses anyone but a site administrator. */
  requireSiteAdmin(actor: RequestActor): void;
}

/** /admin, /admin/outbox and /admin/outbox/:id. */
export const mailRoutes: FastifyPluginAsyncTypebox<MailPagesAccess> = async (app, access) => {
  const db = app.services.database.db;
  const guard = (actor: RequestActor) => {
    if (actor.kind === "anonymous") throw unauthorized();
    access.requireSiteAdmin(actor);
  };

  app.get("/admin", async (request, reply) => {
    if (request.actor.kind === "anonymous") return seeOther(reply, "/sign-in?next=%2Fadmin");
    guard(request.actor);
    return sendPage(reply, <AdminHome ctx={request.pageContext()} />);
  });

  app.get(
    "/admin/outbox",
    {
      schema: {
        querystring: Type.Object({ to: Type.Optional(Type.String()), status: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return seeOther(reply, "/sign-in?next=%2Fadmin%2Foutbox");
      guard(request.actor);
      const status = STATUSES.find((s) => s === request.query.status);
      const messages = await listOutbox(db, { to: request.query.to || undefined, status, limit: 200 });
      return sendPage(
        reply,
        <OutboxPage
          ctx={request.pageContext()}
          messages={messages}
          smtp={Boolean(app.services.config.smtpUrl)}
          to={request.query.to}
        />,
      );
    },
  );

  app.get(
    "/admin/outbox/:id",
    { schema: { params: Type.Object({ id: Type.String({ format: "uuid" }) }) } },
    async (request, reply) => {
      guard(request.actor);
      const message = await getOutboxMessage(db, request.params.id);
      if (!message) throw notFound();
      return sendPage(reply, <MessagePage ctx={request.pageContext()} message={message} />);
    },
  );
};
