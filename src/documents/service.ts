// The documents' work: creating a document, saving versions (each block keeping its id from the version before
// when it is the same or a reworded block), publishing a version, comparing two, and comments on a published
// version with where each sits in any later version. Every change writes its audit row in its transaction.
import type { Kysely } from "kysely";
import { anchorFor, reanchor } from "../anchoring/index.js";
import { recordAudit } from "../audit/index.js";
import { type Actor, findUserById } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { cycleMilestones, endOfDayInZone, instantToZoned, parsePlainDate } from "../forums/index.js";
import { AppError, type FieldErrors } from "../server/errors.js";
import type { CommentLimiter } from "./comment-limits.js";
import { compareVersions, type ParagraphChange } from "./diff.js";
import { type ParsedBlock, parseBlocks } from "./markdown.js";
import { type IdentifiedBlock, matchBlockIds } from "./paragraph-ids.js";
import { type DocumentAccess, documentAccess, mayRead, requireEditor, requireReadable } from "./policy.js";
import {
  type CommentRow,
  type DocumentRow,
  insertComment,
  insertDocument,
  insertVersion,
  lockLatestNumber,
  selectComments,
  selectDocument,
  selectDocumentsOfCycle,
  selectVersions,
  touchDocument,
  updatePublication,
  updateReviewDates,
  type VersionRow,
} from "./queries.js";
import { incomplete, noSuch } from "./refusals.js";
import type { CommentChannel, DocumentKind, PublishedTo } from "./tables.js";

export const DOCUMENT_KINDS: DocumentKind[] = ["output", "introduction", "background"];
export const PUBLISH_TO: PublishedTo[] = ["none", "members", "public"];
export const CHANNELS: CommentChannel[] = ["online", "meeting", "mailing_list", "email"];
/** The longest body and comment accepted, in characters. */
export const MAX_BODY_LENGTH = 500_000;
export const MAX_COMMENT_LENGTH = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A real calendar day written YYYY-MM-DD: "2017-02-30" has the shape but would break the page that shows it. */
const isDate = (value: string): boolean => parsePlainDate(value) !== null;

/** A forum and one of its cycles, as the services take them. */
export interface Place {
  forum: { id: string; slug: string; name: string };
  cycle: { id: string; year: number };
}

/** A block of a version: its id, what it parsed to. */
export interface VersionBlock {
  id: string;
  block: ParsedBlock;
}

/** The blocks of a version, each with its stable id. */
export function blocksOf(version: Pick<VersionRow, "body" | "block_ids">): VersionBlock[] {
  return parseBlocks(version.body).map((block, i) => ({ id: version.block_ids[i] ?? `x${i}`, block }));
}

function identified(version: Pick<VersionRow, "body" | "block_ids">): IdentifiedBlock[] {
  return blocksOf(version).map((b) => ({ id: b.id, text: b.block.source }));
}

const newBlockId = () => crypto.randomUUID().slice(0, 8);

async function loadDocument(db: Kysely<Database>, actor: Actor, id: string) {
  const document = UUID.test(id) ? await selectDocument(db, id) : undefined;
  if (!document) throw noSuch("document");
  const access = await documentAccess(db, actor, document.forum_id);
  return { document, access };
}

function cleanBody(body: string | undefined, fields: FieldErrors): string {
  const text = (body ?? "").replace(/\r\n?/g, "\n").trim();
  if (!text) fields.body = "documents.error.bodyEmpty";
  else if (text.length > MAX_BODY_LENGTH) fields.body = "documents.error.bodyLong";
  return text;
}

function publishOf(value: string | undefined, fields: FieldErrors): PublishedTo {
  const to = (value || "none") as PublishedTo;
  if (!PUBLISH_TO.includes(to)) fields.publish = "documents.error.publish";
  return to;
}

/** What the new-document form and the API send. */
export interface DocumentInput {
  kind?: string;
  title?: string;
  body?: string;
  note?: string;
  review_opens?: string;
  review_closes?: string;
}

/** The review dates typed (YYYY-MM-DD, blank for none), each refusal by its field: closes not before opens. */
function reviewDatesOf(
  input: { review_opens?: string; review_closes?: string },
  fields: FieldErrors,
): { opens: string | null; closes: string | null } {
  const opens = (input.review_opens ?? "").trim() || null;
  const closes = (input.review_closes ?? "").trim() || null;
  if (opens && !isDate(opens)) fields.review_opens = "documents.error.date";
  if (closes && !isDate(closes)) fields.review_closes = "documents.error.date";
  if (opens && closes && isDate(opens) && isDate(closes) && closes < opens)
    fields.review_closes = "documents.error.closesBeforeOpens";
  return { opens, closes };
}

/** Creates a document with its first version (unpublished). */
export async function createDocument(
  db: Kysely<Database>,
  args: { actor: Actor; place: Place; input: DocumentInput; now: Date },
): Promise<{ document: DocumentRow; version: VersionRow }> {
  const access = await documentAccess(db, args.actor, args.place.forum.id);
  requireEditor(args.actor, access);
  const fields: FieldErrors = {};
  const kind = (args.input.kind || "output") as DocumentKind;
  if (!DOCUMENT_KINDS.includes(kind)) fields.kind = "documents.error.kind";
  const title = (args.input.title ?? "").trim();
  if (!title || title.length > 300) fields.title = "documents.error.title";
  const body = cleanBody(args.input.body, fields);
  const { opens, closes } = reviewDatesOf(args.input, fields);
  if (Object.keys(fields).length) throw incomplete("document", fields);
  return inTransaction(db, async (trx) => {
    const document = await insertDocument(trx, {
      forum_id: args.place.forum.id,
      cycle_id: args.place.cycle.id,
      kind,
      title,
      review_opens: opens,
      review_closes: closes,
      created_at: args.now,
      updated_at: args.now,
    });
    const ids = parseBlocks(body).map(newBlockId);
    const version = await insertVersion(trx, {
      document_id: document.id,
      number: 1,
      body,
      block_ids: JSON.stringify(ids),
      note: (args.input.note ?? "").trim(),
      created_by: args.actor.kind === "user" ? args.actor.userId : null,
      created_at: args.now,
    });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: document.forum_id,
      action: "document.create",
      subjectType: "document",
      subjectId: document.id,
      after: { kind, title, version: 1 },
    });
    return { document, version };
  });
}

/** Saves a new version (paragraph ids carried over from the latest), published as asked. */
export async function saveVersion(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    documentId: string;
    input: { body?: string; note?: string; publish?: string };
    now: Date;
  },
): Promise<VersionRow> {
  const { document, access } = await loadDocument(db, args.actor, args.documentId);
  requireEditor(args.actor, access);
  const fields: FieldErrors = {};
  const body = cleanBody(args.input.body, fields);
  const publish = publishOf(args.input.publish, fields);
  if (Object.keys(fields).length) throw incomplete("version", fields);
  return inTransaction(db, async (trx) => {
    const latest = await lockLatestNumber(trx, document.id);
    const versions = await selectVersions(trx, document.id);
    const previous = versions.at(-1);
    const texts = parseBlocks(body).map((b) => b.source);
    const ids = matchBlockIds(previous ? identified(previous) : [], texts, newBlockId);
    const version = await insertVersion(trx, {
      document_id: document.id,
      number: latest + 1,
      body,
      block_ids: JSON.stringify(ids),
      note: (args.input.note ?? "").trim(),
      published_to: publish,
      published_at: publish === "none" ? null : args.now,
      created_by: args.actor.kind === "user" ? args.actor.userId : null,
      created_at: args.now,
    });
    await touchDocument(trx, document.id, args.now);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: document.forum_id,
      action: "document.version",
      subjectType: "document",
      subjectId: document.id,
      after: { version: version.number, published_to: publish },
    });
    return version;
  });
}

/** Sets or changes a document's own public review dates (the cycle's review milestones still win when set). */
export async function setReviewDates(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    documentId: string;
    input: { review_opens?: string; review_closes?: string };
    now: Date;
  },
): Promise<DocumentRow> {
  const { document, access } = await loadDocument(db, args.actor, args.documentId);
  requireEditor(args.actor, access);
  const fields: FieldErrors = {};
  const { opens, closes } = reviewDatesOf(args.input, fields);
  if (Object.keys(fields).length) throw incomplete("document", fields);
  return inTransaction(db, async (trx) => {
    await updateReviewDates(trx, document.id, { review_opens: opens, review_closes: closes }, args.now);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: document.forum_id,
      action: "document.review_dates",
      subjectType: "document",
      subjectId: document.id,
      before: { review_opens: document.review_opens, review_closes: document.review_closes },
      after: { review_opens: opens, review_closes: closes },
    });
    return { ...document, review_opens: opens, review_closes: closes, updated_at: args.now };
  });
}

/** Publishes a saved version to the forum's members or the public (or withdraws it to the secretariat). */
export async function publishVersion(
  db: Kysely<Database>,
  args: { actor: Actor; documentId: string; number: number; to: string; now: Date },
): Promise<VersionRow> {
  const { document, access } = await loadDocument(db, args.actor, args.documentId);
  requireEditor(args.actor, access);
  const fields: FieldErrors = {};
  const to = publishOf(args.to, fields);
  if (Object.keys(fields).length)
    throw new AppError("invalid", "Publish to whom?", { fields, messageKey: "documents.error.publish" });
  return inTransaction(db, async (trx) => {
    const version = (await selectVersions(trx, document.id)).find((v) => v.number === args.number);
    if (!version) throw noSuch("version");
    await updatePublication(trx, version.id, to, to === "none" ? null : args.now);
    await recordAudit(trx, {
      actor: args.actor,
      forumId: document.forum_id,
      action: "document.publish",
      subjectType: "document",
      subjectId: document.id,
      before: { version: version.number, published_to: version.published_to },
      after: { version: version.number, published_to: to },
    });
    return { ...version, published_to: to, published_at: to === "none" ? null : args.now };
  });
}

/** The documents of a cycle the actor may read, each with its latest readable version. */
export async function cycleDocuments(db: Kysely<Database>, args: { actor: Actor; place: Place }) {
  const access = await documentAccess(db, args.actor, args.place.forum.id);
  const out: { document: DocumentRow; latest: VersionRow }[] = [];
  for (const document of await selectDocumentsOfCycle(db, args.place.cycle.id)) {
    const readable = (await selectVersions(db, document.id)).filter((v) => mayRead(access, v.published_to));
    const latest = readable.at(-1);
    if (latest) out.push({ document, latest });
  }
  return { access, documents: out };
}

/** When public comments are taken, and the zone (and whether a whole day) its closing is told in. */
export interface ReviewWindow {
  opens: Date | null;
  closes: Date | null;
  /** The zone the closing is shown in: the milestone's own, or UTC for the document's own dates. */
  zone: string;
  /** The review closes at the end of a day (shown as that day), not at a time of day. */
  allDay: boolean;
  /** What decides the window: the cycle's review milestones, or the document's own dates. */
  source: "milestones" | "document";
}

/** When public comments are taken: the cycle's review milestones, else the document's own dates (UTC days). */
export async function reviewWindow(db: Kysely<Database>, document: DocumentRow): Promise<ReviewWindow> {
  const milestones = await cycleMilestones(db, document.cycle_id);
  const opensAt = milestones.find((m) => m.kind === "review_opens");
  const closesAt = milestones.find((m) => m.kind === "review_closes");
  if (opensAt || closesAt) {
    const closes = closesAt
      ? closesAt.all_day
        ? (() => {
            const d = instantToZoned(closesAt.at, closesAt.time_zone);
            const day = `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
            return endOfDayInZone(day, closesAt.time_zone);
          })()
        : closesAt.at
      : null;
    return {
      opens: opensAt?.at ?? null,
      closes,
      zone: closesAt?.time_zone ?? opensAt?.time_zone ?? "UTC",
      allDay: closesAt?.all_day ?? true,
      source: "milestones",
    };
  }
  return {
    opens: document.review_opens ? new Date(`${document.review_opens}T00:00:00Z`) : null,
    closes: document.review_closes ? endOfDayInZone(document.review_closes, "UTC") : null,
    zone: "UTC",
    allDay: true,
    source: "document",
  };
}

/** Whether the public review is open at `now` (a window with no opening date has not opened). */
export function isReviewOpen(window: { opens: Date | null; closes: Date | null }, now: Date): boolean {
  if (!window.opens || now < window.opens) return false;
  return !window.closes || now <= window.closes;
}

/** Where a comment sits in a version. */
export type CommentPlace =
  | { kind: "paragraph"; paragraphId: string }
  | { kind: "quote"; paragraphId: string; start: number; end: number; confidence: string }
  | { kind: "orphan"; version: number };

/** Places a comment in a version: by paragraph id first, then by its quote and context, else an orphan. */
export function placeComment(
  comment: Pick<CommentRow, "paragraph_id" | "quote" | "prefix" | "suffix" | "quote_start" | "quote_end">,
  blocks: VersionBlock[],
  commentedVersion: number,
): CommentPlace {
  const own = blocks.find((b) => b.id === comment.paragraph_id);
  if (!comment.quote)
    return own ? { kind: "paragraph", paragraphId: own.id } : { kind: "orphan", version: commentedVersion };
  const anchor = {
    quote: comment.quote,
    prefix: comment.prefix ?? "",
    suffix: comment.suffix ?? "",
    start: comment.quote_start ?? 0,
    end: comment.quote_end ?? 0,
  };
  const candidates = own ? [own, ...blocks.filter((b) => b !== own)] : blocks;
  const rank = { exact: 0, moved: 1, fuzzy: 2 } as const;
  let best: CommentPlace | undefined;
  let bestRank = 3;
  for (const candidate of candidates) {
    // Fuzzy matching only inside the comment's own paragraph: elsewhere a changed quote is too weak a clue.
    const match = reanchor(anchor, candidate.block.text, { fuzzy: candidate === own });
    if (!match) continue;
    const r = candidate === own ? -1 : rank[match.confidence];
    if (r < bestRank) {
      best = {
        kind: "quote",
        paragraphId: candidate.id,
        start: match.start,
        end: match.end,
        confidence: match.confidence,
      };
      bestRank = r;
    }
    if (candidate === own) break;
  }
  return best ?? { kind: "orphan", version: commentedVersion };
}

/** A comment as a reader sees it in a version: where it sits, who made it, its replies. */
export interface PlacedComment {
  row: CommentRow;
  authorName: string;
  version: number;
  place: CommentPlace;
  replies: { row: CommentRow; authorName: string }[];
}

async function nameOf(db: Kysely<Database>, row: CommentRow, names: Map<string, string>): Promise<string> {
  if (row.on_behalf_of) return row.on_behalf_of;
  if (!row.author_id) return "";
  if (!names.has(row.author_id))
    names.set(row.author_id, (await findUserById(db, row.author_id))?.name ?? "");
  return names.get(row.author_id) ?? "";
}

/** A version of a document as the actor may read it, with the comments placed in it. */
export async function documentView(
  db: Kysely<Database>,
  args: { actor: Actor; documentId: string; number?: number; now: Date },
) {
  const { document, access } = await loadDocument(db, args.actor, args.documentId);
  const all = await selectVersions(db, document.id);
  const versions = all.filter((v) => mayRead(access, v.published_to));
  const version =
    args.number === undefined ? versions.at(-1) : versions.find((v) => v.number === args.number);
  if (!version) throw noSuch("document");
  requireReadable(access, version.published_to);
  const blocks = blocksOf(version);
  const numberOf = new Map(all.map((v) => [v.id, v.number]));
  const readableIds = new Set(versions.map((v) => v.id));
  const rows = (await selectComments(db, document.id)).filter(
    (c) => readableIds.has(c.version_id) && (numberOf.get(c.version_id) ?? 0) <= version.number,
  );
  const names = new Map<string, string>();
  const comments: PlacedComment[] = [];
  const byId = new Map<string, PlacedComment>();
  // Comments first, then replies: a reply made in the same instant as its comment may sort before it.
  const ordered = [...rows.filter((r) => !r.parent_id), ...rows.filter((r) => r.parent_id)];
  for (const row of ordered) {
    const authorName = await nameOf(db, row, names);
    const parent = row.parent_id ? byId.get(row.parent_id) : undefined;
    if (parent) {
      parent.replies.push({ row, authorName });
      continue;
    }
    const commented = numberOf.get(row.version_id) ?? 0;
    const placed = {
      row,
      authorName,
      version: commented,
      place: placeComment(row, blocks, commented),
      replies: [],
    };
    byId.set(row.id, placed);
    comments.push(placed);
  }
  const window = await reviewWindow(db, document);
  return {
    document,
    access,
    versions,
    version,
    blocks,
    comments,
    window,
    reviewOpen: isReviewOpen(window, args.now),
  };
}

/** The versions of a document the actor may read, first to last. */
export async function readableVersions(
  db: Kysely<Database>,
  args: { actor: Actor; documentId: string },
): Promise<VersionRow[]> {
  const { document, access } = await loadDocument(db, args.actor, args.documentId);
  return (await selectVersions(db, document.id)).filter((v) => mayRead(access, v.published_to));
}

/** Two versions compared paragraph by paragraph. */
export async function compareDocumentVersions(
  db: Kysely<Database>,
  args: { actor: Actor; documentId: string; from: number; to: number },
): Promise<{ document: DocumentRow; from: VersionRow; to: VersionRow; changes: ParagraphChange[] }> {
  const { document, access } = await loadDocument(db, args.actor, args.documentId);
  const versions = (await selectVersions(db, document.id)).filter((v) => mayRead(access, v.published_to));
  const from = versions.find((v) => v.number === args.from);
  const to = versions.find((v) => v.number === args.to);
  if (!from || !to) throw noSuch("version");
  return { document, from, to, changes: compareVersions(identified(from), identified(to)) };
}

/** What the comment form and the API send. */
export interface CommentInput {
  version?: number | string;
  paragraph_id?: string;
  quote?: string;
  prefix?: string;
  suffix?: string;
  body?: string;
  channel?: string;
  on_behalf_of?: string;
  parent_id?: string;
  /** Where the quote starts in its paragraph's text (a selection's offset), to tell repeated quotes apart. */
  start?: number | string;
}

/**
 * Adds a comment (or a reply) to a published version. Commenting needs an account (signing in proves the
 * address: the link or code is sent to it) or an API token; `limiter` turns a flood from one person or one
 * network (`ip`) away, the secretariat excepted.
 */
export async function addComment(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    documentId: string;
    input: CommentInput;
    now: Date;
    limiter?: CommentLimiter;
    ip?: string;
  },
): Promise<CommentRow> {
  const { document, access } = await loadDocument(db, args.actor, args.documentId);
  if (args.actor.kind === "anonymous")
    throw new AppError(
      "unauthorized",
      "Sign in to comment: signing in needs only your e-mail address, which a link or a code sent to it confirms.",
      { messageKey: "documents.error.signInToComment" },
    );
  const versions = await selectVersions(db, document.id);
  const version = versions.find((v) => v.number === Number(args.input.version));
  if (!version || version.published_to === "none" || !mayRead(access, version.published_to))
    throw noSuch("version");
  const fields: FieldErrors = {};
  const body = (args.input.body ?? "").replace(/\r\n?/g, "\n").trim();
  if (!body) fields.body = "documents.error.commentEmpty";
  else if (body.length > MAX_COMMENT_LENGTH) fields.body = "documents.error.commentLong";
  const named = (args.input.on_behalf_of ?? "").trim() || null;
  const channel = (args.input.channel || "online") as CommentChannel;
  if (!CHANNELS.includes(channel)) fields.channel = "documents.error.channel";
  if (!access.secretariat && (named || channel !== "online")) {
    // Only the secretariat logs comments made elsewhere, for someone else.
    fields.on_behalf_of = "documents.error.onBehalfOf";
  }
  if (access.secretariat && named === null && channel !== "online")
    fields.on_behalf_of = "documents.error.whoSaidIt";
  // A token has no account to name its comments by: they are its own name's (the person or system it is for).
  const onBehalfOf = named ?? (args.actor.kind === "token" ? args.actor.name : null);
  const blocks = blocksOf(version);
  const parentId = (args.input.parent_id ?? "").trim() || null;
  let paragraphId: string | null = null;
  let anchor: { quote: string; prefix: string; suffix: string; start: number; end: number } | null = null;
  if (!parentId) {
    const quote = (args.input.quote ?? "").trim();
    const block = blocks.find((b) => b.id === args.input.paragraph_id);
    if (quote) {
      // A quote is found in its paragraph (or anywhere in the version), its context taken from the text; a
      // selection's offset, when it holds the quote, says which of a repeated quote is meant.
      const start = Number(args.input.start);
      const prefix = args.input.prefix ?? "";
      const suffix = args.input.suffix ?? "";
      const at = (text: string) => {
        if (
          block &&
          Number.isInteger(start) &&
          start >= 0 &&
          text.slice(start, start + quote.length) === quote
        )
          return start;
        // Else the occurrence whose surroundings agree with the context sent, or the first one.
        const found: number[] = [];
        for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) found.push(i);
        const fits = (i: number) =>
          (prefix && text.slice(0, i).endsWith(prefix) ? 1 : 0) +
          (suffix && text.slice(i + quote.length).startsWith(suffix) ? 1 : 0);
        return found.reduce((best, i) => (fits(i) > fits(best) ? i : best), found[0] ?? -1);
      };
      const where = (block ? [block] : blocks)
        .map((b) => ({ b, at: at(b.block.text) }))
        .find((x) => x.at >= 0);
      if (!where) fields.quote = "documents.error.quoteNotFound";
      else {
        paragraphId = where.b.id;
        anchor = anchorFor(where.b.block.text, where.at, where.at + quote.length);
      }
    } else if (block) paragraphId = block.id;
    else fields.paragraph_id = "documents.error.paragraph";
  }
  if (Object.keys(fields).length) throw incomplete("comment", fields);
  // A public comment (from outside the forum, online) is taken only while the review is open.
  const isPublic = !access.member && channel === "online";
  if (isPublic) {
    const window = await reviewWindow(db, document);
    if (!isReviewOpen(window, args.now))
      throw new AppError(
        "review_closed",
        "Comments on this document are not being taken now: the public review is closed.",
        {
          messageKey:
            window.opens && args.now < window.opens
              ? "documents.error.reviewNotOpen"
              : "documents.error.reviewClosed",
        },
      );
  }
  if (args.limiter && !access.secretariat)
    args.limiter.take({
      person:
        args.actor.kind === "user"
          ? args.actor.userId
          : args.actor.kind === "token"
            ? `token:${args.actor.tokenId}`
            : undefined,
      ip: args.ip,
      now: args.now,
    });
  return inTransaction(db, async (trx) => {
    if (parentId) {
      const parent = UUID.test(parentId)
        ? (await selectComments(trx, document.id)).find((c) => c.id === parentId)
        : undefined;
      if (!parent || parent.parent_id) throw noSuch("comment");
    }
    const row = await insertComment(trx, {
      document_id: document.id,
      version_id: version.id,
      parent_id: parentId,
      author_id: args.actor.kind === "user" ? args.actor.userId : null,
      on_behalf_of: onBehalfOf,
      channel,
      paragraph_id: paragraphId,
      quote: anchor?.quote ?? null,
      prefix: anchor?.prefix ?? null,
      suffix: anchor?.suffix ?? null,
      quote_start: anchor?.start ?? null,
      quote_end: anchor?.end ?? null,
      body,
      created_at: args.now,
    });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: document.forum_id,
      action: parentId ? "document.comment.reply" : "document.comment",
      subjectType: "document_comment",
      subjectId: row.id,
      after: { document: document.id, version: version.number, channel, on_behalf_of: onBehalfOf },
    });
    return row;
  });
}

export type { DocumentAccess };
