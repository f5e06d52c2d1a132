// A cycle's codebook: themes (nested through their parent) and the output document's sections. Members
// create, rename, reorder, merge and delete codes, and move the whole codebook in and out as CSV. Each change
// checks the policy, then writes its rows and its audit row in one transaction.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { AppError, type FieldErrors, invalid, isUniqueViolation, notFound } from "../../server/errors.js";
import { csvLine, readCsv } from "../csv.js";
import { requireAnalysisMember } from "../policy.js";
import {
  type CodeRow,
  countExcerptsByCode,
  deleteCode as deleteCodeRow,
  insertCode,
  moveExcerptCodes,
  nextCodePosition,
  reparentChildren,
  selectCode,
  selectCodes,
  updateCode,
} from "../queries.js";
import type { CodeKind } from "../tables.js";
import { type CodeNode, codeTree, isWithin } from "./tree.js";

export type { CodeNode, CodeRow };
export const CODE_KINDS: readonly CodeKind[] = ["theme", "section"];
export const NAME_MAX = 200;

/** Where a codebook change happens and who makes it. */
export interface CodebookScope {
  db: Kysely<Database>;
  actor: Actor;
  forumId: string;
  cycleId: string;
  now: Date;
}

/** What a new code is made of, as typed or sent. */
export interface CodeInput {
  name: string;
  kind: string;
  parent_id?: string | null;
  description?: string;
}

/** The cycle's codebook as a tree (themes first, then sections) with each code's number of excerpts. */
export async function viewCodebook(scope: Omit<CodebookScope, "now">) {
  await requireAnalysisMember(scope.db, scope.actor, scope.forumId);
  const codes = await selectCodes(scope.db, scope.cycleId);
  const counts = await countExcerptsByCode(scope.db, scope.cycleId);
  return { codes, tree: codeTree(codes), counts };
}

function cleanName(name: string | undefined, fields: FieldErrors): string {
  const clean = (name ?? "").replace(/\s+/g, " ").trim();
  if (!clean) fields.name = "analysis.codebook.error.nameMissing";
  else if (clean.length > NAME_MAX) fields.name = "analysis.codebook.error.nameLong";
  return clean;
}

const duplicate = () =>
  new AppError("conflict", "The codebook already has a code of this kind with this name.", {
    messageKey: "analysis.codebook.error.nameTaken",
    fields: { name: "analysis.codebook.error.nameTaken" },
  });

/** Adds a theme or section (under a parent of the same kind, if given). */
export async function createCode(scope: CodebookScope, input: CodeInput): Promise<CodeRow> {
  const { db, actor, forumId, cycleId } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const fields: FieldErrors = {};
  const name = cleanName(input.name, fields);
  const kind = CODE_KINDS.find((k) => k === input.kind);
  if (!kind) fields.kind = "analysis.codebook.error.kind";
  const parentId = input.parent_id ? input.parent_id : null;
  if (parentId && kind) {
    const parent = await selectCode(db, cycleId, parentId);
    if (!parent || parent.kind !== kind) fields.parent_id = "analysis.codebook.error.parent";
  }
  if (Object.keys(fields).length > 0 || !kind)
    throw invalid("The code cannot be saved as it is.", fields, {
      messageKey: "analysis.refusal.codeUnsaved",
    });
  try {
    return await inTransaction(db, async (trx) => {
      const row = await insertCode(trx, {
        forum_id: forumId,
        cycle_id: cycleId,
        kind,
        name,
        description: (input.description ?? "").trim().slice(0, 2000),
        parent_id: parentId,
        position: await nextCodePosition(trx, cycleId, kind, parentId),
      });
      await recordAudit(trx, {
        actor,
        forumId,
        action: "analysis.code.create",
        subjectType: "analysis_code",
        subjectId: row.id,
        after: { kind, name, parent_id: parentId },
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

async function codeOf(scope: Pick<CodebookScope, "db" | "cycleId">, id: string): Promise<CodeRow> {
  const code = await selectCode(scope.db, scope.cycleId, id);
  if (!code)
    throw notFound("This cycle's codebook has no such code.", { messageKey: "analysis.refusal.noCode" });
  return code;
}

/** Renames a code. */
export async function renameCode(scope: CodebookScope, id: string, newName: string): Promise<CodeRow> {
  const { db, actor, forumId, now } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const code = await codeOf(scope, id);
  const fields: FieldErrors = {};
  const name = cleanName(newName, fields);
  if (Object.keys(fields).length > 0)
    throw invalid("The name cannot be saved as it is.", fields, {
      messageKey: "analysis.refusal.nameUnsaved",
    });
  try {
    await inTransaction(db, async (trx) => {
      await updateCode(trx, id, { name }, now);
      await recordAudit(trx, {
        actor,
        forumId,
        action: "analysis.code.rename",
        subjectType: "analysis_code",
        subjectId: id,
        before: { name: code.name },
        after: { name },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
  return { ...code, name };
}

/** Moves a code one place up or down among its siblings. */
export async function moveCode(scope: CodebookScope, id: string, direction: "up" | "down"): Promise<void> {
  const { db, actor, forumId, cycleId, now } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const code = await codeOf(scope, id);
  await inTransaction(db, async (trx) => {
    const siblings = (await selectCodes(trx, cycleId)).filter(
      (c) => c.kind === code.kind && c.parent_id === code.parent_id,
    );
    const at = siblings.findIndex((c) => c.id === id);
    const other = siblings[direction === "up" ? at - 1 : at + 1];
    if (!other) return;
    // Renumber the siblings in their new order, so equal positions (from an import) cannot stall a move.
    const order = siblings.map((c) => c.id);
    order[at] = other.id;
    order[siblings.indexOf(other)] = id;
    for (const [position, codeId] of order.entries()) await updateCode(trx, codeId, { position }, now);
    await recordAudit(trx, {
      actor,
      forumId,
      action: "analysis.code.move",
      subjectType: "analysis_code",
      subjectId: id,
      after: { direction },
    });
  });
}

/** Merges one code into another of the same kind: its excerpts and children follow the survivor. */
export async function mergeCodes(scope: CodebookScope, fromId: string, intoId: string): Promise<CodeRow> {
  const { db, actor, forumId, cycleId } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const from = await codeOf(scope, fromId);
  const into = await codeOf(scope, intoId);
  if (from.id === into.id || from.kind !== into.kind)
    throw invalid(
      "A code merges into another code of the same kind.",
      {
        into: "analysis.codebook.error.mergeTarget",
      },
      { messageKey: "analysis.codebook.error.mergeTarget" },
    );
  await inTransaction(db, async (trx) => {
    const codes = await selectCodes(trx, cycleId);
    // The survivor may sit below the merged code: it moves up to the merged code's parent first.
    if (isWithin(codes, into.id, from.id))
      await updateCode(trx, into.id, { parent_id: from.parent_id }, scope.now);
    await reparentChildren(trx, from.id, into.id);
    const moved = await moveExcerptCodes(trx, from.id, into.id);
    await deleteCodeRow(trx, from.id);
    await recordAudit(trx, {
      actor,
      forumId,
      action: "analysis.code.merge",
      subjectType: "analysis_code",
      subjectId: into.id,
      before: { merged: from.name, merged_id: from.id },
      after: { into: into.name, excerpts_moved: moved },
    });
  });
  return into;
}

/** Deletes a code: its children move up to its parent; its excerpts stay, without this code. */
export async function deleteCode(scope: CodebookScope, id: string): Promise<void> {
  const { db, actor, forumId } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const code = await codeOf(scope, id);
  await inTransaction(db, async (trx) => {
    await reparentChildren(trx, id, code.parent_id);
    await deleteCodeRow(trx, id);
    await recordAudit(trx, {
      actor,
      forumId,
      action: "analysis.code.delete",
      subjectType: "analysis_code",
      subjectId: id,
      before: { kind: code.kind, name: code.name },
    });
  });
}

export const CSV_HEADER = ["kind", "name", "parent", "description"] as const;

/** The codebook as CSV: kind, name, parent's name, description; parents before their children. */
export async function exportCodebookCsv(scope: Omit<CodebookScope, "now">): Promise<string> {
  const { tree } = await viewCodebook(scope);
  const byId = new Map(tree.map((n) => [n.code.id, n.code]));
  return [
    csvLine([...CSV_HEADER]),
    ...tree.map(({ code }) =>
      csvLine([
        code.kind,
        code.name,
        code.parent_id ? (byId.get(code.parent_id)?.name ?? "") : "",
        code.description,
      ]),
    ),
  ].join("");
}

/** One row of an import that cannot be taken, by the file's line number. */
export interface ImportProblem {
  line: number;
  /** A message key of the analysis catalogue. */
  reason: string;
  name: string;
}

/** Thrown when an import has problems: nothing of it was written. */
export class CodebookImportError extends AppError {
  constructor(readonly problems: ImportProblem[]) {
    super("invalid", `The codebook file has ${problems.length} problem(s); nothing was imported.`);
  }
}

/**
 * Imports a codebook CSV (the export's columns; `kind` and `name` required): new codes are added, codes
 * already there (same kind and name) take the file's parent and description. Every row is checked first, and
 * any problem refuses the whole file, naming the rows; otherwise all of it is written in one transaction.
 */
export async function importCodebookCsv(
  scope: CodebookScope,
  csv: string,
): Promise<{ created: number; updated: number }> {
  const { db, actor, forumId, cycleId, now } = scope;
  await requireAnalysisMember(db, actor, forumId);
  const rows = readCsv(csv);
  if (!rows || rows.length === 0)
    throw new CodebookImportError([{ line: 1, reason: "analysis.import.unreadable", name: "" }]);
  const header = rows[0]!.cells.map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col("kind") < 0 || col("name") < 0)
    throw new CodebookImportError([{ line: rows[0]!.line, reason: "analysis.import.header", name: "" }]);
  const problems: ImportProblem[] = [];
  const entries: { line: number; kind: CodeKind; name: string; parent: string; description: string }[] = [];
  const seen = new Set<string>();
  for (const { cells, line } of rows.slice(1)) {
    const cell = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? "").trim() : "");
    const name = cell("name").replace(/\s+/g, " ");
    const kind = CODE_KINDS.find((k) => k === cell("kind").toLowerCase());
    if (!kind) problems.push({ line, reason: "analysis.import.kind", name });
    else if (!name) problems.push({ line, reason: "analysis.import.nameMissing", name });
    else if (name.length > NAME_MAX) problems.push({ line, reason: "analysis.import.nameLong", name });
    else if (seen.has(`${kind}\u0000${name.toLowerCase()}`))
      problems.push({ line, reason: "analysis.import.duplicate", name });
    else {
      seen.add(`${kind}\u0000${name.toLowerCase()}`);
      entries.push({
        line,
        kind,
        name,
        parent: cell("parent").replace(/\s+/g, " "),
        description: cell("description"),
      });
    }
  }
  const existing = await selectCodes(db, cycleId);
  const known = (kind: CodeKind, name: string) =>
    seen.has(`${kind}\u0000${name.toLowerCase()}`) ||
    existing.some((c) => c.kind === kind && c.name.toLowerCase() === name.toLowerCase());
  for (const entry of entries) {
    if (!entry.parent) continue;
    if (entry.parent.toLowerCase() === entry.name.toLowerCase())
      problems.push({ line: entry.line, reason: "analysis.import.selfParent", name: entry.name });
    else if (!known(entry.kind, entry.parent))
      problems.push({ line: entry.line, reason: "analysis.import.parentMissing", name: entry.name });
  }
  // A parent chain that loops (a under b, b under a) through the file's rows.
  const parentOf = new Map(
    entries.map((e) => [`${e.kind}\u0000${e.name.toLowerCase()}`, e.parent.toLowerCase()]),
  );
  for (const entry of entries) {
    const visited = new Set<string>();
    let current: string | undefined = entry.name.toLowerCase();
    while (current) {
      if (visited.has(current)) {
        problems.push({ line: entry.line, reason: "analysis.import.loop", name: entry.name });
        break;
      }
      visited.add(current);
      current = parentOf.get(`${entry.kind}\u0000${current}`) || undefined;
    }
  }
  if (problems.length > 0) throw new CodebookImportError(problems.sort((a, b) => a.line - b.line));

  return inTransaction(db, async (trx) => {
    let created = 0;
    let updated = 0;
    const ids = new Map<string, string>();
    for (const code of existing) ids.set(`${code.kind}\u0000${code.name.toLowerCase()}`, code.id);
    // First every code exists, then each takes its parent (a child may come before its parent in the file).
    for (const entry of entries) {
      const key = `${entry.kind}\u0000${entry.name.toLowerCase()}`;
      const id = ids.get(key);
      if (id) {
        await updateCode(trx, id, { description: entry.description }, now);
        updated++;
      } else {
        const row = await insertCode(trx, {
          forum_id: forumId,
          cycle_id: cycleId,
          kind: entry.kind,
          name: entry.name,
          description: entry.description,
          parent_id: null,
          position: entry.line,
        });
        ids.set(key, row.id);
        created++;
      }
    }
    const codes = await selectCodes(trx, cycleId);
    for (const entry of entries) {
      const id = ids.get(`${entry.kind}\u0000${entry.name.toLowerCase()}`)!;
      const parentId = entry.parent
        ? (ids.get(`${entry.kind}\u0000${entry.parent.toLowerCase()}`) ?? null)
        : null;
      // A parent already in the database whose own parent is the entry would make a loop: refuse the file.
      if (parentId && isWithin(codes, parentId, id))
        throw new CodebookImportError([
          { line: entry.line, reason: "analysis.import.loop", name: entry.name },
        ]);
      await updateCode(trx, id, { parent_id: parentId }, now);
      const code = codes.find((c) => c.id === id);
      if (code) code.parent_id = parentId;
    }
    await recordAudit(trx, {
      actor,
      forumId,
      action: "analysis.codebook.import",
      subjectType: "cycle",
      subjectId: cycleId,
      after: { created, updated },
    });
    return { created, updated };
  });
}
