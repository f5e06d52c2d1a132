// SQL for campaigns, their members and detection runs. Only this folder touches these tables.
import { type Kysely, type RawBuilder, type Selectable, sql } from "kysely";
import type { Database } from "../db/schema.js";
import type { CampaignRunStatus, CampaignRunsTable, CampaignStatus, CampaignsTable } from "./tables.js";

export type CampaignRow = Selectable<CampaignsTable>;
export type CampaignRunRow = Selectable<CampaignRunsTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Starts a run record for a cycle. */
export async function insertRun(
  db: Kysely<Database>,
  forumId: string,
  cycleId: string,
): Promise<CampaignRunRow> {
  return db
    .insertInto("campaign_runs")
    .values({ forum_id: forumId, cycle_id: cycleId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One run by id. */
export function selectRun(db: Kysely<Database>, id: string): Promise<CampaignRunRow | undefined> {
  if (!UUID.test(id)) return Promise.resolve(undefined);
  return db.selectFrom("campaign_runs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A cycle's latest run. */
export function selectLatestRun(db: Kysely<Database>, cycleId: string): Promise<CampaignRunRow | undefined> {
  return db
    .selectFrom("campaign_runs")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Records a run's state and progress. */
export async function updateRun(
  db: Kysely<Database>,
  id: string,
  change: {
    status?: CampaignRunStatus;
    processed?: number;
    campaigns?: number;
    started_at?: Date;
    finished_at?: Date;
  },
): Promise<void> {
  await db.updateTable("campaign_runs").set(change).where("id", "=", id).execute();
}

/** The secretariat's decisions on a cycle's campaigns, by representative (carried over a re-run). */
export async function selectDecisions(
  db: Kysely<Database>,
  cycleId: string,
): Promise<Map<string, { status: CampaignStatus; decided_at: Date | null }>> {
  const rows = await db
    .selectFrom("campaigns")
    .select(["representative_id", "status", "decided_at"])
    .where("cycle_id", "=", cycleId)
    .where("status", "!=", "detected")
    .execute();
  return new Map(rows.map((r) => [r.representative_id, { status: r.status, decided_at: r.decided_at }]));
}

/** Removes a cycle's campaigns (their members go with them). */
export async function deleteCampaigns(db: Kysely<Database>, cycleId: string): Promise<void> {
  await db.deleteFrom("campaigns").where("cycle_id", "=", cycleId).execute();
}

/** Stores one campaign and its members (in position order), a thousand member rows per statement. */
export async function insertCampaign(
  db: Kysely<Database>,
  campaign: {
    forum_id: string;
    cycle_id: string;
    representative_id: string;
    excerpt: string;
    first_at: Date | null;
    last_at: Date | null;
    status: CampaignStatus;
    decided_at: Date | null;
  },
  memberIds: string[],
): Promise<string> {
  const row = await db
    .insertInto("campaigns")
    .values({ ...campaign, size: memberIds.length })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (let start = 0; start < memberIds.length; start += 1000) {
    await db
      .insertInto("campaign_members")
      .values(
        memberIds
          .slice(start, start + 1000)
          .map((contribution_id, i) => ({ campaign_id: row.id, contribution_id, position: start + i })),
      )
      .execute();
  }
  return row.id;
}

/** A cycle's campaigns, largest first. */
export function selectCampaigns(db: Kysely<Database>, cycleId: string): Promise<CampaignRow[]> {
  return db
    .selectFrom("campaigns")
    .selectAll()
    .where("cycle_id", "=", cycleId)
    .orderBy("size", "desc")
    .orderBy("id")
    .execute();
}

/** One campaign by id. */
export function selectCampaign(db: Kysely<Database>, id: string): Promise<CampaignRow | undefined> {
  if (!UUID.test(id)) return Promise.resolve(undefined);
  return db.selectFrom("campaigns").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A page of a campaign's member ids in arrival order, from a position. */
export async function selectMemberIds(
  db: Kysely<Database>,
  campaignId: string,
  from: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom("campaign_members")
    .select("contribution_id")
    .where("campaign_id", "=", campaignId)
    .where("position", ">=", from)
    .orderBy("position")
    .limit(limit)
    .execute();
  return rows.map((r) => r.contribution_id);
}

/** Sets a campaign's decision. */
export async function updateCampaignStatus(
  db: Kysely<Database>,
  id: string,
  status: CampaignStatus,
  at: Date,
): Promise<void> {
  await db.updateTable("campaigns").set({ status, decided_at: at }).where("id", "=", id).execute();
}

/** Of these contributions, those that are members of the campaign, in position order. */
export async function selectMembersAmong(
  db: Kysely<Database>,
  campaignId: string,
  ids: string[],
): Promise<string[]> {
  const valid = ids.filter((id) => UUID.test(id));
  if (!valid.length) return [];
  const rows = await db
    .selectFrom("campaign_members")
    .select("contribution_id")
    .where("campaign_id", "=", campaignId)
    .where("contribution_id", "in", valid)
    .orderBy("position")
    .execute();
  return rows.map((r) => r.contribution_id);
}

/** Takes members out of a campaign and numbers those left 0, 1, 2… in their order; returns how many are left. */
export async function removeMembers(
  db: Kysely<Database>,
  campaignId: string,
  ids: string[],
): Promise<number> {
  await db
    .deleteFrom("campaign_members")
    .where("campaign_id", "=", campaignId)
    .where("contribution_id", "in", ids)
    .execute();
  // Two steps, so no row lands on a position another still holds (the key is checked row by row).
  await sql`UPDATE campaign_members SET position = -1 - position WHERE campaign_id = ${campaignId}`.execute(
    db,
  );
  const left = await sql<{ n: number }>`
    WITH ordered AS (
      SELECT contribution_id, row_number() OVER (ORDER BY position DESC) - 1 AS rank
      FROM campaign_members WHERE campaign_id = ${campaignId})
    UPDATE campaign_members m SET position = o.rank FROM ordered o
    WHERE m.campaign_id = ${campaignId} AND m.contribution_id = o.contribution_id
    RETURNING 1 AS n`.execute(db);
  return left.rows.length;
}

/** Sets what a campaign says of itself after its members changed. */
export async function updateCampaignSummary(
  db: Kysely<Database>,
  id: string,
  summary: { size: number; representative_id: string; excerpt: string },
): Promise<void> {
  await db.updateTable("campaigns").set(summary).where("id", "=", id).execute();
}

/** True for a `contributions` row that is a copy in a confirmed campaign, not its representative. */
export function isConfirmedCopy(): RawBuilder<boolean> {
  // Reads campaign_members through its contribution_id index: one probe per row the list walks.
  return sql<boolean>`EXISTS (
    SELECT 1 FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id
    WHERE m.contribution_id = contributions.id AND c.status = 'confirmed'
      AND c.representative_id <> contributions.id)`;
}

/** True for a `contributions` row that is a member of this confirmed campaign. */
export function isConfirmedMember(campaignId: string): RawBuilder<boolean> {
  if (!UUID.test(campaignId)) return sql<boolean>`false`;
  return sql<boolean>`contributions.id IN (
    SELECT m.contribution_id FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id
    WHERE m.campaign_id = ${campaignId} AND c.status = 'confirmed')`;
}

/** Of these contributions, those representing a confirmed campaign, with the campaign's id and size. */
export async function selectConfirmedRepresented(
  db: Kysely<Database>,
  ids: string[],
): Promise<{ id: string; size: number; representative_id: string }[]> {
  const valid = ids.filter((id) => UUID.test(id));
  if (!valid.length) return [];
  return db
    .selectFrom("campaigns")
    .select(["id", "size", "representative_id"])
    .where("representative_id", "in", valid)
    .where("status", "=", "confirmed")
    .execute();
}

/** Whether a cycle has a confirmed campaign. */
export async function hasConfirmedCampaign(db: Kysely<Database>, cycleId: string): Promise<boolean> {
  const row = await db
    .selectFrom("campaigns")
    .select("id")
    .where("cycle_id", "=", cycleId)
    .where("status", "=", "confirmed")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
