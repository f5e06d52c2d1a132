// What the calls page handlers share: route schemas, form reading, and the scope and builder page of a request.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { findCycle } from "../forums/index.js";
import { type FieldErrors, notFound } from "../server/errors.js";
import { seeOther } from "../server/forms.js";
import { sendPage } from "../server/render.js";
import { callWindow, describeMoment } from "./deadlines.js";
import { callPermissions } from "./policy.js";
import { NoQuestionnairePage, QuestionnairePage } from "./questionnaire/pages.js";
import { hasQuestionnaire, type Scope, translationState } from "./questionnaire/service.js";
import { lines, type QuestionInput } from "./questions/edit.js";
import { forumLanguages, snakeErrors } from "./view.js";

/** The changes a page may announce after a redirect (`?done=`). */
export const DONE = new Set([
  "created",
  "section",
  "question",
  "updated",
  "moved",
  "removed",
  "published",
  "commented",
  "comment",
  "translated",
  "variant",
  "variantInfo",
  "updatedFromBase",
  "saved",
  "recipients",
  "sent",
  "reminder",
  "reminderNow",
  "reminderCancelled",
  "announced",
]);

/** A page's URL without its `lang` query parameter. */
export function withoutLang(url: string): string {
  const [path, query = ""] = url.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.delete("lang");
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

/** A question form's fields as service input (numbers stay NaN when not numbers, so the service can say so). */
export function questionInputFromForm(form: Record<string, string>): QuestionInput {
  const num = (name: string) => {
    const v = (form[name] ?? "").trim();
    return v ? Number(v) : undefined;
  };
  return {
    id: form.question_id?.trim() || undefined,
    type: form.type ?? "",
    label: form.label ?? "",
    help: form.help ?? "",
    required: form.required === "1",
    options: lines(form.options),
    items: lines(form.items),
    allowOther: form.allow_other === "1",
    maxSelections: num("max_selections"),
    guidanceUnit: form.guidance_unit,
    guidanceMin: num("guidance_min"),
    guidanceMax: num("guidance_max"),
    maxLength: num("max_length"),
    role: form.role,
    maxFiles: num("max_files"),
    maxLinks: num("max_links"),
    allowAnonymous: form.allow_anonymous === "1",
    licence: form.licence ?? "",
  };
}

/** Field errors of a question form, keyed by its fields' names. */
export function questionErrors(errors: FieldErrors): FieldErrors {
  const snake = snakeErrors(errors);
  if (snake.id) {
    snake.question_id = snake.id;
    delete snake.id;
  }
  return snake;
}

/** A cycle's address. */
export const params = Type.Object({ forum: Type.String(), year: Type.String() });
/** A question's address in a cycle. */
export const qParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  question: Type.String({ maxLength: 80 }),
});
/** Which variant a page shows, what was just done, and in which language. */
export const variantQuery = Type.Object({
  variant: Type.Optional(Type.String({ maxLength: 40 })),
  done: Type.Optional(Type.String({ maxLength: 40 })),
  lang: Type.Optional(Type.String({ maxLength: 10 })),
  /** The kind of question being added (the builder's first step). */
  type: Type.Optional(Type.String({ maxLength: 40 })),
});

/** What every calls page handler shares: the database, the scope of a request, and the builder page. */
export function callRouteContext(app: FastifyInstance) {
  const { services } = app;
  const db = services.database.db;
  const settings = () => ({ publicUrl: services.config.publicUrl, secret: services.secret });

  async function scopeOf(request: FastifyRequest): Promise<Scope> {
    const p = request.params as { forum: string; year: string };
    const { forum, cycle } = await findCycle(db, p.forum, p.year);
    return { actor: request.actor, forum, cycle, now: services.clock() };
  }

  function signInFirst(request: FastifyRequest, reply: FastifyReply) {
    return seeOther(reply, `/sign-in?next=${encodeURIComponent(request.url)}`);
  }

  const root = (scope: Scope) => `/f/${scope.forum.slug}/${scope.cycle.year}`;
  const builderUrl = (scope: Scope, variant: string, done?: string, anchor = "") =>
    `${root(scope)}/questionnaire?variant=${encodeURIComponent(variant)}${done ? `&done=${done}` : ""}${anchor}`;

  async function builderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    variantKey: string,
    extra: {
      errors?: FieldErrors;
      values?: Record<string, string>;
      notice?: string;
      commentError?: { questionId: string; body: string; error: string };
    } = {},
    status = 200,
  ) {
    const ctx = request.pageContext();
    if (!(await hasQuestionnaire(db, scope.cycle.id))) {
      const perms = await callPermissions(db, scope.actor, scope.forum.id);
      if (!perms.read) throw notFound();
      return sendPage(
        reply,
        <NoQuestionnairePage
          ctx={ctx}
          forum={scope.forum}
          cycle={scope.cycle}
          canEdit={perms.edit}
          languages={forumLanguages(scope.forum)}
          errors={extra.errors}
          values={extra.values}
        />,
        status,
      );
    }
    const data = await translationState(db, { ...scope, variantKey });
    const window = await callWindow(db, scope.cycle, scope.now);
    const closedOn =
      window.state !== "closed"
        ? undefined
        : window.closes
          ? describeMoment(window.closes, ctx.locale, ctx.t)
          : null;
    return sendPage(
      reply,
      <QuestionnairePage
        ctx={ctx}
        forum={scope.forum}
        cycle={scope.cycle}
        data={data}
        closedOn={closedOn}
        {...extra}
      />,
      status,
    );
  }
  return { services, db, settings, scopeOf, signInFirst, root, builderUrl, builderPage };
}
