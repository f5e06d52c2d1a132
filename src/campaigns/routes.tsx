// The secretariat's campaign pages and forms: the cycle's list, detection on request, one campaign with a
// member's diff, and the decision.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../forums/index.js";
import { formFields, seeOther } from "../server/forms.js";
import { sendPage } from "../server/render.js";
import { CampaignPage, CampaignsPage, campaignsPath } from "./pages.js";
import { cycleCampaigns, decideCampaign, memberDifference, requestDetection } from "./service.js";
import { campaignView, splitCampaign } from "./view.js";

export const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });
export const campaignParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  campaign: Type.String({ maxLength: 40 }),
});

/** The campaign pages. */
export const campaignRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;
  const place = async (params: { forum: string; year: string }) => {
    const { forum, cycle } = await findCycle(db, params.forum, params.year);
    return { forum, cycle, place: { forumId: forum.id, cycleId: cycle.id } };
  };

  app.get(
    "/f/:forum/:year/campaigns",
    {
      schema: { params: cycleParams, querystring: Type.Object({ done: Type.Optional(Type.String()) }) },
      config: { personal: true },
    },
    async (request, reply) => {
      const { forum, cycle, place: at } = await place(request.params);
      const { campaigns, run } = await cycleCampaigns(db, { actor: request.actor, place: at });
      return sendPage(
        reply,
        <CampaignsPage
          ctx={request.pageContext()}
          forum={forum}
          year={cycle.year}
          campaigns={campaigns}
          run={run}
          queued={request.query.done === "queued"}
        />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/campaigns/detect",
    { schema: { params: cycleParams } },
    async (request, reply) => {
      const { forum, cycle, place: at } = await place(request.params);
      await requestDetection(db, { actor: request.actor, place: at });
      return seeOther(reply, `${campaignsPath(forum.slug, cycle.year)}?done=queued`);
    },
  );

  app.get(
    "/f/:forum/:year/campaigns/:campaign",
    {
      schema: {
        params: campaignParams,
        querystring: Type.Object({
          from: Type.Optional(Type.Integer({ minimum: 0 })),
          member: Type.Optional(Type.String({ maxLength: 40 })),
          done: Type.Optional(Type.String({ maxLength: 20 })),
        }),
      },
      config: { personal: true },
    },
    async (request, reply) => {
      const { forum, cycle, place: at } = await place(request.params);
      const view = await campaignView(db, {
        actor: request.actor,
        place: at,
        campaignId: request.params.campaign,
        from: request.query.from ?? 0,
      });
      const memberId = request.query.member;
      const compared = memberId
        ? {
            memberId,
            parts: (
              await memberDifference(db, {
                actor: request.actor,
                place: at,
                campaignId: view.campaign.id,
                memberId,
              })
            ).parts,
          }
        : undefined;
      return sendPage(
        reply,
        <CampaignPage
          ctx={request.pageContext()}
          forum={forum}
          year={cycle.year}
          view={view}
          compared={compared}
          split={request.query.done === "split"}
        />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/campaigns/:campaign/decision",
    { schema: { params: campaignParams } },
    async (request, reply) => {
      const { forum, cycle, place: at } = await place(request.params);
      const form = formFields(request.body);
      await decideCampaign(db, {
        actor: request.actor,
        place: at,
        campaignId: request.params.campaign,
        decision: form.decision === "dismissed" ? "dismissed" : "confirmed",
        now: app.services.clock(),
      });
      return seeOther(reply, `${campaignsPath(forum.slug, cycle.year)}/${request.params.campaign}`);
    },
  );

  app.post(
    "/f/:forum/:year/campaigns/:campaign/split",
    { schema: { params: campaignParams } },
    async (request, reply) => {
      const { forum, cycle, place: at } = await place(request.params);
      const chosen = (request.body as Record<string, unknown> | undefined)?.member;
      const memberIds = (Array.isArray(chosen) ? chosen : [chosen]).filter(
        (id): id is string => typeof id === "string",
      );
      const { split } = await splitCampaign(db, {
        actor: request.actor,
        place: at,
        campaignId: request.params.campaign,
        memberIds,
        now: app.services.clock(),
      });
      return seeOther(reply, `${campaignsPath(forum.slug, cycle.year)}/${split}?done=split`);
    },
  );
};
