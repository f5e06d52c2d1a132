// The members API of a cycle: the roster, invitations, requests to join and mailing-list subscriptions.
// Every route goes through the members service, which checks the caller's role first.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { FORUM_ROLES, normaliseEmail } from "../../auth/index.js";
import { ErrorResponse } from "../../server/api-schemas.js";
import { findCycle } from "../lookup.js";
import { FORUM_MANAGERS, viewerRoles } from "../policy.js";
import {
  cycleRoster,
  decideJoinRequest,
  inviteMember,
  pendingJoinRequests,
  setMemberSubscription,
} from "./service.js";

const MemberJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  honorific: Type.String(),
  organisation: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
  stakeholder_group: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  email: Type.Optional(Type.String({ description: "shown to the secretariat only" })),
  subscribed: Type.Optional(
    Type.Boolean({ description: "receives the forum's mailing list; shown to the secretariat only" }),
  ),
});

const JoinRequestJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  organisation: Type.String(),
  message: Type.String(),
  created_at: Type.String({ format: "date-time" }),
});

const SubscriptionJson = Type.Object({
  user_id: Type.String(),
  email: Type.String(),
  subscribed: Type.Boolean(),
});

const auth = [{ bearer: [] }];
const CycleParams = Type.Object({
  forum: Type.String({ description: "the forum's slug" }),
  year: Type.Integer({ minimum: 1990, maximum: 2200 }),
});
const RequestParams = Type.Object({
  forum: Type.String(),
  year: Type.Integer({ minimum: 1990, maximum: 2200 }),
  id: Type.String({ format: "uuid" }),
});
const MemberParams = Type.Object({
  forum: Type.String(),
  year: Type.Integer({ minimum: 1990, maximum: 2200 }),
  user: Type.String({ format: "uuid", description: "the member's id, as in the roster" }),
});
const errors = {
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};

/** /api/v1/forums/{forum}/cycles/{year}/members, invitations and join-requests. */
export const memberApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;
  const base = "/api/v1/forums/:forum/cycles/:year";

  app.get(
    `${base}/members`,
    {
      schema: {
        tags: ["forums"],
        summary: "A cycle's roster with each person's roles (members of the forum)",
        security: auth,
        params: CycleParams,
        response: { 200: Type.Object({ members: Type.Array(MemberJson) }), ...errors },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const people = await cycleRoster(db, { actor: request.actor, forum, cycle });
      const roles = await viewerRoles(db, request.actor, forum.id);
      const isManager = roles.some((r) => FORUM_MANAGERS.includes(r));
      return {
        members: people.map(({ email, subscribed, ...person }) => ({
          ...person,
          ...(isManager ? { email, subscribed } : {}),
        })),
      };
    },
  );

  app.post(
    `${base}/invitations`,
    {
      schema: {
        tags: ["forums"],
        summary: "Invite someone by e-mail to a role (secretariat)",
        description:
          "Sends a message with a link that works for 30 days; whoever accepts it joins the forum's current cycle.",
        security: auth,
        params: CycleParams,
        body: Type.Object({
          email: Type.String(),
          role: Type.Union(FORUM_ROLES.map((r) => Type.Literal(r))),
          name: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          201: Type.Object({ id: Type.String(), email: Type.String(), role: Type.String() }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { forum } = await findCycle(db, request.params.forum, request.params.year);
      const { id } = await inviteMember(db, {
        actor: request.actor,
        forum,
        input: request.body,
        now: app.services.clock(),
        publicUrl: app.services.config.publicUrl,
        locale: request.locale,
      });
      return reply
        .status(201)
        .send({ id, email: normaliseEmail(request.body.email), role: request.body.role });
    },
  );

  app.get(
    `${base}/join-requests`,
    {
      schema: {
        tags: ["forums"],
        summary: "Requests to join that wait for a decision (secretariat)",
        security: auth,
        params: CycleParams,
        response: { 200: Type.Object({ join_requests: Type.Array(JoinRequestJson) }), ...errors },
      },
    },
    async (request) => {
      const { forum } = await findCycle(db, request.params.forum, request.params.year);
      const rows = await pendingJoinRequests(db, { actor: request.actor, forum });
      return { join_requests: rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() })) };
    },
  );

  for (const decision of ["approve", "decline"] as const) {
    app.post(
      `${base}/join-requests/:id/${decision}`,
      {
        schema: {
          tags: ["forums"],
          summary:
            decision === "approve"
              ? "Approve a request to join: the person becomes a member on this cycle's roster (secretariat)"
              : "Decline a request to join (secretariat)",
          security: auth,
          params: RequestParams,
          response: {
            200: Type.Object({ id: Type.String(), status: Type.Literal(`${decision}d`) }),
            ...errors,
          },
        },
      },
      async (request) => {
        const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
        await decideJoinRequest(db, {
          actor: request.actor,
          forum,
          cycle,
          requestId: request.params.id,
          approve: decision === "approve",
          now: app.services.clock(),
        });
        return { id: request.params.id, status: `${decision}d` as const };
      },
    );
  }

  // PUT subscribes, DELETE unsubscribes: one route body, the method says which.
  for (const [method, subscribed] of [
    ["PUT", true],
    ["DELETE", false],
  ] as const) {
    app.route({
      method,
      url: `${base}/members/:user/subscription`,
      schema: {
        tags: ["forums"],
        summary: subscribed
          ? "Put a member on the forum's mailing list (secretariat)"
          : "Take a member off the forum's mailing list (secretariat)",
        security: auth,
        params: MemberParams,
        response: { 200: SubscriptionJson, ...errors },
      },
      handler: async (request) => {
        const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
        return setMemberSubscription(db, {
          actor: request.actor,
          forum,
          cycle,
          userId: request.params.user,
          subscribed,
        });
      },
    });
  }
};
