// Members' pages: the roster, invitations and requests to join, the join page, unsubscribing.
import { FORUM_ROLES } from "../../auth/index.js";
import type { FieldErrors } from "../../server/errors.js";
import {
  CsrfInput,
  ErrorSummary,
  Field,
  isolated,
  Notice,
  translateErrors as translate,
  UserText,
} from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import type { CycleRow, ForumRow } from "../queries.js";

interface RosterPerson {
  id: string;
  name: string;
  honorific: string;
  email: string;
  organisation: string;
  roles: string[];
  subscribed: boolean;
}

/** /f/{forum}/{year}/members: the roster; for the secretariat also invitations and requests to join. */
export function MembersPage(props: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  people: RosterPerson[];
  isManager: boolean;
  requests: { id: string; name: string; email: string; organisation: string; message: string }[];
  viewerSubscribed: boolean | undefined;
  values: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}) {
  const { ctx, forum, cycle, people } = props;
  const shown = translate(ctx, props.errors);
  return (
    <Layout ctx={ctx} title={ctx.t("forums.roster.title")} forum={forum}>
      <h1>
        {ctx.t("forums.roster.title")} — {cycle.year}
      </h1>
      <Notice text={props.notice} />
      <p>{ctx.t("forums.roster.count", { count: people.length })}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t("auth.profile.name")}</th>
              <th scope="col">{ctx.t("auth.profile.organisation")}</th>
              <th scope="col">{ctx.t("auth.roles.roles")}</th>
              {props.isManager ? <th scope="col">{ctx.t("forums.roster.list")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>
                  <UserText text={[p.honorific, p.name].filter(Boolean).join(" ")} />
                  {props.isManager ? (
                    <>
                      <br />
                      <span class="muted">{p.email}</span>
                    </>
                  ) : null}
                </td>
                <td>{p.organisation}</td>
                <td>{p.roles.map((r) => ctx.t(`auth.role.${r}`)).join(", ")}</td>
                {props.isManager ? (
                  <td>
                    {p.subscribed ? ctx.t("forums.roster.subscribed") : ctx.t("forums.roster.notSubscribed")}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.viewerSubscribed !== undefined ? (
        <form method="post" action={`/f/${forum.slug}/subscription`}>
          <CsrfInput ctx={ctx} />
          <input type="hidden" name="subscribed" value={props.viewerSubscribed ? "0" : "1"} />
          <input type="hidden" name="next" value={ctx.path} />
          <p>
            {props.viewerSubscribed ? ctx.t("forums.subscription.on") : ctx.t("forums.subscription.off")}{" "}
            <button type="submit" class="button--secondary">
              {props.viewerSubscribed
                ? ctx.t("forums.subscription.stop")
                : ctx.t("forums.subscription.start")}
            </button>
          </p>
        </form>
      ) : null}
      {props.isManager ? (
        <>
          <h2>{ctx.t("forums.join.requests")}</h2>
          {props.requests.length === 0 ? (
            <p class="muted">{ctx.t("forums.join.none")}</p>
          ) : (
            <ul>
              {props.requests.map((r) => (
                <li key={r.id}>
                  <strong>
                    <UserText text={r.name} />
                  </strong>{" "}
                  ({r.email}
                  {r.organisation ? (
                    <>
                      , <UserText text={r.organisation} />
                    </>
                  ) : null}
                  )
                  {r.message ? (
                    <>
                      : “<UserText text={r.message} />”
                    </>
                  ) : null}{" "}
                  <form method="post" action={`/f/${forum.slug}/join-requests/${r.id}`} class="inline">
                    <CsrfInput ctx={ctx} />
                    <button type="submit" name="decision" value="approve">
                      {ctx.t("forums.join.approve")}
                    </button>{" "}
                    <button type="submit" name="decision" value="decline" class="button--secondary">
                      {ctx.t("forums.join.decline")}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
          <h2>{ctx.t("forums.invite.title")}</h2>
          <ErrorSummary ctx={ctx} errors={shown} />
          <form method="post" action={`/f/${forum.slug}/invitations`} novalidate>
            <CsrfInput ctx={ctx} />
            <input type="hidden" name="year" value={String(cycle.year)} />
            <Field name="email" label={ctx.t("auth.email.label")} error={shown?.email}>
              {({ id, describedBy, invalid }) => (
                <input
                  type="email"
                  id={id}
                  name="email"
                  value={props.values.email ?? ""}
                  required
                  aria-describedby={describedBy}
                  aria-invalid={invalid ? "true" : undefined}
                />
              )}
            </Field>
            <Field name="name" label={ctx.t("auth.profile.name")}>
              {({ id }) => (
                <input type="text" id={id} name="name" value={props.values.name ?? ""} maxLength={200} />
              )}
            </Field>
            <Field name="role" label={ctx.t("auth.roles.role")} error={shown?.role}>
              {({ id }) => (
                <select id={id} name="role">
                  {FORUM_ROLES.map((r) => (
                    <option key={r} value={r} selected={(props.values.role ?? "member") === r}>
                      {ctx.t(`auth.role.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit">{ctx.t("forums.invite.submit")}</button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

/** /f/{forum}/join: ask to join. */
export function JoinPage({
  ctx,
  forum,
  signedIn,
  done,
  error,
}: {
  ctx: PageContext;
  forum: ForumRow;
  signedIn: boolean;
  done?: boolean;
  error?: string;
}) {
  return (
    <Layout ctx={ctx} title={ctx.t("forums.join.title")} forum={forum}>
      <h1>{ctx.t("forums.join.title")}</h1>
      {done ? (
        <p class="notice notice--success" role="status">
          {ctx.t("forums.join.sent")}
        </p>
      ) : error ? (
        <p class="notice notice--warning" role="status">
          {error}
        </p>
      ) : !signedIn ? (
        <p>
          <a class="button" href={`/sign-in?next=${encodeURIComponent(`/f/${forum.slug}/join`)}`}>
            {ctx.t("forums.join.signInFirst")}
          </a>
        </p>
      ) : (
        <form method="post" action={`/f/${forum.slug}/join`}>
          <CsrfInput ctx={ctx} />
          <p>{ctx.t("forums.join.intro")}</p>
          <label for="join-message">{ctx.t("forums.join.message")}</label>
          <textarea id="join-message" name="message" rows={4} maxLength={2000} />
          <p>
            <button type="submit">{ctx.t("forums.join.submit")}</button>
          </p>
        </form>
      )}
    </Layout>
  );
}

/** /f/{forum}/invitations/{token}: accept an invitation. */
export function InvitationPage({
  ctx,
  forum,
  state,
  token,
  role,
  email,
  signedIn,
}: {
  ctx: PageContext;
  forum: ForumRow;
  state: "valid" | "expired" | "used" | "unknown";
  token: string;
  role?: string;
  email?: string;
  signedIn: boolean;
}) {
  return (
    <Layout ctx={ctx} title={ctx.t("forums.invite.pageTitle")} forum={forum}>
      <h1>{ctx.t("forums.invite.pageTitle")}</h1>
      {state !== "valid" ? (
        <p>{ctx.t(`forums.invite.${state}`)}</p>
      ) : (
        <>
          <p class="lead">
            {ctx.t("forums.invite.pageBody", {
              forum: isolated(forum.name),
              role: ctx.t(`auth.role.${role}`),
              email: email ?? "",
            })}
          </p>
          {signedIn ? (
            <form method="post" action={`/f/${forum.slug}/invitations/${token}`}>
              <CsrfInput ctx={ctx} />
              <button type="submit">{ctx.t("forums.invite.accept")}</button>
            </form>
          ) : (
            <p>
              <a
                class="button"
                href={`/sign-in?next=${encodeURIComponent(`/f/${forum.slug}/invitations/${token}`)}`}
              >
                {ctx.t("forums.invite.signIn")}
              </a>
            </p>
          )}
        </>
      )}
    </Layout>
  );
}

/** /f/{forum}/unsubscribe: leave the forum's mailing list from a link in a message. */
export function UnsubscribePage({
  ctx,
  forum,
  email,
  sig,
  state,
}: {
  ctx: PageContext;
  forum: ForumRow;
  email: string;
  sig: string;
  state: "confirm" | "done" | "invalid";
}) {
  return (
    <Layout ctx={ctx} title={ctx.t("forums.unsubscribe.title")} forum={forum}>
      <h1>{ctx.t("forums.unsubscribe.title")}</h1>
      {state === "invalid" ? (
        <p>{ctx.t("forums.unsubscribe.invalid")}</p>
      ) : state === "done" ? (
        <p class="notice notice--success" role="status">
          {ctx.t("forums.unsubscribe.done", { email, forum: isolated(forum.name) })}
        </p>
      ) : (
        <form method="post" action={`/f/${forum.slug}/unsubscribe?${new URLSearchParams({ email, sig })}`}>
          <CsrfInput ctx={ctx} />
          <p>{ctx.t("forums.unsubscribe.confirm", { email, forum: isolated(forum.name) })}</p>
          <button type="submit">{ctx.t("forums.unsubscribe.submit")}</button>
        </form>
      )}
    </Layout>
  );
}
