// SQL for the analysis workspace: the codebook, excerpts and their codes. Only this folder touches these tables.
import { type Kysely, type Selectable, sql } from "kysely";
import type { Database } from "../db/schema.js";
import { HEADLINE_OPTIONS, searchConfigOf, searchQuery, segmentForSearch } from "../db/text-search.js";
import type {
  AnalysisCodesTable,
  AnalysisExcerptsTable,
  AnalysisSuggestionRunsTable,
  AnchorStatus,
  CodeKind,
  ExcerptSource,
} from "./tables.js";

export type CodeRow = Selectable<AnalysisCodesTable>;
export type ExcerptRow = Selectable<AnalysisExcerptsTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a string can be an id (anything else finds nothing, without asking PostgreSQL to cast it). */
export const isUuid = (value: string) => UUID.test(value);

/** A cycle's codebook, in order: kind, then position, then name. */
export function selectCodes(db: Kysely<Database>, cycleId: string): Promise<CodeRow[]> {
  return db
    .selectFrom("analysis_codes")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .orderBy("kind", "desc")
    .orderBy("position")
    .orderBy("name")
    .execute();
}

/** One code of a cycle. */
export function selectCode(db: Kysely<Database>, cycleId: string, id: string): Promise<CodeRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db
    .selectFrom("analysis_codes")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** A code of the cycle by kind and name, ignoring case. */
export function selectCodeByName(
  db: Kysely<Database>,
  cycleId: string,
  kind: CodeKind,
  name: string,
): Promise<CodeRow | undefined> {
  return db
    .selectFrom("analysis_codes")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .where("kind", "=", kind)
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()))
    .executeTakeFirst();
}

/** The next free position among a parent's children. */
export async function nextCodePosition(
  db: Kysely<Database>,
  cycleId: string,
  kind: CodeKind,
  parentId: string | null,
): Promise<number> {
  const row = await db
    .selectFrom("analysis_codes")
    .select((eb) => eb.fn.max("position").as("max"))
    .where("cycle_id", "=", cycleId)
    .where("kind", "=", kind)
    .where("parent_id", parentId === null ? "is" : "=", parentId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** Inserts a code. */
export function insertCode(
  trx: Kysely<Database>,
  values: {
    forum_id: string;
    cycle_id: string;
    kind: CodeKind;
    name: string;
    description?: string;
    parent_id: string | null;
    position: number;
  },
): Promise<CodeRow> {
  return trx.insertInto("analysis_codes").values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a code's name, description, parent or position. */
export async function updateCode(
  trx: Kysely<Database>,
  id: string,
  values: Partial<Pick<CodeRow, "name" | "description" | "parent_id" | "position">>,
  now: Date,
): Promise<void> {
  await trx
    .updateTable("analysis_codes")
    .set({ ...values, updated_at: now })
    .where("id", "=", id)
    .execute();
}

/** Moves every child of one code under another (or to the top). */
export async function reparentChildren(
  trx: Kysely<Database>,
  fromId: string,
  toId: string | null,
): Promise<void> {
  await trx.updateTable("analysis_codes").set({ parent_id: toId }).where("parent_id", "=", fromId).execute();
}

/** Gives the excerpts of one code to another (an excerpt that has both keeps one link) and unlinks the first. */
export async function moveExcerptCodes(trx: Kysely<Database>, fromId: string, toId: string): Promise<number> {
  const moved = await trx
    .insertInto("analysis_excerpt_codes")
    .columns(["excerpt_id", "code_id"])
    .expression((eb) =>
      eb
        .selectFrom("analysis_excerpt_codes")
        .select(["excerpt_id", eb.val(toId).as("code_id")])
        .where("code_id", "=", fromId),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  await trx.deleteFrom("analysis_excerpt_codes").where("code_id", "=", fromId).execute();
  return Number(moved.numInsertedOrUpdatedRows ?? 0);
}

/** Deletes a code (its excerpt links go with it; the excerpts stay). */
export async function deleteCode(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom("analysis_codes").where("id", "=", id).execute();
}

/** How many excerpts carry each code of a cycle. */
export async function countExcerptsByCode(
  db: Kysely<Database>,
  cycleId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("analysis_excerpt_codes as ec")
    .innerJoin("analysis_codes as c", "c.id", "ec.code_id")
    .select(["ec.code_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("c.cycle_id", "=", cycleId)
    .groupBy("ec.code_id")
    .execute();
  return new Map(rows.map((r) => [r.code_id, Number(r.n)]));
}

/** Inserts an excerpt and its codes. */
export async function insertExcerpt(
  trx: Kysely<Database>,
  values: {
    forum_id: string;
    cycle_id: string;
    contribution_id: string;
    source: ExcerptSource;
    source_key: string;
    quote: string;
    prefix: string;
    suffix: string;
    start_offset: number;
    end_offset: number;
    proposal: boolean;
    note: string;
    coded_by: string | null;
    coded_by_label: string;
    language: string | null;
  },
  codeIds: string[],
): Promise<ExcerptRow> {
  const row = await trx
    .insertInto("analysis_excerpts")
    .values({ ...values, search_text: segmentForSearch(`${values.quote}\n\n${values.note}`) })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (codeIds.length > 0)
    await trx
      .insertInto("analysis_excerpt_codes")
      .values(codeIds.map((code_id) => ({ excerpt_id: row.id, code_id })))
      .execute();
  return row;
}

/** One excerpt. */
export function selectExcerpt(db: Kysely<Database>, id: string): Promise<ExcerptRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("analysis_excerpts").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A contribution's excerpts in the order they were made. */
export function selectContributionExcerpts(
  db: Kysely<Database>,
  contributionId: string,
): Promise<ExcerptRow[]> {
  return db
    .selectFrom("analysis_excerpts")
    .selectAll()
    .where("contribution_id", "=", contributionId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** A cycle's excerpts, optionally only those carrying one code, in the order they were made. */
export function selectCycleExcerpts(
  db: Kysely<Database>,
  cycleId: string,
  codeId?: string,
): Promise<ExcerptRow[]> {
  let q = db.selectFrom("analysis_excerpts").selectAll().where("cycle_id", "=", cycleId);
  if (codeId !== undefined)
    q = q.where("id", "in", (eb) =>
      eb.selectFrom("analysis_excerpt_codes").select("excerpt_id").where("code_id", "=", codeId),
    );
  return q.orderBy("created_at").orderBy("id").execute();
}

/** An excerpt found by a search, with its highlighted quote (matches between private-use marks). */
export interface ExcerptHit {
  id: string;
  contribution_id: string;
  quote: string;
  headline: string;
  proposal: boolean;
  anchor_status: AnchorStatus;
}

/**
 * The first `limit` of a cycle's excerpts whose quote or note matches a search (through their stored
 * vector's index), in the order they were made.
 */
export function selectExcerptHits(
  db: Kysely<Database>,
  cycleId: string,
  q: string,
  limit: number,
): Promise<ExcerptHit[]> {
  return db
    .selectFrom("analysis_excerpts")
    .select([
      "id",
      "contribution_id",
      "quote",
      "proposal",
      "anchor_status",
      sql<string>`ts_headline(${searchConfigOf(sql.ref("language"))}, search_text, ${searchQuery(q)},
        ${HEADLINE_OPTIONS})`.as("headline"),
    ])
    .where("cycle_id", "=", cycleId)
    .where(sql<boolean>`search_vector @@ ${searchQuery(q)}`)
    .orderBy("created_at")
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** The code ids of each excerpt given. */
export async function selectExcerptCodes(
  db: Kysely<Database>,
  excerptIds: string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (excerptIds.length === 0) return map;
  const rows = await db
    .selectFrom("analysis_excerpt_codes")
    .select(["excerpt_id", "code_id"])
    .where("excerpt_id", "in", excerptIds)
    .execute();
  for (const row of rows) map.set(row.excerpt_id, [...(map.get(row.excerpt_id) ?? []), row.code_id]);
  return map;
}

/** Records where an excerpt's anchor is now found (or that it is an orphan). */
export async function updateExcerptAnchor(
  trx: Kysely<Database>,
  id: string,
  anchor: {
    source: ExcerptSource;
    source_key: string;
    start_offset: number;
    end_offset: number;
    anchor_status: AnchorStatus;
  },
  now: Date,
): Promise<void> {
  await trx
    .updateTable("analysis_excerpts")
    .set({ ...anchor, updated_at: now })
    .where("id", "=", id)
    .execute();
}

/** Deletes an excerpt (its code links go with it). */
export async function deleteExcerptRow(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom("analysis_excerpts").where("id", "=", id).execute();
}

/** Copies one cycle's codebook into another (names, kinds, descriptions, order and nesting); returns how many. */
export async function copyCodebook(
  trx: Kysely<Database>,
  from: { cycleId: string },
  to: { forumId: string; cycleId: string },
): Promise<number> {
  const codes = await selectCodes(trx, from.cycleId);
  const ids = new Map<string, string>();
  for (const code of codes) {
    const row = await trx
      .insertInto("analysis_codes")
      .values({
        forum_id: to.forumId,
        cycle_id: to.cycleId,
        kind: code.kind,
        name: code.name,
        description: code.description,
        parent_id: null,
        position: code.position,
      })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (row) ids.set(code.id, row.id);
  }
  for (const code of codes) {
    const id = ids.get(code.id);
    const parent = code.parent_id ? ids.get(code.parent_id) : undefined;
    if (id && parent)
      await trx.updateTable("analysis_codes").set({ parent_id: parent }).where("id", "=", id).execute();
  }
  return ids.size;
}

/** Gives an excerpt exactly these codes and this policy-proposal flag. */
export async function replaceExcerptCodes(
  trx: Kysely<Database>,
  excerptId: string,
  codeIds: string[],
  proposal: boolean,
  now: Date,
): Promise<void> {
  await trx.deleteFrom("analysis_excerpt_codes").where("excerpt_id", "=", excerptId).execute();
  if (codeIds.length > 0)
    await trx
      .insertInto("analysis_excerpt_codes")
      .values(codeIds.map((code_id) => ({ excerpt_id: excerptId, code_id })))
      .execute();
  await trx
    .updateTable("analysis_excerpts")
    .set({ proposal, updated_at: now })
    .where("id", "=", excerptId)
    .execute();
}

export type SuggestionRunRow = Selectable<AnalysisSuggestionRunsTable>;

/** Starts a suggestion run, queued. */
export function insertSuggestionRun(
  trx: Kysely<Database>,
  values: { forum_id: string; cycle_id: string; requested_by: string | null },
): Promise<SuggestionRunRow> {
  return trx.insertInto("analysis_suggestion_runs").values(values).returningAll().executeTakeFirstOrThrow();
}

/** The cycle's latest suggestion run. */
export function selectLatestSuggestionRun(
  db: Kysely<Database>,
  cycleId: string,
): Promise<SuggestionRunRow | undefined> {
  return db
    .selectFrom("analysis_suggestion_runs")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** One suggestion run. */
export function selectSuggestionRun(db: Kysely<Database>, id: string): Promise<SuggestionRunRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("analysis_suggestion_runs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Records a run's progress, or its end. */
export async function updateSuggestionRun(
  db: Kysely<Database>,
  id: string,
  values: {
    status?: "running" | "done" | "failed";
    total?: number;
    done?: number;
    result?: string;
    error?: string;
    finished_at?: Date;
  },
): Promise<void> {
  await db.updateTable("analysis_suggestion_runs").set(values).where("id", "=", id).execute();
}
