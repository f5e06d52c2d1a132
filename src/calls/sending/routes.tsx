// Sending the call: recipients, sending, reminders, and the unsubscribe link.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { checkCsrf } from "../../auth/index.js";
import { outreachChoices, outreachFilterOf } from "../../contacts/index.js";
import { findForum } from "../../forums/index.js";
import { type FieldErrors, notFound } from "../../server/errors.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { decodeTextFile } from "../../ui/text.js";
import { describeMoment } from "../deadlines.js";
import { requireCallSender } from "../policy.js";
import type { Scope } from "../questionnaire/service.js";
import { callRouteContext, DONE, params, variantQuery } from "../route-parts.js";
import { SendPage, UnsubscribePage } from "../sending/pages.js";
import { forumLanguages, snakeErrors } from "../view.js";
import { addRecipientsFromContacts, sendAnnouncement } from "./outreach.js";
import { parseCsvRecipients, parsePastedRecipients, parseTags, type RecipientProblem } from "./recipients.js";
import {
  addRecipients,
  callRecipientsWithStatus,
  callSendPreview,
  cancelReminder,
  checkUnsubscribeSignature,
  scheduleReminder,
  sendCall,
  unsubscribeFromCalls,
} from "./service.js";

/** A form's fields that start with a prefix, without it ("pick_group" → "group"). */
function prefixed(form: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
}

/** Sending the call. */
export const sendingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services, db, settings, scopeOf, signInFirst, root } = callRouteContext(app);

  // Sending.
  async function sendPageFor(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: Scope,
    extra: {
      values?: Record<string, string>;
      errors?: FieldErrors;
      notice?: string;
      problems?: RecipientProblem[];
      csvProblems?: RecipientProblem[];
    },
    status = 200,
  ) {
    const { call, recipients, reminders } = await callRecipientsWithStatus(db, scope);
    const { pending, window } = await callSendPreview(db, scope);
    const outreach = await outreachChoices(db, scope.forum.id);
    const closes = window.closes
      ? describeMoment(window.closes, request.locale, request.pageContext().t)
      : undefined;
    return sendPage(
      reply,
      <SendPage
        ctx={request.pageContext()}
        forum={scope.forum}
        cycle={scope.cycle}
        hasCall={Boolean(call)}
        recipients={recipients}
        reminders={reminders}
        pending={pending}
        closedOn={window.state === "closed" ? (closes ?? null) : undefined}
        languages={forumLanguages(scope.forum)}
        timeZone={scope.forum.time_zone}
        outreach={outreach}
        {...extra}
      />,
      status,
    );
  }

  app.get(
    "/f/:forum/:year/call/send",
    { schema: { params, querystring: variantQuery } },
    async (request, reply) => {
      if (request.actor.kind === "anonymous") return signInFirst(request, reply);
      const scope = await scopeOf(request);
      const done = request.query.done;
      const notice = done && DONE.has(done) ? request.pageContext().t(`calls.done.${done}`) : undefined;
      return sendPageFor(request, reply, scope, { notice });
    },
  );

  app.post("/f/:forum/:year/call/recipients", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    // Only those who may send the call get their paste read at all.
    await requireCallSender(db, scope.actor, scope.forum.id);
    const form = formFields(request.body);
    const parsed = parsePastedRecipients(form.recipients ?? "");
    if (parsed.problems.length || !parsed.recipients.length) {
      const errors = {
        recipients: parsed.problems.length ? "calls.recipients.someLines" : "calls.recipients.none",
      };
      return sendPageFor(request, reply, scope, { values: form, errors, problems: parsed.problems }, 422);
    }
    try {
      await addRecipients(db, {
        ...scope,
        recipients: parsed.recipients,
        tags: parseTags(form.tags),
        language: form.language,
      });
    } catch (error) {
      return sendPageFor(request, reply, scope, { values: form, errors: fieldErrorsOf(error) }, 422);
    }
    return seeOther(reply, `${root(scope)}/call/send?done=recipients`);
  });

  app.post(
    "/f/:forum/:year/call/recipients/csv",
    { config: { multipart: true }, schema: { params } },
    async (request, reply) => {
      // Who may send is decided before any of the upload is read, so strangers cannot make the server hold it.
      const scope = await scopeOf(request);
      await requireCallSender(db, scope.actor, scope.forum.id);
      const fields: Record<string, string> = {};
      let csv = "";
      for await (const part of request.parts({
        limits: { files: 1, fileSize: 2 * 1024 * 1024, fields: 20 },
      })) {
        if (part.type === "file") csv = decodeTextFile(await part.toBuffer());
        else fields[part.fieldname] = String(part.value);
      }
      checkCsrf(request, fields._csrf);
      const values = { csv_tags: fields.tags ?? "" };
      if (!csv.trim())
        return sendPageFor(
          request,
          reply,
          scope,
          { values, errors: { csv: "calls.recipients.csvEmpty" } },
          422,
        );
      const parsed = parseCsvRecipients(csv);
      if (parsed.problems.length || !parsed.recipients.length) {
        const errors = {
          csv: parsed.problems.length ? "calls.recipients.someLines" : "calls.recipients.none",
        };
        return sendPageFor(request, reply, scope, { values, errors, csvProblems: parsed.problems }, 422);
      }
      try {
        await addRecipients(db, { ...scope, recipients: parsed.recipients, tags: parseTags(fields.tags) });
      } catch (error) {
        return sendPageFor(request, reply, scope, { values, errors: fieldErrorsOf(error) }, 422);
      }
      return seeOther(reply, `${root(scope)}/call/send?done=recipients`);
    },
  );

  app.post("/f/:forum/:year/call/send", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    const expected = Number(form.expected);
    try {
      await sendCall(db, {
        ...scope,
        settings: settings(),
        confirm: {
          checkedRecipients: form.confirm === "1",
          expected: Number.isInteger(expected) ? expected : undefined,
          afterClose: form.confirm_closed === "1",
        },
      });
    } catch (error) {
      return sendPageFor(request, reply, scope, { values: form, errors: fieldErrorsOf(error) }, 422);
    }
    return seeOther(reply, `${root(scope)}/call/send?done=sent`);
  });

  app.post("/f/:forum/:year/call/recipients/contacts", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    try {
      await addRecipientsFromContacts(db, { ...scope, filter: outreachFilterOf(prefixed(form, "pick_")) });
    } catch (error) {
      return sendPageFor(request, reply, scope, { values: form, errors: fieldErrorsOf(error) }, 422);
    }
    return seeOther(reply, `${root(scope)}/call/send?done=recipients`);
  });

  app.post("/f/:forum/:year/call/reminders", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    const filter = outreachFilterOf({ ...prefixed(form, "reminder_"), tag: form.tag });
    // A filter of contacts beyond a tag makes the reminder go to those contacts rather than the recipients.
    const audience = filter.group || filter.region || filter.status || filter.nri ? filter : undefined;
    const sendNow = form.send_now === "1";
    try {
      await scheduleReminder(db, {
        ...scope,
        input: { runAt: form.run_at ?? "", tag: form.tag, audience, sendNow },
      });
    } catch (error) {
      const errors = snakeErrors(fieldErrorsOf(error));
      return sendPageFor(request, reply, scope, { values: form, errors }, 422);
    }
    return seeOther(reply, `${root(scope)}/call/send?done=${sendNow ? "reminderNow" : "reminder"}#reminders`);
  });

  app.post("/f/:forum/:year/call/announce", { schema: { params } }, async (request, reply) => {
    const scope = await scopeOf(request);
    const form = formFields(request.body);
    try {
      await sendAnnouncement(db, {
        ...scope,
        filter: outreachFilterOf(prefixed(form, "announce_")),
        subject: form.announce_subject ?? "",
        body: form.announce_body ?? "",
        confirmed: form.announce_confirm === "1",
        settings: settings(),
      });
    } catch (error) {
      return sendPageFor(request, reply, scope, { values: form, errors: fieldErrorsOf(error) }, 422);
    }
    return seeOther(reply, `${root(scope)}/call/send?done=announced`);
  });

  app.post(
    "/f/:forum/:year/call/reminders/:reminder/cancel",
    {
      schema: {
        params: Type.Object({
          forum: Type.String(),
          year: Type.String(),
          reminder: Type.String({ format: "uuid" }),
        }),
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      try {
        await cancelReminder(db, { ...scope, reminderId: request.params.reminder });
      } catch (error) {
        return sendPageFor(request, reply, scope, { errors: fieldErrorsOf(error) }, 422);
      }
      return seeOther(reply, `${root(scope)}/call/send?done=reminderCancelled#reminders`);
    },
  );

  // Unsubscribing, from the signed link in every call and reminder.
  const unsubscribeQuery = Type.Object({
    email: Type.String({ maxLength: 254 }),
    sig: Type.String({ maxLength: 100 }),
  });
  app.get(
    "/f/:forum/calls/unsubscribe",
    { schema: { params: Type.Object({ forum: Type.String() }), querystring: unsubscribeQuery } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const { email, sig } = request.query;
      if (!checkUnsubscribeSignature(services.secret, forum.id, email.toLowerCase(), sig))
        throw notFound("This unsubscribe link is not valid.", { messageKey: "forums.unsubscribe.invalid" });
      return sendPage(
        reply,
        <UnsubscribePage ctx={request.pageContext()} forum={forum} email={email} sig={sig} done={false} />,
      );
    },
  );

  // POST is also what mail programs send for one-click unsubscribe (RFC 8058): the signature is the authority.
  app.post(
    "/f/:forum/calls/unsubscribe",
    {
      config: { csrf: false },
      schema: { params: Type.Object({ forum: Type.String() }), querystring: Type.Partial(unsubscribeQuery) },
    },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const form = formFields(request.body);
      const email = request.query.email ?? form.email ?? "";
      await unsubscribeFromCalls(db, {
        forum,
        email,
        sig: request.query.sig ?? form.sig ?? "",
        secret: services.secret,
        now: services.clock(),
      });
      return sendPage(
        reply,
        <UnsubscribePage ctx={request.pageContext()} forum={forum} email={email} sig="" done />,
      );
    },
  );
};
