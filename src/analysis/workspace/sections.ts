// The excerpts coded to each output section of a cycle, for the output document's drafting (F8): the documents
// folder shows them beside the document's sections and cites their contributions.
import type { Kysely } from "kysely";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { groupExcerpts, listExcerpts } from "./service.js";

/** An excerpt as a drafter cites it: the quote, its contribution's reference and who to credit. */
export interface DraftingExcerpt {
  id: string;
  quote: string;
  contributionId: string;
  reference: string | null;
  /** The contributor's name or organisation; null when they asked to stay anonymous. */
  contributor: string | null;
  anonymous: boolean;
  proposal: boolean;
  /** The quote is no longer in its contribution's current text. */
  orphan: boolean;
}

/** An output section of the codebook with the excerpts coded to it, in codebook order. */
export interface SectionExcerpts {
  section: { id: string; name: string; depth: number };
  excerpts: DraftingExcerpt[];
}

/** The cycle's output sections, each with its excerpts (only a member of the forum may ask). */
export async function excerptsBySection(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; cycleId: string; now: Date },
): Promise<SectionExcerpts[]> {
  const { excerpts, tree } = await listExcerpts({ db, ...args });
  return groupExcerpts(excerpts, tree, "section").flatMap((group) =>
    group.code
      ? [
          {
            section: { id: group.code.id, name: group.code.name, depth: group.depth },
            excerpts: group.excerpts.map((e) => ({
              id: e.id,
              quote: e.quote,
              contributionId: e.contribution_id,
              reference: e.reference,
              contributor: e.contributor,
              anonymous: e.anonymous,
              proposal: e.proposal,
              orphan: e.anchor_status === "orphan",
            })),
          },
        ]
      : [],
  );
}
