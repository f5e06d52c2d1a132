// Drafting from the analysis: beside the editor, each output section of the codebook with the excerpts coded to
// it (F6) and the contributions the section already cites; inserting an excerpt into the text being edited; and
// where a contribution is cited, for its page ("Used in: <document> § <section>").
import type { Kysely } from "kysely";
import { type DraftingExcerpt, excerptsBySection } from "../../analysis/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { documentAccess, requireEditor } from "../policy.js";
import { selectLatestPublished } from "../queries.js";
import { noSuch } from "../refusals.js";
import type { PublishedTo } from "../tables.js";
import {
  citationsBySection,
  contributionReferenceIn,
  escapeMarkdown,
  footnoteLabel,
  insertCitation,
  type SectionCitations,
  sectionKey,
} from "./citation.js";

/** Where the document lives: its forum's slug and cycle's year (for links to contributions' pages). */
export interface DraftingPlace {
  forumSlug: string;
  year: number;
  /** The site's address, so a footnote's link works in an exported file too. */
  publicUrl: string;
}

/** A codebook section beside the editor: its excerpts, whether the text has it, what it already cites. */
export interface DraftingSection {
  name: string;
  depth: number;
  /** The heading's text in the document, when it has one. */
  heading: string | null;
  cites: string[];
  excerpts: (DraftingExcerpt & { inText: boolean })[];
}

/** The page of a contribution, absolute. */
export function contributionUrl(place: DraftingPlace, reference: string): string {
  return `${place.publicUrl.replace(/\/$/, "")}/f/${place.forumSlug}/${place.year}/contributions/${encodeURIComponent(reference)}`;
}

/** Which contributions each section of a text cites. */
export function sectionCitations(body: string, place: DraftingPlace): SectionCitations[] {
  return citationsBySection(body, (href) => contributionReferenceIn(href, place.forumSlug, place.year));
}

/** The cycle a text is drafted in (a document's, or the one a new document will belong to). */
export interface DraftingCycle {
  forum_id: string;
  cycle_id: string;
}

/** The codebook's output sections with their excerpts, matched to the text's headings (secretariat only). */
export async function draftingPanel(
  db: Kysely<Database>,
  args: { actor: Actor; document: DraftingCycle; body: string; place: DraftingPlace; now: Date },
): Promise<DraftingSection[]> {
  const access = await documentAccess(db, args.actor, args.document.forum_id);
  requireEditor(args.actor, access);
  const sections = await excerptsBySection(db, {
    actor: args.actor,
    forumId: args.document.forum_id,
    cycleId: args.document.cycle_id,
    now: args.now,
  });
  const cited = sectionCitations(args.body, args.place);
  return sections.map(({ section, excerpts }) => {
    const inText = cited.find((s) => s.heading >= 0 && sectionKey(s.title) === sectionKey(section.name));
    return {
      name: section.name,
      depth: section.depth,
      heading: inText?.title ?? null,
      cites: inText?.references ?? [],
      // An excerpt whose quote left its contribution is not offered: its words are no longer the contributor's.
      excerpts: excerpts
        .filter((e) => !e.orphan && e.reference)
        .map((e) => ({ ...e, inText: args.body.includes(escapeMarkdown(e.quote)) })),
    };
  });
}

/**
 * The text being edited with an excerpt added at the end of its section and a footnote citing its contribution
 * (`note` writes the footnote in the editor's language). Nothing is saved: the editor shows the new text.
 */
export async function insertExcerpt(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    document: DraftingCycle;
    body: string;
    excerptId: string;
    place: DraftingPlace;
    now: Date;
    note: (excerpt: DraftingExcerpt, url: string) => string;
  },
): Promise<string> {
  const sections = await draftingPanel(db, args);
  const found = sections
    .flatMap((s) => s.excerpts.map((e) => ({ s, e })))
    .find((x) => x.e.id === args.excerptId);
  if (!found?.e.reference) throw noSuch("excerpt");
  const url = contributionUrl(args.place, found.e.reference);
  return insertCitation(args.body, {
    section: found.s.heading ?? found.s.name,
    quote: found.e.quote,
    label: footnoteLabel(found.e.reference),
    note: args.note(found.e, url),
  });
}

/** A section of a document that cites a contribution. */
export interface ContributionUse {
  documentId: string;
  title: string;
  version: number;
  /** The section's heading ("" before the first heading) and its paragraph id. */
  section: string;
  paragraphId: string | null;
}

// A version's text never changes, so what its sections cite is read once per version (a few kept).
const citedByVersion = new Map<string, SectionCitations[]>();
const CACHED_VERSIONS = 64;

/** Where a contribution is cited in the latest published version of each of the cycle's documents. */
export async function contributionUses(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; cycleId: string; reference: string; place: DraftingPlace },
): Promise<ContributionUse[]> {
  const access = await documentAccess(db, args.actor, args.forumId);
  const audiences: PublishedTo[] = access.member ? ["members", "public"] : ["public"];
  const uses: ContributionUse[] = [];
  for (const latest of await selectLatestPublished(db, args.cycleId, audiences)) {
    let cited = citedByVersion.get(latest.id);
    if (!cited) {
      cited = sectionCitations(latest.body, args.place);
      if (citedByVersion.size >= CACHED_VERSIONS)
        citedByVersion.delete(citedByVersion.keys().next().value ?? "");
      citedByVersion.set(latest.id, cited);
    }
    for (const section of cited)
      if (section.references.includes(args.reference))
        uses.push({
          documentId: latest.document_id,
          title: latest.title,
          version: latest.number,
          section: section.title,
          paragraphId: latest.block_ids[section.heading] ?? null,
        });
  }
  return uses;
}
