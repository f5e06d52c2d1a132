// SQL for contributions, their files, sequences and settings. Only this folder touches these tables.
import {
  type Insertable,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  sql,
  type Updateable,
} from "kysely";
import type { Database } from "../db/schema.js";
import { HEADLINE_OPTIONS, matchLocators, searchConfigOf, searchQuery } from "../db/text-search.js";
import { inTransaction } from "../db/transaction.js";
import { campaignGrouping } from "./campaign-grouping.js";
import { isUuid } from "./ids.js";
import type { ContributionFilesTable, ContributionStatus, ContributionsTable } from "./tables.js";

/** A contribution as the server reads it: every column but the stored search vector. */
export type ContributionRow = Omit<Selectable<ContributionsTable>, "search_vector">;
export type ContributionFileRow = Selectable<ContributionFilesTable>;

/**
 * A contribution's columns, named rather than `*`: the stored `search_vector` (about as large as the text,
 * read only by searches in SQL) never travels to the server.
 */
const ROW = [
  "id",
  "forum_id",
  "cycle_id",
  "number",
  "reference",
  "status",
  "status_reason",
  "channel",
  "idempotency_key",
  "variant_key",
  "questionnaire_version_id",
  "form_language",
  "answers",
  "body_text",
  "honorific",
  "contributor_name",
  "organisation",
  "stakeholder_group",
  "country",
  "region",
  "email",
  "email_verified_at",
  "consent",
  "licence",
  "received_at",
  "received_source",
  "timeliness",
  "language",
  "search_text",
  "is_sample",
  "edit_count",
  "created_at",
  "updated_at",
  "submitted_at",
  "published_at",
  "withdrawn_at",
  "withdrawn_by",
  "request_hash",
] as const satisfies readonly (keyof ContributionsTable)[];
// Every column of the table type is named above (a column added to the type and not here fails to compile).
const rowIsComplete: Exclude<keyof ContributionRow, (typeof ROW)[number]> extends never ? true : never = true;
void rowIsComplete;

/** One contribution by id (optionally locking it for the transaction). */
export function selectContribution(
  db: Kysely<Database>,
  id: string,
  forUpdate = false,
): Promise<ContributionRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  let q = db.selectFrom("contributions").select(ROW).where("id", "=", id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The contribution a rendered form (its idempotency key) created, if any. */
export function selectByIdempotencyKey(
  db: Kysely<Database>,
  key: string,
  forUpdate = false,
): Promise<ContributionRow | undefined> {
  let q = db.selectFrom("contributions").select(ROW).where("idempotency_key", "=", key);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A cycle's contribution by reference. */
export function selectByReference(
  db: Kysely<Database>,
  cycleId: string,
  reference: string,
): Promise<ContributionRow | undefined> {
  return db
    .selectFrom("contributions")
    .select(ROW)
    .where("cycle_id", "=", cycleId)
    .where("reference", "=", reference)
    .executeTakeFirst();
}

/** The files of a contribution in order. */
export function selectFiles(db: Kysely<Database>, contributionId: string): Promise<ContributionFileRow[]> {
  return db
    .selectFrom("contribution_files")
    .selectAll()
    .where("contribution_id", "=", contributionId)
    .orderBy("position")
    .orderBy("created_at")
    .execute();
}

/** Files of several contributions. */
export async function selectFilesOf(
  db: Kysely<Database>,
  ids: string[],
): Promise<Map<string, ContributionFileRow[]>> {
  const map = new Map<string, ContributionFileRow[]>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom("contribution_files")
    .selectAll()
    .where("contribution_id", "in", ids)
    .orderBy("position")
    .execute();
  for (const row of rows) {
    const list = map.get(row.contribution_id) ?? [];
    list.push(row);
    map.set(row.contribution_id, list);
  }
  return map;
}

/** One file by id. */
export function selectFile(db: Kysely<Database>, id: string): Promise<ContributionFileRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("contribution_files").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * The PostgreSQL sequence that numbers a cycle's references. A sequence never waits for another transaction
 * (a counter row would be locked by each submission until it commits, so a cycle's submissions would queue);
 * a number taken by a transaction that then fails is not given again, so references may skip a number but
 * never repeat one.
 */
export function referenceCounterName(cycleId: string): string {
  if (!isUuid(cycleId)) throw new Error(`Not a cycle id: ${cycleId}`);
  return `contribution_number_${cycleId.replace(/-/g, "")}`;
}

/**
 * Creates the cycle's reference sequence if it is missing, starting after every number already given (the
 * counter row `contribution_sequences` kept before sequences, and any number in use). Runs in its own
 * statement before the submission's transaction: a concurrent creation elsewhere is not an error.
 */
export async function ensureReferenceCounter(db: Kysely<Database>, cycleId: string): Promise<void> {
  const name = referenceCounterName(cycleId);
  const found = await sql<{ name: string | null }>`SELECT to_regclass(${name})::text AS name`.execute(db);
  if (found.rows[0]?.name) return;
  const start = await sql<{ next: number }>`
    SELECT GREATEST(
      COALESCE((SELECT last_number FROM contribution_sequences WHERE cycle_id = ${cycleId}), 0),
      COALESCE((SELECT max(number) FROM contributions WHERE cycle_id = ${cycleId}), 0)
    )::int + 1 AS next`.execute(db);
  const next = Number(start.rows[0]?.next ?? 1);
  try {
    await sql`CREATE SEQUENCE IF NOT EXISTS ${sql.raw(name)} AS bigint START WITH ${sql.lit(next)}`.execute(
      db,
    );
  } catch (error) {
    // Two first submissions raced to create it: the other one's is as good.
    if ((error as { code?: string }).code !== "23505") throw error;
  }
}

/** Takes the next reference number of a cycle without holding any lock (creating its sequence if missing). */
export async function nextNumber(trx: Kysely<Database>, cycleId: string): Promise<number> {
  const name = referenceCounterName(cycleId);
  const take = () => sql<{ n: string | null }>`SELECT nextval(to_regclass(${name}))::text AS n`.execute(trx);
  let n = (await take()).rows[0]?.n;
  if (n == null) {
    await ensureReferenceCounter(trx, cycleId);
    n = (await take()).rows[0]?.n;
  }
  if (n == null) throw new Error(`No reference sequence for the cycle ${cycleId}.`);
  return Number(n);
}

/**
 * The cycle's next reference number and, in the same round trip, whether it publishes verified contributions
 * by itself (a submission needs both).
 */
export async function nextNumberAndAutoPublish(
  trx: Kysely<Database>,
  cycleId: string,
): Promise<{ number: number; autoPublish: boolean }> {
  const name = referenceCounterName(cycleId);
  const take = () =>
    sql<{ n: string | null; auto_publish: boolean | null }>`
      SELECT nextval(to_regclass(${name}))::text AS n,
        (SELECT auto_publish FROM contribution_settings WHERE cycle_id = ${cycleId}) AS auto_publish`.execute(
      trx,
    );
  let row = (await take()).rows[0];
  if (row?.n == null) {
    await ensureReferenceCounter(trx, cycleId);
    row = (await take()).rows[0];
  }
  if (row?.n == null) throw new Error(`No reference sequence for the cycle ${cycleId}.`);
  return { number: Number(row.n), autoPublish: row.auto_publish ?? false };
}

/** Removes a cycle's reference sequence (the next number is then taken after the highest one in use). */
export async function dropReferenceCounter(db: Kysely<Database>, cycleId: string): Promise<void> {
  await sql`DROP SEQUENCE IF EXISTS ${sql.raw(referenceCounterName(cycleId))}`.execute(db);
}

/** The prefix of a forum's references, once it has one. */
export async function selectReferencePrefix(
  db: Kysely<Database>,
  forumId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("contribution_reference_prefixes")
    .select("prefix")
    .where("forum_id", "=", forumId)
    .executeTakeFirst();
  return row?.prefix;
}

/**
 * Claims a prefix for a forum. False when it is taken (by another forum, a reservation, or a claim of this
 * forum's that a concurrent transaction made first); a claim still in flight elsewhere is waited for, and no
 * error aborts the caller's transaction.
 */
export async function claimReferencePrefix(
  trx: Kysely<Database>,
  forumId: string,
  prefix: string,
): Promise<boolean> {
  const rows = await trx
    .insertInto("contribution_reference_prefixes")
    .values({ prefix, forum_id: forumId })
    .onConflict((oc) => oc.doNothing())
    .returning("prefix")
    .execute();
  return rows.length === 1;
}

/** Whether the cycle publishes contributions as soon as their sender's address is verified. */
export async function selectAutoPublish(db: Kysely<Database>, cycleId: string): Promise<boolean> {
  const row = await db
    .selectFrom("contribution_settings")
    .select("auto_publish")
    .where("cycle_id", "=", cycleId)
    .executeTakeFirst();
  return row?.auto_publish ?? false;
}

/** Sets the cycle's auto-publish setting. */
export async function upsertAutoPublish(trx: Kysely<Database>, cycleId: string, on: boolean): Promise<void> {
  await trx
    .insertInto("contribution_settings")
    .values({ cycle_id: cycleId, auto_publish: on })
    .onConflict((oc) => oc.column("cycle_id").doUpdateSet({ auto_publish: on, updated_at: new Date() }))
    .execute();
}

/** Filters of the public list, the feeds and the API. */
export interface ContributionFilter {
  cycleId: string;
  statuses: ContributionStatus[];
  stakeholderGroup?: string;
  region?: string;
  country?: string;
  language?: string;
  timeliness?: string;
  variant?: string;
  q?: string;
  /** Received at or before (the annex "as of" date). */
  receivedBefore?: Date;
  /** Keyset cursor: rows after this one in arrival order. */
  after?: ListPosition;
  /** Keyset cursor: rows before this one in arrival order (the previous page). */
  before?: ListPosition;
  limit?: number;
  /**
   * A search known to match few rows: read them through the text index and sort them, rather than walk the
   * cycle's arrival order testing each row (which reads total ÷ matches rows per row found).
   */
  fewMatches?: boolean;
  /** Each confirmed campaign as one entry: its copies left out, its representative kept. */
  groupCampaigns?: boolean;
  /** Only the members of this confirmed campaign. */
  campaignId?: string;
}

/** A row's place in arrival order: what keyset pagination resumes from. */
export interface ListPosition {
  receivedAt: Date;
  id: string;
}

/** The filter's conditions, shared by the list, its counts and its pages. */
function matching(db: Kysely<Database>, f: Omit<ContributionFilter, "after" | "before" | "limit">) {
  let q = db.selectFrom("contributions").where("cycle_id", "=", f.cycleId).where("status", "in", f.statuses);
  if (f.stakeholderGroup) q = q.where("stakeholder_group", "=", f.stakeholderGroup);
  if (f.region) q = q.where("region", "=", f.region);
  if (f.country) q = q.where("country", "=", f.country);
  if (f.language) q = q.where("language", "=", f.language);
  if (f.timeliness) q = q.where("timeliness", "=", f.timeliness as "on_time");
  if (f.variant) q = q.where("variant_key", "=", f.variant);
  if (f.receivedBefore) q = q.where("received_at", "<=", f.receivedBefore);
  if (f.q?.trim()) q = q.where(sql<boolean>`search_vector @@ ${searchQuery(f.q)}`);
  const grouping = campaignGrouping();
  if (f.groupCampaigns && grouping) q = q.where(sql<boolean>`NOT ${grouping.isGroupedCopy()}`);
  if (f.campaignId) q = q.where(grouping ? grouping.isMemberOf(f.campaignId) : sql<boolean>`false`);
  return q;
}

/**
 * Contributions matching a filter in arrival order (oldest first). With `before`, the page that ends just
 * before that row, still returned oldest first.
 */
export async function selectContributions(
  db: Kysely<Database>,
  f: ContributionFilter,
): Promise<ContributionRow[]> {
  return keysetPage(db, matching(db, f).select(ROW), f);
}

/** The columns a list page shows and pages by: no text, answers or search text. */
const LISTING = [
  "id",
  "reference",
  "is_sample",
  "consent",
  "honorific",
  "contributor_name",
  "organisation",
  "stakeholder_group",
  "country",
  "language",
  "received_at",
  "timeliness",
] as const satisfies readonly (keyof ContributionRow)[];

/** A contribution as a list page shows it. */
export type ContributionListing = Pick<ContributionRow, (typeof LISTING)[number]>;

/**
 * A page of contributions with only the list's columns: the full rows carried each contribution's text,
 * answers and searched text (documents' text included), tens of kilobytes each, parsed and dropped by
 * every list page.
 */
export function selectContributionListing(
  db: Kysely<Database>,
  f: ContributionFilter,
): Promise<ContributionListing[]> {
  return keysetPage(db, matching(db, f).select(LISTING), f);
}

/** A filter's page in arrival order, after or before a position. */
async function keysetPage<O>(
  db: Kysely<Database>,
  page: SelectQueryBuilder<Database, "contributions", O>,
  f: ContributionFilter,
): Promise<O[]> {
  let q = page;
  // Row-value comparisons, which PostgreSQL turns into index bounds; the equivalent OR form filtered every
  // earlier row, which made a million-row export quadratic.
  if (f.after) {
    const { receivedAt, id } = f.after;
    q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("received_at", "id"), ">", tuple(receivedAt, id)));
  }
  if (f.before) {
    const { receivedAt, id } = f.before;
    q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("received_at", "id"), "<", tuple(receivedAt, id)));
    q = q.orderBy("received_at", "desc").orderBy("id", "desc");
  } else q = q.orderBy("received_at").orderBy("id");
  if (f.limit) q = q.limit(f.limit);
  const query = q;
  const rows =
    f.fewMatches && f.q?.trim() && !db.isTransaction
      ? // PostgreSQL's estimate of a rare word's matches, OR-ed over the languages, is too high (1,631 for 274
        // at 100,000 rows), so it walks the arrival index and filters 18,000 rows for one page (280 ms); the
        // bitmap scan of the text index and a sort of the few matches take 2 ms.
        await inTransaction(db, async (trx) => {
          await sql`SET LOCAL enable_seqscan = off`.execute(trx);
          await sql`SET LOCAL enable_indexscan = off`.execute(trx);
          return trx.executeQuery(query.compile()).then((r) => r.rows as O[]);
        })
      : await query.execute();
  return f.before ? rows.reverse() : rows;
}

/** The columns the CSV and JSON exports write (and the arrival order they page by): no long texts. */
export const EXPORT_FIELDS = [
  "id",
  "reference",
  "honorific",
  "contributor_name",
  "organisation",
  "consent",
  "stakeholder_group",
  "country",
  "region",
  "language",
  "variant_key",
  "received_at",
  "received_source",
  "timeliness",
  "status",
  "licence",
  "is_sample",
] as const;
export type ExportRow = Pick<ContributionRow, (typeof EXPORT_FIELDS)[number]>;

/**
 * Every contribution matching a filter in arrival order, `batchSize` at a time, with the exports' columns
 * only: a batch holds no contribution's text, answers or files' text, so an export's memory does not grow
 * with what people wrote, and the next batch is read only when the reader has taken the last one.
 */
export async function* exportBatches(
  db: Kysely<Database>,
  f: Omit<ContributionFilter, "after" | "before" | "limit">,
  batchSize: number,
): AsyncGenerator<ExportRow[]> {
  let after: ListPosition | undefined;
  for (;;) {
    let q = matching(db, f).select(EXPORT_FIELDS);
    if (after) {
      const { receivedAt, id } = after;
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("received_at", "id"), ">", tuple(receivedAt, id)));
    }
    const rows = await q.orderBy("received_at").orderBy("id").limit(batchSize).execute();
    if (rows.length) yield rows;
    const last = rows.at(-1);
    if (rows.length < batchSize || !last?.received_at) return;
    after = { receivedAt: last.received_at, id: last.id };
  }
}

/** The newest contributions matching a filter, newest first (for feeds). */
export function selectNewestContributions(
  db: Kysely<Database>,
  f: ContributionFilter & { limit: number },
): Promise<ContributionRow[]> {
  return matching(db, f)
    .select(ROW)
    .orderBy("received_at", "desc")
    .orderBy("id", "desc")
    .limit(f.limit)
    .execute();
}

/** How many contributions match a filter; with `before`, how many of them come before that row. */
export async function countMatching(
  db: Kysely<Database>,
  f: Omit<ContributionFilter, "after" | "limit">,
): Promise<number> {
  let q = matching(db, f);
  if (f.before) {
    const { receivedAt, id } = f.before;
    q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("received_at", "id"), "<", tuple(receivedAt, id)));
  }
  const row = await q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The distinct answers to one question among the contributions matching a filter, each with how many gave it:
 * what a choice question's counts are made of, grouped where the rows are rather than read into Node (reading
 * 100,000 whole rows 500 at a time took 14 s).
 */
export async function selectAnswerTallies(
  db: Kysely<Database>,
  f: Omit<ContributionFilter, "after" | "before" | "limit" | "q">,
  questionId: string,
): Promise<{ answer: unknown; n: number }[]> {
  const answer = sql<unknown>`answers -> ${questionId}`;
  const rows = await matching(db, f)
    .where(sql<boolean>`answers ? ${questionId}`)
    .select([answer.as("answer"), (eb) => eb.fn.countAll<string>().as("n")])
    // By position: the question id is a parameter in the select list and would be another in GROUP BY.
    .groupBy(sql`1`)
    .execute();
  return rows.map((r) => ({ answer: r.answer, n: Number(r.n) }));
}

/**
 * Runs read-only work in a transaction PostgreSQL gives no parallel workers: for figures counted again while
 * the old ones are shown, which must not take the cores readers need.
 */
export function onOneCore<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
    return work(trx);
  });
}

/**
 * How many contributions match a filter, counting no further than `limit`: a filter matching most of a large
 * cycle stops reading rows there instead of reading them all.
 */
export async function countMatchingUpTo(
  db: Kysely<Database>,
  f: Omit<ContributionFilter, "after" | "before" | "limit">,
  limit: number,
): Promise<number> {
  const count = async (on: Kysely<Database>) => {
    const row = await on
      .selectFrom(matching(on, f).select(sql.lit(1).as("one")).limit(limit).as("found"))
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  if (f.q?.trim() && !db.isTransaction)
    // A search's matches are counted through the text index, stopping at the limit. Under the LIMIT, a common
    // word made PostgreSQL prefer a scan "that may stop early" (sequential, or along the cycle's index), which
    // detoasts and tests every row's vector: 338-414 ms at 100,000-1,000,000 rows, against 118 ms for the
    // bitmap scan of the GIN index, whose exact matches need no recheck. Those two scans are ruled out for
    // this one statement, in its own transaction.
    return inTransaction(db, async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      await sql`SET LOCAL enable_indexscan = off`.execute(trx);
      return count(trx);
    });
  return count(db);
}

/**
 * PostgreSQL's estimate of how many contributions match a filter: the planner's row count for it, from the
 * table's statistics, without reading a row (a millisecond). Rough: at 100,000 contributions it said 86,970
 * for a word in 49,735, 39,438 for one in 9,697, and 9,876 for a phrase in 29,749.
 */
export async function estimateMatching(
  db: Kysely<Database>,
  f: Omit<ContributionFilter, "after" | "before" | "limit">,
): Promise<number> {
  const rows = await matching(db, f).select(sql.lit(1).as("one")).explain<Record<string, unknown>>("json");
  const plan = Object.values(rows[0] ?? {})[0];
  const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as {
    Plan?: { "Plan Rows"?: number };
  }[];
  return Math.round(Number(parsed?.[0]?.Plan?.["Plan Rows"] ?? 0));
}

/** How far into a long text a search's snippet is looked for: `ts_headline` reads the whole text it is given. */
const HEADLINE_TEXT_LIMIT = 20_000;
/** A snippet's window: this many characters before the first likely match, this many in all. */
const WINDOW_BEFORE = 150;
const WINDOW_LENGTH = 800;

/**
 * The highlighted snippets of a search in some contributions (the page's rows): `ts_headline` in each text's
 * own language, matches between private-use marks (src/db/text-search.ts), never HTML. `ts_headline` parses
 * all the text it is given (75-110 ms for a page of 50 texts of 3,000 characters on average, under load;
 * 27-46 ms for 600 characters each), so it is given a window of 800 characters around the first place one of
 * the query's words seems to be (`matchLocators`, a plain `strpos`); `windowed` says whether it was, so that a
 * caller whose window held no match can ask again with `whole` (the text from its start, as far as
 * HEADLINE_TEXT_LIMIT).
 */
export async function selectHeadlines(
  db: Kysely<Database>,
  ids: string[],
  q: string,
  options: { whole?: boolean } = {},
): Promise<{ id: string; headline: string; windowed: boolean }[]> {
  if (ids.length === 0 || !q.trim()) return [];
  const locators = options.whole ? [] : matchLocators(q);
  const head = sql`left(search_text, ${HEADLINE_TEXT_LIMIT})`;
  // Where the first locator stands (null when none is found): least() skips the nulls.
  const at = locators.length
    ? sql`least(${sql.join(
        locators.map((l) => sql`nullif(strpos(lower(${head}), ${l}), 0)`),
        sql`, `,
      )})`
    : sql`null::int`;
  const rows = await db
    .selectFrom(
      db
        .selectFrom("contributions")
        .select(["id", "language", sql<string>`${head}`.as("head"), sql<number | null>`${at}`.as("at")])
        .where("id", "in", ids)
        .as("t"),
    )
    .select([
      "id",
      sql<string>`ts_headline(${searchConfigOf(sql.ref("language"))},
        CASE WHEN at IS NULL THEN head
             ELSE substr(head, greatest(1, at - ${WINDOW_BEFORE}), ${WINDOW_LENGTH}) END,
        ${searchQuery(q)}, ${HEADLINE_OPTIONS})`.as("headline"),
      sql<boolean>`at IS NOT NULL`.as("windowed"),
    ])
    .execute();
  return rows;
}

/** The distinct languages and variants among a cycle's listed contributions (the filters' choices). */
export async function selectListChoices(
  db: Kysely<Database>,
  cycleId: string,
  statuses: ContributionStatus[],
): Promise<{ languages: string[]; variants: string[]; countries: string[] }> {
  const [languages, variants, countries] = await Promise.all([
    matching(db, { cycleId, statuses })
      .select("language")
      .distinct()
      .where("language", "is not", null)
      .orderBy("language")
      .execute(),
    matching(db, { cycleId, statuses }).select("variant_key").distinct().orderBy("variant_key").execute(),
    matching(db, { cycleId, statuses })
      .select("country")
      .distinct()
      .where("country", "is not", null)
      .orderBy("country")
      .execute(),
  ]);
  return {
    languages: languages.map((r) => r.language).filter((l): l is string => Boolean(l)),
    variants: variants.map((r) => r.variant_key),
    countries: countries.map((r) => r.country).filter((c): c is string => Boolean(c)),
  };
}

/** How many contributions of a cycle have the given statuses. */
export async function countContributions(
  db: Kysely<Database>,
  cycleId: string,
  statuses: ContributionStatus[],
): Promise<number> {
  const row = await db
    .selectFrom("contributions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("cycle_id", "=", cycleId)
    .where("status", "in", statuses)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every contribution of a cycle that is not a draft, for the secretariat (drafts from e-mail included). */
export function selectForModeration(db: Kysely<Database>, cycleId: string): Promise<ContributionRow[]> {
  return db
    .selectFrom("contributions")
    .select(ROW)
    .where("cycle_id", "=", cycleId)
    .where((eb) => eb.or([eb("status", "<>", "draft"), eb("channel", "=", "email")]))
    .orderBy("received_at", "desc")
    .orderBy("created_at", "desc")
    .execute();
}

/** Lower-cased e-mails of everyone with a non-withdrawn, non-draft contribution in the cycle. */
export async function selectContributorEmails(db: Kysely<Database>, cycleId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("contributions")
    .select(sql<string>`lower(email)`.as("email"))
    .distinct()
    .where("cycle_id", "=", cycleId)
    .where("status", "in", ["submitted", "published", "hidden"])
    .where("email", "<>", "")
    .execute();
  return rows.map((r) => r.email);
}

/** The first response to an API submission sent with this (scoped) Idempotency-Key. */
export function selectApiRequest(db: Kysely<Database>, key: string) {
  return db
    .selectFrom("contribution_api_requests")
    .selectAll()
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

/** Keeps the first response to an API submission for replays of the same request. */
export async function insertApiRequest(
  db: Kysely<Database>,
  row: { key: string; contributionId: string; requestHash: string; response: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto("contribution_api_requests")
    .values({
      idempotency_key: row.key,
      contribution_id: row.contributionId,
      status_code: 201,
      response: JSON.stringify(row.response),
      request_hash: row.requestHash,
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .execute();
}

/**
 * Stores a new contribution and, in the same statement, the API's first answer for its Idempotency-Key (one
 * round trip instead of two; the key's foreign key is checked at the statement's end, when the row exists).
 * The contribution's id is chosen by the caller, since the answer carries it.
 */
export function insertContributionWithApiRequest(
  trx: Kysely<Database>,
  values: Insertable<ContributionsTable> & { id: string },
  api: { key: string; requestHash: string; response: Record<string, unknown> },
): Promise<ContributionRow> {
  return trx
    .with("api_request", (db) =>
      db
        .insertInto("contribution_api_requests")
        .values({
          idempotency_key: api.key,
          contribution_id: values.id,
          status_code: 201,
          response: JSON.stringify(api.response),
          request_hash: api.requestHash,
        })
        .onConflict((oc) => oc.column("idempotency_key").doNothing()),
    )
    .insertInto("contributions")
    .values(values)
    .returning(ROW)
    .executeTakeFirstOrThrow();
}

/** Stores a new contribution and returns it. */
export function insertContribution(
  trx: Kysely<Database>,
  values: Insertable<ContributionsTable>,
): Promise<ContributionRow> {
  return trx.insertInto("contributions").values(values).returning(ROW).executeTakeFirstOrThrow();
}

/** Changes a contribution and returns it as it now is. */
export function updateContribution(
  trx: Kysely<Database>,
  id: string,
  changes: Updateable<ContributionsTable>,
): Promise<ContributionRow> {
  return trx
    .updateTable("contributions")
    .set(changes)
    .where("id", "=", id)
    .returning(ROW)
    .executeTakeFirstOrThrow();
}

/** Removes some of a contribution's files (only its own: another contribution's ids are ignored). */
export async function deleteFiles(
  trx: Kysely<Database>,
  contributionId: string,
  ids: string[],
): Promise<void> {
  await trx
    .deleteFrom("contribution_files")
    .where("contribution_id", "=", contributionId)
    .where("id", "in", ids)
    .execute();
}

/** Stores a file's record for a contribution and returns it. */
export function insertFile(
  trx: Kysely<Database>,
  values: Insertable<ContributionFilesTable>,
): Promise<ContributionFileRow> {
  return trx.insertInto("contribution_files").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a file's record (its extraction's outcome). */
export async function updateFile(
  trx: Kysely<Database>,
  id: string,
  changes: Updateable<ContributionFilesTable>,
): Promise<void> {
  await trx.updateTable("contribution_files").set(changes).where("id", "=", id).execute();
}

/** Whether a cycle already holds sample contributions (the demo's). */
export async function hasSampleContributions(db: Kysely<Database>, cycleId: string): Promise<boolean> {
  const row = await db
    .selectFrom("contributions")
    .select("id")
    .where("cycle_id", "=", cycleId)
    .where("is_sample", "=", true)
    .executeTakeFirst();
  return row !== undefined;
}
