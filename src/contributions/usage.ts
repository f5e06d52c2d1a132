// Other domains say where a contribution was used (the output document: "Used in: <document> § <section>") by
// registering a provider here, so a contribution's page need not know them.
import type { Kysely } from "kysely";
import type { Actor } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import type { CycleRow, ForumRow } from "../forums/index.js";
import type { PageContext } from "../ui/page-context.js";

/** A block on a contribution's page: a heading and the places the contribution was used, each linked. */
export interface ContributionUsage {
  key: string;
  title: string;
  uses: { label: string; href: string }[];
}

export type UsageProvider = (args: {
  db: Kysely<Database>;
  forum: ForumRow;
  cycle: CycleRow;
  reference: string;
  ctx: PageContext;
  actor: Actor;
}) => Promise<ContributionUsage | undefined>;

const providers: UsageProvider[] = [];

/** Registers a provider of "where this contribution was used" on contribution pages. */
export function registerContributionUsage(provider: UsageProvider): void {
  providers.push(provider);
}

/** Every registered provider's uses of a contribution, the empty ones left out. */
export async function contributionUsages(args: Parameters<UsageProvider>[0]): Promise<ContributionUsage[]> {
  const found = await Promise.all(providers.map((p) => p(args)));
  return found.filter((u): u is ContributionUsage => Boolean(u?.uses.length));
}
