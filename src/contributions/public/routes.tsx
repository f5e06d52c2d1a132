// The public side: the list of contributions with its filters and pages, the feeds and exports, the annex
// (page and Word file), and one contribution's page and files.
import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { getPublishedQuestionnaire } from "../../calls/index.js";
import {
  type CycleRow,
  cycleById,
  endOfDayInZone,
  type ForumRow,
  findCycle,
  formatInZone,
  instantToZoned,
} from "../../forums/index.js";
import { countryOptions } from "../../geo/countries.js";
import { notFound } from "../../server/errors.js";
import { type CacheablePage, cachePage } from "../../server/page-cache.js";
import { sendPage } from "../../server/render.js";
import { CycleParams } from "../api-parts.js";
import { cycleHasGroupedCampaigns, groupedCampaignsAmong } from "../campaign-grouping.js";
import { isSecretariat, PUBLIC_STATUSES } from "../policy.js";
import type { ContributionFilter } from "../queries.js";
import {
  callState,
  contributionListPage,
  contributionsPage,
  fileById,
  filesOf,
  readableByReference,
  searchSnippets,
} from "../service.js";
import { fileStoreFor } from "../storage.js";
import { contributionUsages } from "../usage.js";
import { annexDocx } from "./annex.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { atomFeed, csvFeed, jsonFeed } from "./feeds.js";
import {
  countMatches,
  EXACT_BELOW,
  exportBatches,
  LIST_PAGE_SIZE,
  listStats,
  type MatchCount,
  matchCount,
  newestContributions,
  publicState,
} from "./list-stats.js";
import { AnnexPage, ContributionListPage, ContributionPage, type ListFilters } from "./pages.js";

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  stakeholder_group: Type.Optional(Type.String({ maxLength: 40 })),
  region: Type.Optional(Type.String({ maxLength: 40 })),
  country: Type.Optional(Type.String({ maxLength: 2 })),
  language: Type.Optional(Type.String({ maxLength: 10 })),
  timeliness: Type.Optional(Type.String({ maxLength: 20 })),
  variant: Type.Optional(Type.String({ maxLength: 40 })),
  /** `grouped`: each confirmed campaign as one entry. */
  campaigns: Type.Optional(Type.String({ maxLength: 10 })),
  /** Only the copies of one confirmed campaign. */
  campaign: Type.Optional(Type.String({ maxLength: 40 })),
});
const ListPageQuery = Type.Object({
  ...ListQuery.properties,
  after: Type.Optional(Type.String({ maxLength: 200 })),
  before: Type.Optional(Type.String({ maxLength: 200 })),
  at: Type.Optional(Type.String({ maxLength: 12 })),
});

/** Contributors listed on the annex page (about 30 KB of HTML) and in its Word file. */
const ANNEX_PAGE_ROWS = 300;
const ANNEX_DOCX_ROWS = 5_000;
/** Entries in the Atom feed (the newest). */
const ATOM_ENTRIES = 100;
/** Rows fetched at a time while streaming the CSV and JSON exports. */
const EXPORT_BATCH = 500;
/** How long a list page in a large cycle waits for a filter's count it does not know yet, in ms. */
const COUNT_WAIT_MS = 50;

/**
 * What an anonymous reader's copy of a cycle's public page is made from, for the page cache: `seen` is the
 * cycle's public state read before the page's own reads. The page holds while no change a reader sees has
 * happened since. One that showed a figure being counted again, or that is not `complete` (a count not known
 * in time), is kept only briefly: the readers arriving meanwhile share it, and the count shows a second later.
 */
function keptWhile(
  cycleId: string,
  seen: ReturnType<typeof publicState>,
  options: { until?: number; complete?: boolean } = {},
): CacheablePage {
  return {
    until: options.until,
    isCurrent: () => publicState(cycleId).generation === seen.generation,
    mayKeep: () => {
      const now = publicState(cycleId);
      if (now.generation !== seen.generation) return false;
      return options.complete !== false && now.outOfDateShown === seen.outOfDateShown ? true : "briefly";
    },
  };
}

/** The first instant after `now` at which a milestone has passed (the call's state may change then), in ms. */
export function nextMilestoneChange(milestones: readonly { at: Date }[], now: Date): number | undefined {
  let next: number | undefined;
  for (const m of milestones) {
    // A deadline is still ahead at its own instant: the state changes one millisecond after it.
    const change = m.at.getTime() + 1;
    if (change > now.getTime() && (next === undefined || change < next)) next = change;
  }
  return next;
}

/** The public pages, feeds and files. */
export const contributionPublicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const store = fileStoreFor(services.config.dataDir);

  // The public list, feeds and annex.
  function filtersOf(query: ListFilters): ListFilters {
    return Object.fromEntries(
      Object.entries(query).filter(([, v]) => typeof v === "string" && v !== ""),
    ) as ListFilters;
  }
  function filterOf(cycleId: string, filters: ListFilters): ContributionFilter {
    return {
      cycleId,
      statuses: PUBLIC_STATUSES,
      stakeholderGroup: filters.stakeholder_group,
      region: filters.region,
      country: filters.country,
      language: filters.language,
      timeliness: filters.timeliness,
      variant: filters.variant,
      q: filters.q,
      groupCampaigns: filters.campaigns === "grouped",
      campaignId: filters.campaign,
    };
  }
  function feedInput(request: FastifyRequest, forum: ForumRow, cycle: CycleRow) {
    return {
      forum,
      cycle,
      publicUrl: services.config.publicUrl,
      t: request.pageContext().t,
      locale: request.locale,
    };
  }
  async function previousCount(forum: ForumRow, cycle: CycleRow) {
    const previous = cycle.previous_cycle_id
      ? await cycleById(db, cycle.previous_cycle_id)
      : (await findCycle(db, forum.slug, cycle.year - 1).catch(() => undefined))?.cycle;
    if (!previous) return undefined;
    // Kept like the cycle's own figures: a large previous cycle is not counted on every request.
    return { year: previous.year, count: (await listStats(db, previous.id)).total };
  }

  app.get(
    "/f/:forum/:year/contributions",
    { schema: { params: CycleParams, querystring: ListPageQuery }, config: { publicPage: true } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const seen = publicState(cycle.id);
      const now = services.clock();
      const { after, before, at, ...query } = request.query;
      const filters = filtersOf(query);
      const filter = filterOf(cycle.id, filters);
      const ctx = request.pageContext();
      // Keyset pages: a page is an index range whatever the cycle's size. A token this server did not make
      // (edited by hand, or from an older link) falls back to the first page rather than an error.
      const afterPosition = after ? decodeCursor(after) : undefined;
      const beforePosition = !afterPosition && before ? decodeCursor(before) : undefined;
      const fetched = await contributionListPage(db, {
        ...filter,
        after: afterPosition,
        before: beforePosition,
        limit: LIST_PAGE_SIZE + 1,
      });
      // One row more than a page tells whether another page lies in the direction of travel.
      const more = fetched.length > LIST_PAGE_SIZE;
      const rows = beforePosition ? fetched.slice(-LIST_PAGE_SIZE) : fetched.slice(0, LIST_PAGE_SIZE);
      const first = rows[0];
      const filtered = Object.keys(filters).length > 0;
      const statsFound = listStats(db, cycle.id);
      // A first page that holds every match is its own count; otherwise a large cycle's count is kept (and
      // stops at "more than 10,000"), and a page waits for one not known yet only briefly.
      const whole = !afterPosition && !beforePosition && !more;
      const counted: Promise<MatchCount | undefined> = !filtered
        ? statsFound.then((s) => ({ value: s.total, exact: true }))
        : whole
          ? Promise.resolve({ value: rows.length, exact: true })
          : statsFound.then((s) => {
              const large = s.total >= EXACT_BELOW;
              return matchCount(db, filter, { large, waitMs: large ? COUNT_WAIT_MS : undefined });
            });
      const [stats, count, previous, secretariat, call, snippets, groups, hasCampaigns] = await Promise.all([
        statsFound,
        counted,
        previousCount(forum, cycle),
        isSecretariat(db, request.actor, forum.id),
        callState(db, cycle, now),
        filters.q
          ? searchSnippets(
              db,
              rows.map((r) => r.id),
              filters.q,
            )
          : undefined,
        filter.groupCampaigns
          ? groupedCampaignsAmong(
              db,
              rows.map((r) => r.id),
            )
          : undefined,
        filters.campaigns || filters.campaign ? true : cycleHasGroupedCampaigns(db, cycle.id),
      ]);
      // The page's position: counted exactly in a small cycle; in a large one carried in the page links
      // (`at`), as counting every earlier row would cost a scan per page.
      const carried = Number.parseInt(at ?? "", 10);
      const offset =
        !afterPosition && !beforePosition
          ? 0
          : stats.total < EXACT_BELOW && first?.received_at
            ? await countMatches(db, { ...filter, before: { receivedAt: first.received_at, id: first.id } })
            : Number.isFinite(carried) && carried >= 0
              ? count?.exact
                ? Math.min(carried, Math.max(0, count.value - rows.length))
                : carried
              : undefined;
      // A count not known in time: what the page itself proves ("more than 50").
      const matchingCount: MatchCount = count ?? {
        value: Math.max(0, (offset ?? 0) + rows.length + (more ? 1 : 0) - 1),
        exact: false,
      };
      const last = rows.at(-1);
      // Travelling back, a page lies ahead (the one we came from); travelling forward, one lies behind.
      const hasNext = beforePosition ? rows.length > 0 : more;
      const hasPrevious = beforePosition ? more : Boolean(afterPosition) && rows.length > 0;
      // A page without its count (not known in time) is kept only briefly: the next readers get the real one.
      cachePage(
        request,
        keptWhile(cycle.id, seen, {
          until: nextMilestoneChange(call.rows, now),
          complete: count !== undefined && !secretariat,
        }),
      );
      return sendPage(
        reply,
        <ContributionListPage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          rows={rows}
          snippets={snippets}
          groups={groups}
          campaignOption={hasCampaigns}
          total={stats.total}
          matching={matchingCount}
          offset={offset}
          previous={previous}
          filters={filters}
          countries={countryOptions(ctx.locale).filter(
            (c) => stats.countries.includes(c.value) || c.value === filters.country,
          )}
          languages={stats.languages}
          variants={stats.variants}
          isSecretariat={secretariat}
          callOpen={call.result.status === "open"}
          nextCursor={hasNext && last ? (encodeCursor(last) ?? undefined) : undefined}
          previousCursor={hasPrevious && first ? (encodeCursor(first) ?? undefined) : undefined}
        />,
      );
    },
  );

  app.get(
    "/f/:forum/:year/contributions.atom",
    { schema: { params: CycleParams, querystring: ListQuery } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      // A feed carries the newest entries; readers keep what they have already seen.
      const rows = await newestContributions(db, {
        ...filterOf(cycle.id, filtersOf(request.query)),
        limit: ATOM_ENTRIES,
      });
      const input = feedInput(request, forum, cycle);
      return reply.type("application/atom+xml; charset=utf-8").send(atomFeed({ ...input, rows }));
    },
  );

  for (const format of ["csv", "json"] as const) {
    app.get(
      `/f/:forum/:year/contributions.${format}`,
      { schema: { params: CycleParams, querystring: ListQuery } },
      async (request, reply) => {
        const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
        const filter = filterOf(cycle.id, filtersOf(request.query));
        // Streamed in keyset batches of the exports' columns: every matching contribution, in bounded memory,
        // however many there are; Readable.from reads the next batch only when the socket has taken the last.
        const batches = () => exportBatches(db, filter, EXPORT_BATCH);
        const input = feedInput(request, forum, cycle);
        if (format === "csv")
          return reply
            .type("text/csv; charset=utf-8")
            .header(
              "content-disposition",
              `attachment; filename="contributions-${forum.slug}-${cycle.year}.csv"`,
            )
            .send(Readable.from(csvFeed(input, batches())));
        return reply.type("application/json; charset=utf-8").send(Readable.from(jsonFeed(input, batches())));
      },
    );
  }

  function annexDate(forum: ForumRow, date: string | undefined): { asOf: string; until: Date } {
    const now = services.clock();
    const today = instantToZoned(now, forum.time_zone);
    const fallback = `${today.year}-${String(today.month).padStart(2, "0")}-${String(today.day).padStart(2, "0")}`;
    const asOf = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : fallback;
    try {
      return { asOf, until: endOfDayInZone(asOf, forum.time_zone) };
    } catch {
      return { asOf: fallback, until: endOfDayInZone(fallback, forum.time_zone) };
    }
  }
  // The annex is a document for a forum's few hundred contributors; a consultation's million would make a page
  // (and a Word file) nobody can open, so both stop at a limit and point to the CSV export, which streams all.
  async function annexRows(cycleId: string, until: Date, limit: number) {
    const filter = { cycleId, statuses: PUBLIC_STATUSES, receivedBefore: until };
    const rows = await contributionsPage(db, { ...filter, limit: limit + 1 });
    if (rows.length <= limit) return { rows, count: rows.length };
    return { rows: rows.slice(0, limit), count: await countMatches(db, filter) };
  }

  app.get(
    "/f/:forum/:year/contributions/annex",
    {
      schema: {
        params: CycleParams,
        querystring: Type.Object({ date: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const { asOf, until } = annexDate(forum, request.query.date);
      const ctx = request.pageContext();
      const { rows, count } = await annexRows(cycle.id, until, ANNEX_PAGE_ROWS);
      const label = formatInZone(until, forum.time_zone, ctx.locale, "date");
      return sendPage(
        reply,
        <AnnexPage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          rows={rows}
          count={count}
          asOf={asOf}
          asOfLabel={label}
        />,
      );
    },
  );

  app.get(
    "/f/:forum/:year/contributions/annex.docx",
    {
      schema: {
        params: CycleParams,
        querystring: Type.Object({ date: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const { asOf, until } = annexDate(forum, request.query.date);
      const ctx = request.pageContext();
      const { rows } = await annexRows(cycle.id, until, ANNEX_DOCX_ROWS);
      const label = formatInZone(until, forum.time_zone, ctx.locale, "date");
      const bytes = await annexDocx({ ctx, forum, cycle, rows, asOfLabel: label });
      return reply
        .type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .header(
          "content-disposition",
          `attachment; filename="contributions-${forum.slug}-${cycle.year}-as-of-${asOf}.docx"`,
        )
        .header("x-content-type-options", "nosniff")
        .send(bytes);
    },
  );

  // One contribution and its files.
  async function visibleByReference(request: FastifyRequest, slug: string, year: string, reference: string) {
    const { forum, cycle } = await findCycle(db, slug, year);
    return { forum, cycle, row: await readableByReference(db, request.actor, cycle.id, reference) };
  }

  const RefParams = Type.Object({
    forum: Type.String({ maxLength: 100 }),
    year: Type.String({ maxLength: 4 }),
    reference: Type.String({ maxLength: 40 }),
  });
  app.get(
    "/f/:forum/:year/contributions/:reference",
    { schema: { params: RefParams }, config: { publicPage: true } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const seen = publicState(cycle.id);
      const row = await readableByReference(db, request.actor, cycle.id, request.params.reference);
      const ctx = request.pageContext();
      // Three independent reads, at once rather than one after the other.
      const [files, questionnaire, usages] = await Promise.all([
        filesOf(db, row.id),
        getPublishedQuestionnaire(db, cycle.id, row.variant_key),
        contributionUsages({ db, forum, cycle, reference: row.reference ?? "", ctx, actor: request.actor }),
      ]);
      // Publication, withdrawal, hiding or an edit of a published contribution move its cycle on; what the
      // cache is not told of (a document citing it, a new questionnaire version) shows within its lifetime.
      cachePage(request, keptWhile(cycle.id, seen));
      return sendPage(
        reply,
        <ContributionPage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          contribution={row}
          files={files}
          questionnaire={questionnaire}
          usages={usages}
        />,
      );
    },
  );

  app.get(
    "/f/:forum/:year/contributions/:reference/files/:fileId",
    { schema: { params: Type.Object({ ...RefParams.properties, fileId: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const { row } = await visibleByReference(
        request,
        request.params.forum,
        request.params.year,
        request.params.reference,
      );
      const file = await fileById(db, request.params.fileId);
      if (!file || file.contribution_id !== row.id) throw notFound();
      const bytes = await store.get(file.sha256);
      if (!bytes)
        throw notFound("The file is missing from storage.", {
          messageKey: "contributions.refusal.fileMissing",
        });
      return reply
        .type(file.media_type)
        .header("content-disposition", contentDisposition(file.file_name))
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; sandbox")
        .send(bytes);
    },
  );
};

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987); the name is already sanitised. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\;]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
