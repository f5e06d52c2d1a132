// Other domains add their part of a cycle's page (the call, contributions, meetings) by registering a
// section provider here, so the forum's pages need not know every domain.
import type { Kysely } from "kysely";
import type { Actor } from "../auth/actor.js";
import type { Database } from "../db/schema.js";
import type { PageContext } from "../ui/page-context.js";
import type { CycleSection } from "./pages.js";
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
