// The compare pages: the cycle's questions, and one question's answers side by side, filtered and paged.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { cycleHasGroupedCampaigns } from "../../contributions/index.js";
import { findCycle } from "../../forums/index.js";
import { countryOptions } from "../../geo/countries.js";
import { sendPage } from "../../server/render.js";
import { analysisBase } from "../workspace/pages.js";
import { CompareIndexPage, ComparePage } from "./pages.js";
import { COUNTS_WAIT_MS, type CompareFilter, compareQuestion, listComparableQuestions } from "./service.js";

const cycleParams = Type.Object({ forum: Type.String(), year: Type.String() });
const filterQuery = Type.Object({
  stakeholder_group: Type.Optional(Type.String({ maxLength: 64 })),
  region: Type.Optional(Type.String({ maxLength: 64 })),
  country: Type.Optional(Type.String({ maxLength: 8 })),
  language: Type.Optional(Type.String({ maxLength: 16 })),
  timeliness: Type.Optional(Type.String({ maxLength: 16 })),
  /** `grouped`: each confirmed campaign counted once in the choices' counts. */
  campaigns: Type.Optional(Type.String({ maxLength: 10 })),
  after: Type.Optional(Type.String({ maxLength: 100 })),
});
/** A place in arrival order: "<received_at ISO>_<id>". */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/;

/** The compare pages. */
export const compareRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  app.get("/f/:forum/:year/analysis/compare", { schema: { params: cycleParams } }, async (request, reply) => {
    const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
    const questions = await listComparableQuestions({
      db,
      actor: request.actor,
      forumId: forum.id,
      cycleId: cycle.id,
    });
    return sendPage(
      reply,
      <CompareIndexPage ctx={request.pageContext()} forum={forum} cycle={cycle} questions={questions} />,
    );
  });

  app.get(
    "/f/:forum/:year/analysis/compare/:question",
    {
      schema: {
        params: Type.Object({
          forum: Type.String(),
          year: Type.String(),
          question: Type.String({ maxLength: 200 }),
        }),
        querystring: filterQuery,
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const query = request.query;
      const filter: CompareFilter = {
        ...(query.stakeholder_group ? { stakeholderGroup: query.stakeholder_group } : {}),
        ...(query.region ? { region: query.region } : {}),
        ...(query.country ? { country: query.country } : {}),
        ...(query.language ? { language: query.language } : {}),
        ...(query.timeliness ? { timeliness: query.timeliness } : {}),
        ...(query.campaigns === "grouped" ? { groupCampaigns: true } : {}),
      };
      const cursor = CURSOR.exec(query.after ?? "");
      const after = cursor ? { receivedAt: new Date(cursor[1]!), id: cursor[2]! } : undefined;
      const result = await compareQuestion(
        { db, actor: request.actor, forumId: forum.id, cycleId: cycle.id },
        request.params.question,
        filter,
        after,
        { countsWaitMs: COUNTS_WAIT_MS },
      );
      const campaignOption = filter.groupCampaigns || (await cycleHasGroupedCampaigns(db, cycle.id));
      const ctx = request.pageContext();
      const path = `${analysisBase(forum, cycle)}/compare/${encodeURIComponent(request.params.question)}`;
      const kept = new URLSearchParams(
        Object.entries(query).filter(([k, v]) => k !== "after" && typeof v === "string" && v !== "") as [
          string,
          string,
        ][],
      );
      const at = (extra?: string) => {
        const params = new URLSearchParams(kept);
        if (extra) params.set("after", extra);
        const s = params.toString();
        return s ? `${path}?${s}` : path;
      };
      return sendPage(
        reply,
        <ComparePage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          compared={result}
          answers={result.answers}
          counts={result.counts}
          counting={result.counting}
          filters={filter}
          campaignOption={campaignOption}
          countries={countryOptions(ctx.locale)}
          nextHref={result.next ? at(`${result.next.receivedAt.toISOString()}_${result.next.id}`) : undefined}
          firstHref={after ? at() : undefined}
          selfHref={at(query.after)}
        />,
      );
    },
  );
};
