import type { Generated } from "kysely";

export type CampaignStatus = "detected" | "confirmed" | "dismissed";
export type CampaignRunStatus = "queued" | "running" | "done" | "failed";

/** The `campaign_runs` table: one full detection over a cycle, with its progress. */
export interface CampaignRunsTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  status: Generated<CampaignRunStatus>;
  processed: Generated<number>;
  campaigns: Generated<number>;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Generated<Date>;
}

/** The `campaigns` table: contributions found to be copies of one letter. */
export interface CampaignsTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  size: number;
  representative_id: string;
  /** The start of the representative's text, kept so the list needs no contribution read. */
  excerpt: Generated<string>;
  first_at: Date | null;
  last_at: Date | null;
  status: Generated<CampaignStatus>;
  decided_at: Date | null;
  created_at: Generated<Date>;
}

/** The `campaign_members` table: a campaign's contributions in arrival order. */
export interface CampaignMembersTable {
  campaign_id: string;
  contribution_id: string;
  position: number;
}

/** The `campaign_texts` table: what intake assignment keeps of each received contribution. */
export interface CampaignTextsTable {
  contribution_id: string;
  /** Which box of the contribution (0 its own text, then answers and files in order). */
  part: number;
  cycle_id: string;
  /** fingerprintOf's exact-copy key (16 hex digits). */
  exact_key: string;
  /** The MinHash signature, 128 little-endian int32; null for an exact copy of an earlier text. */
  signature: Uint8Array | null;
  campaign_id: string | null;
}

/** The `campaign_buckets` table: the first text seen in each LSH bucket of a cycle (the band folded into the key). */
export interface CampaignBucketsTable {
  cycle_id: string;
  band_key: number;
  representative_id: string;
  representative_part: number;
}

export interface CampaignTables {
  campaign_texts: CampaignTextsTable;
  campaign_buckets: CampaignBucketsTable;
  campaign_runs: CampaignRunsTable;
  campaigns: CampaignsTable;
  campaign_members: CampaignMembersTable;
}
