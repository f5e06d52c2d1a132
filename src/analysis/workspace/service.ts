// The cycle's analysis workspace: the contributions to code, and the excerpts gathered by theme or section,
// on the page and as .csv and .docx exports.
import type { Kysely } from "kysely";
import type { Actor } from "../../auth/index.js";
import { type ContributionRow, contributionById, contributionsPage } from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { notFound } from "../../server/errors.js";
import { codeTree } from "../codebook/tree.js";
import { CODABLE_STATUSES } from "../coding/service.js";
import { requireAnalysisMember } from "../policy.js";
import {
  type CodeRow,
  countExcerptsByCode,
  type ExcerptRow,
  selectCode,
  selectCodes,
  selectCycleExcerpts,
  selectExcerptCodes,
} from "../queries.js";

/** Where in the workspace, and who asks. */
export interface WorkspaceScope {
  db: Kysely<Database>;
  actor: Actor;
  forumId: string;
  cycleId: string;
}

/** The contributions a member can code, 50 at a time in arrival order, with the codebook's size. */
export async function viewWorkspace(scope: WorkspaceScope, after?: { receivedAt: Date; id: string }) {
  const { db, actor, forumId, cycleId } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const contributions = await contributionsPage(db, {
    cycleId,
    statuses: [...CODABLE_STATUSES],
    limit: 50,
    ...(after ? { after } : {}),
  });
  const codes = await selectCodes(db, cycleId);
  const counts = await countExcerptsByCode(db, cycleId);
  return { contributions, tree: codeTree(codes), counts };
}

/** How an excerpt is credited: the contributor's name (or their organisation; "anonymous" when they asked). */
export function contributorOf(
  c: Pick<ContributionRow, "consent" | "honorific" | "contributor_name" | "organisation">,
) {
  if (c.consent === "anonymous") return { name: null, anonymous: true };
  const name = [c.honorific, c.contributor_name].filter(Boolean).join(" ").trim();
  return { name: name || c.organisation || null, anonymous: false };
}

/** An excerpt with its codes and its contribution's reference and contributor. */
export interface ExcerptView extends ExcerptRow {
  codeIds: string[];
  reference: string | null;
  contributor: string | null;
  anonymous: boolean;
}

/**
 * A cycle's excerpts (only one code's, when given) with their codes and contributors, where they were last
 * found (each is found again when its contribution's text changes: see `registerTextChanged` in plugin.ts).
 */
export async function listExcerpts(scope: WorkspaceScope & { now: Date }, codeId?: string) {
  const { db, actor, forumId, cycleId } = scope;
  await requireAnalysisMember(db, actor, forumId);
  if (codeId !== undefined && !(await selectCode(db, cycleId, codeId)))
    throw notFound("This cycle's codebook has no such code.", { messageKey: "analysis.refusal.noCode" });
  const excerpts = await selectCycleExcerpts(db, cycleId, codeId);
  const codeIds = await selectExcerptCodes(
    db,
    excerpts.map((e) => e.id),
  );
  const contributions = new Map<string, ContributionRow | undefined>();
  for (const id of new Set(excerpts.map((e) => e.contribution_id)))
    contributions.set(id, await contributionById(db, id));
  const views = excerpts.map((e): ExcerptView => {
    const c = contributions.get(e.contribution_id);
    const who = c ? contributorOf(c) : { name: null, anonymous: false };
    return {
      ...e,
      codeIds: codeIds.get(e.id) ?? [],
      reference: c?.reference ?? null,
      contributor: who.name,
      anonymous: who.anonymous,
    };
  });
  const codes = await selectCodes(db, cycleId);
  return { excerpts: views, codes, tree: codeTree(codes) };
}

/** A heading with the excerpts under it, for the exports and the page. */
export interface ExcerptGroup {
  code: CodeRow | null;
  depth: number;
  excerpts: ExcerptView[];
}

/**
 * Excerpts under their headings: every theme or every section (by `kind`) in codebook order, each with the
 * excerpts that carry it; a last group (code null) holds the excerpts with none of that kind.
 */
export function groupExcerpts(
  excerpts: ExcerptView[],
  tree: ReturnType<typeof codeTree>,
  kind: "theme" | "section",
): ExcerptGroup[] {
  const groups: ExcerptGroup[] = tree
    .filter((n) => n.code.kind === kind)
    .map((n) => ({
      code: n.code,
      depth: n.depth,
      excerpts: excerpts.filter((e) => e.codeIds.includes(n.code.id)),
    }));
  const kindIds = new Set(groups.map((g) => g.code!.id));
  const none = excerpts.filter((e) => !e.codeIds.some((id) => kindIds.has(id)));
  if (none.length > 0) groups.push({ code: null, depth: 0, excerpts: none });
  return groups;
}
