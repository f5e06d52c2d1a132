// The members' search of a cycle (F6): its published contributions (what they wrote, their answers, their
// files' extracted text) and the excerpts coded from them (quote and note), each text searched in its own
// language (src/db/text-search.ts), with highlighted snippets, 50 contributions a page by keyset.
import type { Kysely } from "kysely";
import type { Actor } from "../../auth/index.js";
import {
  type ContributionListing,
  type ContributionRow,
  contributionById,
  contributionListPage,
  FEW_MATCHES,
  searchSnippets,
} from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { type SnippetPart, snippetParts } from "../../db/text-search.js";
import { CODABLE_STATUSES } from "../coding/service.js";
import { requireAnalysisMember } from "../policy.js";
import { type ExcerptHit, selectCodes, selectExcerptCodes, selectExcerptHits } from "../queries.js";
import { contributorOf } from "../workspace/service.js";
import { type SearchCount, searchCount } from "./counts.js";

/** Contributions on one page of results. */
export const SEARCH_PAGE_SIZE = 50;
/** Excerpts shown with the first page. */
export const EXCERPT_HITS = 20;
/**
 * A search's count stops here ("more than 1,000", with PostgreSQL's estimate beside it): each match counted is
 * a row read, and past a thousand the number tells a member no more than "many" (see counts.ts).
 */
export const SEARCH_COUNT_CAP = 1_000;

/** Where to search, and who asks. */
export interface SearchScope {
  db: Kysely<Database>;
  actor: Actor;
  forumId: string;
  cycleId: string;
}

/** A place in the results: after this contribution in arrival order. */
export interface SearchCursor {
  receivedAt: Date;
  id: string;
}

/** A results' place as a link parameter: "<received_at ISO>_<id>". */
export function encodeSearchCursor(c: Pick<ContributionRow, "received_at" | "id">): string | undefined {
  return c.received_at ? `${c.received_at.toISOString()}_${c.id}` : undefined;
}

/** A link parameter read back; anything this server did not write is the first page. */
export function decodeSearchCursor(value: string | undefined): SearchCursor | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/.exec(value ?? "");
  if (!match) return undefined;
  const receivedAt = new Date(match[1]!);
  return Number.isNaN(receivedAt.getTime()) ? undefined : { receivedAt, id: match[2]! };
}

/** One contribution found. */
export interface ContributionHit {
  contribution: ContributionListing;
  contributor: string | null;
  anonymous: boolean;
  snippet: SnippetPart[];
}

/** One excerpt found, with its contribution's reference and its codes' names. */
export interface ExcerptFound extends Omit<ExcerptHit, "headline"> {
  reference: string | null;
  codes: string[];
  snippet: SnippetPart[];
}

/** What a search gives: the count (stopping at the cap), a page of contributions, the excerpts, the next page. */
export interface SearchResults {
  q: string;
  count: SearchCount;
  contributions: ContributionHit[];
  excerpts: ExcerptFound[];
  next: SearchCursor | undefined;
}

/** Searches a cycle's published contributions and excerpts for a member of its forum. */
export async function searchCycle(
  scope: SearchScope,
  input: { q: string; after?: SearchCursor | undefined; limit?: number },
): Promise<SearchResults> {
  const { db, actor, forumId, cycleId } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const q = input.q.trim();
  if (!q) return { q, count: { value: 0, exact: true }, contributions: [], excerpts: [], next: undefined };
  const limit = Math.min(Math.max(input.limit ?? SEARCH_PAGE_SIZE, 1), SEARCH_PAGE_SIZE);
  const filter = { cycleId, statuses: [...CODABLE_STATUSES], q };
  // The count first (through the text index): a search matching few rows has its page read the same way.
  const [count, hits] = await Promise.all([
    searchCount(db, filter, SEARCH_COUNT_CAP),
    input.after ? Promise.resolve([]) : selectExcerptHits(db, cycleId, q, EXCERPT_HITS),
  ]);
  // Only the columns the results show: whole rows carried each one's text, answers and files' text.
  const fetched = await contributionListPage(db, {
    ...filter,
    after: input.after,
    limit: limit + 1,
    fewMatches: count.exact && count.value <= FEW_MATCHES,
  });
  const rows = fetched.slice(0, limit);
  const snippets = await searchSnippets(
    db,
    rows.map((r) => r.id),
    q,
  );
  const last = rows.at(-1);
  return {
    q,
    count,
    contributions: rows.map((contribution) => {
      const who = contributorOf(contribution);
      return {
        contribution,
        contributor: who.name,
        anonymous: who.anonymous,
        snippet: snippets.get(contribution.id) ?? [],
      };
    }),
    excerpts: await describeExcerpts(db, cycleId, hits),
    next:
      fetched.length > limit && last?.received_at ? { receivedAt: last.received_at, id: last.id } : undefined,
  };
}

/** The excerpts found, with their contribution's reference and their codes' names. */
async function describeExcerpts(
  db: Kysely<Database>,
  cycleId: string,
  hits: ExcerptHit[],
): Promise<ExcerptFound[]> {
  if (hits.length === 0) return [];
  const [codes, codeIds] = await Promise.all([
    selectCodes(db, cycleId),
    selectExcerptCodes(
      db,
      hits.map((h) => h.id),
    ),
  ]);
  const names = new Map(codes.map((c) => [c.id, c.name]));
  const references = new Map<string, string | null>();
  for (const id of new Set(hits.map((h) => h.contribution_id)))
    references.set(id, (await contributionById(db, id))?.reference ?? null);
  return hits.map(({ headline, ...hit }) => ({
    ...hit,
    reference: references.get(hit.contribution_id) ?? null,
    codes: (codeIds.get(hit.id) ?? []).map((id) => names.get(id) ?? "").filter(Boolean),
    snippet: snippetParts(headline),
  }));
}
