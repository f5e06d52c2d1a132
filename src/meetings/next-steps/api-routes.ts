// The meetings API: a meeting's next steps.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findForum } from "../../forums/index.js";
import { ErrorResponse } from "../../server/api-schemas.js";
import {
  Action,
  ActionBody,
  actionJson,
  forumMeeting,
  meetingParams,
  security,
  tags,
} from "../api-schemas.js";
import { addAction, deleteAction, updateAction } from "./service.js";

/** The next steps API. */
export const nextStepApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const meetingOf = (forumSlug: string, id: string) => forumMeeting(db, forumSlug, id);

  app.post(
    "/api/v1/forums/:forum/meetings/:id/actions",
    {
      schema: {
        tags,
        summary: "Add a next step",
        security,
        params: meetingParams,
        body: ActionBody,
        response: { 201: Action, 403: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { meeting } = await meetingOf(request.params.forum, request.params.id);
      const action = await addAction(db, {
        actor: request.actor,
        meetingId: meeting.id,
        input: request.body,
      });
      return reply.status(201).send(actionJson(action));
    },
  );

  app.patch(
    "/api/v1/forums/:forum/actions/:id",
    {
      schema: {
        tags,
        summary: "Change a next step (its owner may change only its status)",
        security,
        params: meetingParams,
        body: Type.Partial(Type.Intersect([ActionBody, Type.Object({ status: Type.String() })])),
        response: { 200: Action, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      await findForum(db, request.params.forum);
      return actionJson(
        await updateAction(db, { actor: request.actor, actionId: request.params.id, input: request.body }),
      );
    },
  );

  app.delete(
    "/api/v1/forums/:forum/actions/:id",
    {
      schema: {
        tags,
        summary: "Delete a next step",
        security,
        params: meetingParams,
        response: { 204: Type.Null(), 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      await findForum(db, request.params.forum);
      await deleteAction(db, { actor: request.actor, actionId: request.params.id });
      return reply.status(204).send(null);
    },
  );
};
