// The sending API: recipients, sending and reminders.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { Anything, apiScope, base, Errors, Params, security, tags } from "../api-parts.js";
import {
  addRecipients,
  callRecipientsWithStatus,
  cancelReminder,
  scheduleReminder,
  sendCall,
} from "./service.js";

/** The sending API. */
export const sendingApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const scopeOf = apiScope(app);

  app.post(
    `${base}/call/recipients`,
    {
      schema: {
        tags,
        security,
        summary: "Add recipients of the call (a known address gains the tags and missing details)",
        params: Params,
        body: Type.Object({
          recipients: Type.Array(
            Type.Object({
              email: Type.String({ maxLength: 254 }),
              name: Type.String({ maxLength: 200 }),
              organisation: Type.Optional(Type.String({ maxLength: 200 })),
              stakeholder_group: Type.Optional(Type.String({ maxLength: 40 })),
              country: Type.Optional(Type.String({ maxLength: 2 })),
              language: Type.Optional(Type.String({ maxLength: 10 })),
              tags: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
            }),
            { maxItems: 5000 },
          ),
          tags: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
          language: Type.Optional(Type.String({ maxLength: 10 })),
        }),
        response: { 200: Type.Object({ added: Type.Integer(), updated: Type.Integer() }), ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      return addRecipients(db, {
        ...scope,
        recipients: request.body.recipients.map((r) => ({ ...r, stakeholderGroup: r.stakeholder_group })),
        tags: request.body.tags,
        language: request.body.language,
      });
    },
  );

  app.get(
    `${base}/call/recipients`,
    {
      schema: {
        tags,
        security,
        summary: "The call's recipients with the delivery status of the last message to each",
        params: Params,
        response: { 200: Anything, ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const { recipients, reminders } = await callRecipientsWithStatus(db, scope);
      return {
        recipients: recipients.map(({ recipient: r, last }) => ({
          email: r.email,
          name: r.name,
          tags: r.tags,
          language: r.language,
          unsubscribed: Boolean(r.unsubscribed_at),
          last: last
            ? { kind: last.kind, status: last.status, at: last.at.toISOString(), error: last.error }
            : null,
        })),
        reminders: reminders.map((r) => ({
          id: r.id,
          run_at: r.run_at.toISOString(),
          tag: r.tag,
          status: r.status,
          sent: r.sent_count,
        })),
      };
    },
  );

  app.post(
    `${base}/call/send`,
    {
      schema: {
        tags,
        security,
        summary:
          "Send the call to every recipient who has not had it yet and to the mailing list's subscribers (GET the recipients first to see who)",
        params: Params,
        body: Type.Optional(
          Type.Object({
            send_after_close: Type.Optional(
              Type.Boolean({
                description:
                  "Required (true) to send a call whose closing date has passed; refused otherwise.",
              }),
            ),
          }),
        ),
        response: { 200: Type.Object({ sent: Type.Integer() }), ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const sent = await sendCall(db, {
        ...scope,
        settings: { publicUrl: services.config.publicUrl, secret: services.secret },
        // Calling this endpoint is itself the explicit request; only sending after the close asks for more.
        confirm: { checkedRecipients: true, afterClose: request.body?.send_after_close === true },
      });
      return { sent };
    },
  );

  app.post(
    `${base}/call/reminders`,
    {
      schema: {
        tags,
        security,
        summary:
          "Schedule a reminder to recipients who have not contributed (optionally only those with a tag)",
        params: Params,
        body: Type.Object({
          run_at: Type.String({ format: "date-time" }),
          tag: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: { 201: Type.Object({ id: Type.String(), run_at: Type.String() }), ...Errors },
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const reminder = await scheduleReminder(db, {
        ...scope,
        input: { runAt: new Date(request.body.run_at), tag: request.body.tag },
      });
      return reply.status(201).send({ id: reminder.id, run_at: reminder.run_at.toISOString() });
    },
  );

  app.post(
    `${base}/call/reminders/:reminder/cancel`,
    {
      schema: {
        tags,
        security,
        summary: "Cancel a scheduled reminder: it stays listed as cancelled and its job sends nothing",
        params: Type.Object({
          forum: Type.String(),
          year: Type.String(),
          reminder: Type.String({ format: "uuid" }),
        }),
        response: {
          200: Type.Object({ id: Type.String(), run_at: Type.String(), status: Type.String() }),
          ...Errors,
        },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const reminder = await cancelReminder(db, { ...scope, reminderId: request.params.reminder });
      return { id: reminder.id, run_at: reminder.run_at.toISOString(), status: reminder.status };
    },
  );
};
