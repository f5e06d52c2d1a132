// The analysis API's search and theme suggestions: GET /api/v1/forums/{forum}/cycles/{year}/search,
// GET and POST …/suggestions (ask for a run), POST …/suggestions/accept (one term into the codebook).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCycle } from "../../forums/index.js";
import { Code, CycleParams, codeJson, errors, security, tags } from "../api-schemas.js";
import { acceptSuggestion, requestSuggestions, viewSuggestions } from "../suggestions/service.js";
import { decodeSearchCursor, encodeSearchCursor, SEARCH_PAGE_SIZE, searchCycle } from "./service.js";

const SnippetJson = Type.Array(Type.Object({ text: Type.String(), match: Type.Boolean() }), {
  description: "The snippet as stretches of plain text; `match` marks the words found (never HTML)",
});
const Term = Type.Object({ term: Type.String(), score: Type.Number() });
const SuggestionRun = Type.Object({
  id: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([
    Type.Literal("none"),
    Type.Literal("queued"),
    Type.Literal("running"),
    Type.Literal("done"),
    Type.Literal("failed"),
  ]),
  total: Type.Integer(),
  done: Type.Integer(),
  finished_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  clusters: Type.Array(
    Type.Object({
      terms: Type.Array(Term),
      contributions: Type.Array(
        Type.Object({
          id: Type.String(),
          reference: Type.Union([Type.String(), Type.Null()]),
          similarity: Type.Number(),
          terms: Type.Array(Type.String()),
        }),
      ),
    }),
  ),
  contributions: Type.Array(
    Type.Object({
      id: Type.String(),
      reference: Type.Union([Type.String(), Type.Null()]),
      terms: Type.Array(Term),
    }),
  ),
  in_codebook: Type.Array(Type.String(), { description: "Suggested terms already themes of the codebook" }),
});

/** The search and suggestion endpoints. */
export const searchApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.services.database.db;

  app.get(
    "/api/v1/forums/:forum/cycles/:year/search",
    {
      schema: {
        tags,
        summary: "Search a cycle's published contributions and excerpts (members of the forum)",
        description:
          'Each text is searched in its own language, accents ignored (English, Spanish, French and Russian stemmed; Arabic, Chinese and others word for word, Chinese by character). "Quoted words" are a phrase, `or` joins alternatives, `-word` excludes. Contributions come 50 a page in arrival order: pass `next` back as `after`. `count` is exact up to 1,000; beyond, `exact` is false, `value` is 1,000 and `estimate` (when given) is a rough estimate of all the matches, from PostgreSQL statistics. Excerpts are given with the first page only.',
        security,
        params: CycleParams,
        querystring: Type.Object({
          q: Type.Optional(
            Type.String({ maxLength: 200, description: "The words to find; none finds nothing" }),
          ),
          after: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_PAGE_SIZE })),
        }),
        response: {
          200: Type.Object({
            q: Type.String(),
            count: Type.Object({
              value: Type.Integer(),
              exact: Type.Boolean(),
              estimate: Type.Optional(Type.Integer()),
            }),
            contributions: Type.Array(
              Type.Object({
                id: Type.String(),
                reference: Type.Union([Type.String(), Type.Null()]),
                contributor: Type.Union([Type.String(), Type.Null()]),
                anonymous: Type.Boolean(),
                language: Type.Union([Type.String(), Type.Null()]),
                received_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
                snippet: SnippetJson,
              }),
            ),
            excerpts: Type.Array(
              Type.Object({
                id: Type.String(),
                contribution_id: Type.String(),
                reference: Type.Union([Type.String(), Type.Null()]),
                quote: Type.String(),
                codes: Type.Array(Type.String()),
                proposal: Type.Boolean(),
                snippet: SnippetJson,
              }),
            ),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, String(request.params.year));
      const results = await searchCycle(
        { db, actor: request.actor, forumId: forum.id, cycleId: cycle.id },
        {
          q: request.query.q ?? "",
          after: decodeSearchCursor(request.query.after),
          limit: request.query.limit,
        },
      );
      return {
        q: results.q,
        count: results.count,
        contributions: results.contributions.map((h) => ({
          id: h.contribution.id,
          reference: h.contribution.reference,
          contributor: h.contributor,
          anonymous: h.anonymous,
          language: h.contribution.language,
          received_at: h.contribution.received_at?.toISOString() ?? null,
          snippet: h.snippet,
        })),
        excerpts: results.excerpts.map((e) => ({
          id: e.id,
          contribution_id: e.contribution_id,
          reference: e.reference,
          quote: e.quote,
          codes: e.codes,
          proposal: e.proposal,
          snippet: e.snippet,
        })),
        next: results.next
          ? (encodeSearchCursor({ received_at: results.next.receivedAt, id: results.next.id }) ?? null)
          : null,
      };
    },
  );

  /** The latest run as the API shows it. */
  async function suggestionsJson(scope: Omit<Parameters<typeof viewSuggestions>[0], "db">) {
    const { run, themes } = await viewSuggestions({ db, ...scope });
    const result = run?.status === "done" ? run.result : null;
    const terms = new Set<string>();
    for (const c of result?.clusters ?? []) for (const t of c.terms) terms.add(t.term);
    for (const d of result?.documents ?? []) for (const t of d.terms) terms.add(t.term);
    return {
      id: run?.id ?? null,
      status: run?.status ?? ("none" as const),
      total: run?.total ?? 0,
      done: run?.done ?? 0,
      finished_at: run?.finished_at?.toISOString() ?? null,
      clusters: (result?.clusters ?? []).map((c) => ({
        terms: c.terms.map(({ term, score }) => ({ term, score })),
        contributions: c.members,
      })),
      contributions: (result?.documents ?? []).map((d) => ({
        id: d.id,
        reference: d.reference,
        terms: d.terms.map(({ term, score }) => ({ term, score })),
      })),
      in_codebook: [...terms].filter((t) => themes.has(t.toLowerCase())),
    };
  }

  app.get(
    "/api/v1/forums/:forum/cycles/:year/suggestions",
    {
      schema: {
        tags,
        summary: "The latest theme suggestions of a cycle (members of the forum)",
        description:
          "Key terms per group of similar contributions and per contribution, from TF-IDF over stemmed words. `status` is `none` until a run is asked for; a run in progress gives `done` of `total`.",
        security,
        params: CycleParams,
        response: { 200: SuggestionRun, ...errors },
      },
    },
    async (request) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, String(request.params.year));
      return suggestionsJson({ actor: request.actor, forumId: forum.id, cycleId: cycle.id });
    },
  );

  app.post(
    "/api/v1/forums/:forum/cycles/:year/suggestions",
    {
      schema: {
        tags,
        summary: "Ask for new theme suggestions (members of the forum)",
        description: "Queues a run (or returns the one already queued or running); follow it with GET.",
        security,
        params: CycleParams,
        response: { 202: SuggestionRun, ...errors },
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, String(request.params.year));
      const scope = { actor: request.actor, forumId: forum.id, cycleId: cycle.id };
      await requestSuggestions({ db, ...scope, now: app.services.clock() });
      return reply.status(202).send(await suggestionsJson(scope));
    },
  );

  app.post(
    "/api/v1/forums/:forum/cycles/:year/suggestions/accept",
    {
      schema: {
        tags,
        summary: "Accept a suggested term into the codebook as a theme (members of the forum)",
        description:
          "A person's decision: the term becomes a theme. A theme of that name already there is refused with 409.",
        security,
        params: CycleParams,
        body: Type.Object({ term: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 201: Code, ...errors },
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, String(request.params.year));
      const code = await acceptSuggestion(
        { db, actor: request.actor, forumId: forum.id, cycleId: cycle.id, now: app.services.clock() },
        request.body.term,
      );
      return reply.status(201).send(codeJson(code));
    },
  );
};
