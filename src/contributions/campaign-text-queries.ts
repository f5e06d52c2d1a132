// What campaign detection reads of a cycle's contributions: each one's id, arrival and the text a person wrote
// (its own text, its answers and its files' extracted text), streamed in arrival order a batch at a time.
// Kept apart from queries.ts so the campaigns folder's needs do not change the list's and the exports' SQL.
import type { Kysely } from "kysely";
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
}

/** A cycle's contributions with the given statuses and their whole text, in arrival order, `size` at a time. */
export async function* contributionTextBatches(
  db: Kysely<Database>,
  filter: { cycleId: string; statuses: ContributionStatus[] },
  size: number,
): AsyncGenerator<ContributionText[]> {
  let after: { receivedAt: Date; id: string } | undefined;
  for (;;) {
    let q = db
      .selectFrom("contributions")
      .select(["id", "received_at", "body_text", "answers"])
      .where("cycle_id", "=", filter.cycleId)
      .where("status", "in", filter.statuses)
      .where("received_at", "is not", null);
    if (after) {
      const { receivedAt, id } = after;
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("received_at", "id"), ">", tuple(receivedAt, id)));
    }
    const rows = await q.orderBy("received_at").orderBy("id").limit(size).execute();
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
  return rows.map((r) => ({
    id: r.id,
    receivedAt: r.received_at,
    text: writtenText(r, fileText.get(r.id) ?? []),
  }));
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
