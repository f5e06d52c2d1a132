// Other domains add their part of a cycle's page (the call, contributions, meetings) by registering a
// section provider here, so the forum's pages need not know every domain.
import type { Kysely } from "kysely";
import type { Actor } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import type { PageContext } from "../ui/page-context.js";
import type { CycleSection } from "./public/pages.js";
import type { CycleRow, ForumRow } from "./queries.js";

export type SectionProvider = (args: {
  db: Kysely<Database>;
  forum: ForumRow;
  cycle: CycleRow;
  ctx: PageContext;
  actor: Actor;
  now: Date;
}) => Promise<CycleSection | undefined>;

const providers: SectionProvider[] = [];

/** Registers a provider of a section on cycle pages. */
export function registerCycleSection(provider: SectionProvider): void {
  providers.push(provider);
}

/** Every registered section for a cycle, in registration order. */
export async function cycleSections(args: Parameters<SectionProvider>[0]): Promise<CycleSection[]> {
  const sections = await Promise.all(providers.map((p) => p(args)));
  return sections.filter((s): s is CycleSection => Boolean(s));
}

/** A link on a cycle's manage page: a catalogue key (given `{year}`) and a path under `/f/{forum}/{year}`. */
export interface CycleManageLink {
  labelKey: string;
  path: string;
}

const manageLinks: CycleManageLink[] = [];

/** Registers a domain's links in the "Work on this cycle" block of a cycle's manage page, in order. */
export function registerCycleManageLinks(links: CycleManageLink[]): void {
  manageLinks.push(...links);
}

/** Every registered manage link, as label key and full path for this forum and cycle. */
export function cycleManageLinks(forumSlug: string, year: number): { labelKey: string; href: string }[] {
  return manageLinks.map((l) => ({
    labelKey: l.labelKey,
    href: `/f/${forumSlug}/${year}/${l.path.replace(/^\//, "")}`,
  }));
}
