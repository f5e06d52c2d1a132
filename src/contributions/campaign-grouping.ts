// How the public list, its counts and the statistics count a confirmed campaign once, without contributions
// knowing campaigns: campaigns' plugin registers the conditions (their SQL stays in campaigns/queries.ts) and
// the look-up of a page's representatives. Only campaigns the secretariat confirmed are grouped.
import type { Kysely, RawBuilder } from "kysely";
import type { Database } from "../db/schema.js";

/** A confirmed campaign as a list entry shows it (on its representative). */
export interface GroupedCampaign {
  campaignId: string;
  size: number;
  representativeId: string;
}

export interface CampaignGrouping {
  /** True for a row of `contributions` that is a copy in a confirmed campaign (not its representative). */
  isGroupedCopy: () => RawBuilder<boolean>;
  /** True for a row of `contributions` that is a member of this confirmed campaign. */
  isMemberOf: (campaignId: string) => RawBuilder<boolean>;
  /** Of these contributions, the representatives of confirmed campaigns, with their campaign. */
  representedAmong: (db: Kysely<Database>, ids: string[]) => Promise<Map<string, GroupedCampaign>>;
  /** Whether the cycle has a confirmed campaign (the list offers grouping only then). */
  hasConfirmed: (db: Kysely<Database>, cycleId: string) => Promise<boolean>;
}

let registered: CampaignGrouping | undefined;

/** Registers how confirmed campaigns are grouped (campaigns' plugin, once). */
export function registerCampaignGrouping(grouping: CampaignGrouping): void {
  registered = grouping;
}

/** The registered grouping, if campaigns are part of the application. */
export function campaignGrouping(): CampaignGrouping | undefined {
  return registered;
}

/** Of these contributions, the representatives of confirmed campaigns (none when campaigns are absent). */
export async function groupedCampaignsAmong(
  db: Kysely<Database>,
  ids: string[],
): Promise<Map<string, GroupedCampaign>> {
  if (!registered || !ids.length) return new Map();
  return registered.representedAmong(db, ids);
}

/** Whether the cycle has a confirmed campaign to group (never when campaigns are absent). */
export async function cycleHasGroupedCampaigns(db: Kysely<Database>, cycleId: string): Promise<boolean> {
  return registered ? registered.hasConfirmed(db, cycleId) : false;
}
