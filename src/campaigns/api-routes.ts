// The campaigns API: a cycle's campaigns and one campaign, member ids paged by a thousand. For the forum's
// secretariat (people or admin tokens), as the pages are.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../forums/index.js";
import { ErrorResponse } from "../server/api-schemas.js";
import { campaignParams, cycleParams } from "./routes.js";
import { campaignWithMembers, cycleCampaigns, MEMBER_PAGE } from "./service.js";

const CampaignJson = Type.Object({
  id: Type.String({ format: "uuid" }),
  size: Type.Integer({ description: "Contributions in the campaign" }),
  representative_id: Type.String({
    format: "uuid",
    description: "The contribution standing for the campaign",
  }),
  status: Type.Union([Type.Literal("detected"), Type.Literal("confirmed"), Type.Literal("dismissed")]),
  first_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  last_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  member_ids: Type.Array(Type.String({ format: "uuid" }), {
    description: `Members in arrival order, at most ${MEMBER_PAGE}; \`next_member_offset\` gives the rest`,
  }),
  next_member_offset: Type.Union([Type.Integer(), Type.Null()], {
    description: "Pass as `member_offset` to GET the campaign for its next members; null when all are here",
  }),
});

/** The campaigns API routes. */
export const campaignApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;
  const place = async (params: { forum: string; year: string }) => {
    const { forum, cycle } = await findCycle(db, params.forum, params.year);
    return { forumId: forum.id, cycleId: cycle.id };
  };
  const json = async (
    actor: Parameters<typeof cycleCampaigns>[1]["actor"],
    at: { forumId: string; cycleId: string },
    id: string,
    from = 0,
  ) => {
    const { campaign, memberIds, next } = await campaignWithMembers(db, {
      actor,
      place: at,
      campaignId: id,
      from,
    });
    return {
      id: campaign.id,
      size: campaign.size,
      representative_id: campaign.representative_id,
      status: campaign.status,
      first_at: campaign.first_at?.toISOString() ?? null,
      last_at: campaign.last_at?.toISOString() ?? null,
      member_ids: memberIds,
      next_member_offset: next,
    };
  };

  app.get(
    "/api/v1/forums/:forum/cycles/:year/campaigns",
    {
      schema: {
        tags: ["campaigns"],
        summary: "The cycle's campaigns (copies of one letter), largest first (the forum's secretariat)",
        params: cycleParams,
        response: {
          200: Type.Object({ items: Type.Array(CampaignJson) }),
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const at = await place(request.params);
      const { campaigns } = await cycleCampaigns(db, { actor: request.actor, place: at });
      const items = [];
      for (const c of campaigns) items.push(await json(request.actor, at, c.id));
      return { items };
    },
  );

  app.get(
    "/api/v1/forums/:forum/cycles/:year/campaigns/:campaign",
    {
      schema: {
        tags: ["campaigns"],
        summary: "One campaign with a page of its member ids (the forum's secretariat)",
        params: campaignParams,
        querystring: Type.Object({ member_offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
        response: { 200: CampaignJson, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const at = await place(request.params);
      return json(request.actor, at, request.params.campaign, request.query.member_offset ?? 0);
    },
  );
};
