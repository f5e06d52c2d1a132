// What campaign detection reads of a cycle's contributions: each one's id, arrival and the text a person wrote
// (its own text, its answers and its files' extracted text), streamed in arrival order a batch at a time.
// Kept apart from queries.ts so the campaigns folder's needs do not change the list's and the exports' SQL.
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.js";
import { isUuid } from "./ids.js";
import type { ContributionRow } from "./queries.js";
import { answersText } from "./submit/answers.js";
import type { ContributionStatus } from "./tables.js";

/** One contribution as campaign detection sees it. */
export interface ContributionText {
  id: string;
  receivedAt: Date | null;
  text: string;
  /** The same text by the box it was written in: its own text, each answer, then each file's text. */
  parts: string[];
  /** How many of `parts` the person typed (own text and answers); the rest are files' extracted text. */
  typed: number;
}

/**
 * A cycle's contributions with the given statuses and their whole text, in arrival order, `size` at a time.
 * Each status is read by its own keyset range of the (cycle, status, arrival, id) index and the ranges merged,
 * because one `status IN (…)` query ordered by arrival cannot follow that index and sorts every remaining row
 * for each batch (100,000 contributions took 54 s to stream that way).
 */
export async function* contributionTextBatches(
  db: Kysely<Database>,
  filter: { cycleId: string; statuses: ContributionStatus[] },
  size: number,
): AsyncGenerator<ContributionText[]> {
  let after: { receivedAt: Date; id: string } | undefined;
  for (;;) {
    const parts = filter.statuses.map(
      (status) => sql`(SELECT id, received_at, body_text, answers FROM contributions
        WHERE cycle_id = ${filter.cycleId} AND status = ${status} AND received_at IS NOT NULL
        ${after ? sql`AND (received_at, id) > (${after.receivedAt}, ${after.id})` : sql``}
        ORDER BY received_at, id LIMIT ${size})`,
    );
    const { rows } = await sql<{
      id: string;
      received_at: Date | null;
      body_text: string;
      answers: ContributionRow["answers"];
    }>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) AS received ORDER BY received_at, id LIMIT ${size}`.execute(
      db,
    );
    if (!rows.length) return;
    yield await withText(db, rows);
    const last = rows.at(-1)!;
    if (rows.length < size || !last.received_at) return;
    after = { receivedAt: last.received_at, id: last.id };
  }
}

/** Some contributions (by id) with their whole text, in no particular order; unknown ids are left out. */
export async function contributionTexts(db: Kysely<Database>, ids: string[]): Promise<ContributionText[]> {
  const valid = ids.filter(isUuid);
  if (!valid.length) return [];
  const rows = await db
    .selectFrom("contributions")
    .select(["id", "received_at", "body_text", "answers"])
    .where("id", "in", valid)
    .execute();
  return rows.length ? withText(db, rows) : [];
}

async function withText(
  db: Kysely<Database>,
  rows: { id: string; received_at: Date | null; body_text: string; answers: ContributionRow["answers"] }[],
): Promise<ContributionText[]> {
  const files = await db
    .selectFrom("contribution_files")
    .select(["contribution_id", "extracted_text"])
    .where(
      "contribution_id",
      "in",
      rows.map((r) => r.id),
    )
    .where("extracted_text", "is not", null)
    .orderBy("contribution_id")
    .orderBy("position")
    .execute();
  const fileText = new Map<string, string[]>();
  for (const f of files) {
    const list = fileText.get(f.contribution_id) ?? [];
    list.push(f.extracted_text ?? "");
    fileText.set(f.contribution_id, list);
  }
  return rows.map((r) => {
    const typed = writtenParts(r);
    return {
      id: r.id,
      receivedAt: r.received_at,
      text: writtenText(r, fileText.get(r.id) ?? []),
      parts: [...typed, ...(fileText.get(r.id) ?? []).filter((part) => part.trim())],
      typed: typed.length,
    };
  });
}

/** The text a person typed, box by box: the contribution's own text, then each answer's text. */
export function writtenParts(row: { body_text: string; answers: ContributionRow["answers"] }): string[] {
  const parts = [row.body_text];
  const collect = (value: unknown) => {
    if (typeof value === "string") parts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object")
      for (const [key, v] of Object.entries(value)) if (key !== "selected" && key !== "url") collect(v);
  };
  collect(row.answers);
  return parts.filter((part) => part.trim());
}

/** The text a person wrote: the contribution's own text, its answers, then its files' extracted text. */
export function writtenText(
  row: { body_text: string; answers: ContributionRow["answers"] },
  fileTexts: string[] = [],
): string {
  return [row.body_text, answersText(undefined, row.answers), ...fileTexts]
    .filter((part) => part.trim())
    .join("\n\n");
}

/** What the campaign page shows and weighs of each copy: who, from which address, when. */
export interface ContributionFacts {
  id: string;
  reference: string | null;
  contributorName: string;
  email: string;
  receivedAt: Date | null;
}

/** Some contributions' facts (by id), in no particular order; unknown ids are left out. */
export async function contributionFacts(db: Kysely<Database>, ids: string[]): Promise<ContributionFacts[]> {
  const valid = ids.filter(isUuid);
  const out: ContributionFacts[] = [];
  for (let start = 0; start < valid.length; start += 5000) {
    const rows = await db
      .selectFrom("contributions")
      .select(["id", "reference", "contributor_name", "email", "received_at"])
      .where("id", "in", valid.slice(start, start + 5000))
      .execute();
    for (const r of rows)
      out.push({
        id: r.id,
        reference: r.reference,
        contributorName: r.contributor_name,
        email: r.email,
        receivedAt: r.received_at,
      });
  }
  return out;
}
