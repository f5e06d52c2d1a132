// Impressions: members' notes on a published contribution, private (the author's alone) or shared with the
// forum's members, threaded (a reply shares its note's visibility), with @mentions that mail the members
// mentioned through the outbox in the same transaction. Each change writes its audit row, which never holds a
// note's text: the secretariat reads the log, and a private note is its author's alone.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import { type Actor, findUserById, selectForumPeople } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { composeMail, queueMail } from "../../mail/index.js";
import { type FieldErrors, forbidden, invalid, notFound } from "../../server/errors.js";
import { isLocale, type Locale } from "../../ui/i18n/locales.js";
import { translator } from "../../ui/i18n/translate.js";
import type { Place } from "../place.js";
import { type Reader, requireReader } from "../policy.js";
import { type ContributionRow, publishedByReference } from "../published.js";
import {
  type ImpressionRow,
  insertImpression,
  insertMentions,
  selectImpression,
  selectMentions,
  selectVisibleImpressions,
  updateImpressionRow,
} from "../queries.js";
import type { ImpressionVisibility } from "../tables.js";
import { type Mentionable, mentionedIds } from "./mentions.js";

/** The longest impression accepted, in characters. */
export const MAX_IMPRESSION_LENGTH = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the impression form sends. */
export interface ImpressionInput {
  body: string;
  visibility?: string;
  parent_id?: string;
}

/** An impression as a reader sees it, with its replies beneath it. */
export interface ImpressionNode {
  row: ImpressionRow;
  authorName: string;
  mine: boolean;
  replies: ImpressionNode[];
}

/** The forum's people who may be mentioned (everyone with a role in it). */
export async function mentionablePeople(db: Kysely<Database>, forumId: string): Promise<Mentionable[]> {
  return (await selectForumPeople(db, forumId)).map((p) => ({ id: p.id, name: p.name }));
}

/**
 * The impressions of a contribution the reader may see, as threads: shared ones and the reader's own private
 * ones. A deleted note stays as a placeholder only while replies hang from it.
 */
export async function impressionThreads(
  db: Kysely<Database>,
  args: { reader: Reader; forumId: string; contributionId: string },
): Promise<ImpressionNode[]> {
  const [rows, people] = await Promise.all([
    selectVisibleImpressions(db, args.contributionId, args.reader.userId),
    selectForumPeople(db, args.forumId),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  for (const row of rows)
    if (!names.has(row.author_id))
      names.set(row.author_id, (await findUserById(db, row.author_id))?.name ?? "");
  const nodes = new Map<string, ImpressionNode>(
    rows.map((row) => [
      row.id,
      {
        row,
        authorName: names.get(row.author_id) ?? "",
        mine: row.author_id === args.reader.userId,
        replies: [],
      },
    ]),
  );
  const roots: ImpressionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.row.parent_id ? nodes.get(node.row.parent_id) : undefined;
    if (parent) parent.replies.push(node);
    else if (!node.row.parent_id) roots.push(node);
  }
  const prune = (list: ImpressionNode[]): ImpressionNode[] =>
    list
      .map((n) => ({ ...n, replies: prune(n.replies) }))
      .filter((n) => !n.row.deleted_at || n.replies.length > 0);
  return prune(roots);
}

function cleanBody(body: string, fields: FieldErrors): string {
  const text = (body ?? "").replace(/\r\n?/g, "\n").trim();
  if (!text) fields.body = "reading.error.bodyEmpty";
  else if (text.length > MAX_IMPRESSION_LENGTH) fields.body = "reading.error.bodyLong";
  return text;
}

function visibilityOf(value: string | undefined, fields: FieldErrors): ImpressionVisibility {
  if (value === "private" || value === "shared") return value;
  fields.visibility = "reading.error.visibility";
  return "private";
}

/** An impression the reader may see on this contribution, or NotFound. */
async function visibleImpression(
  db: Kysely<Database>,
  reader: Reader,
  contribution: ContributionRow,
  id: string,
  forUpdate = false,
): Promise<ImpressionRow> {
  const row = UUID.test(id) ? await selectImpression(db, id, forUpdate) : undefined;
  if (
    !row ||
    row.contribution_id !== contribution.id ||
    (row.visibility === "private" && row.author_id !== reader.userId)
  )
    throw notFound("There is no such impression.", { messageKey: "reading.refusal.noImpression" });
  return row;
}

/** Writes a new impression or reply; mails the members it mentions when it is shared. */
export async function addImpression(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    place: Place;
    reference: string;
    input: ImpressionInput;
    now: Date;
    publicUrl: string;
  },
): Promise<ImpressionRow> {
  const reader = await requireReader(db, args.actor, args.place.forum.id);
  const contribution = await publishedByReference(db, args.place.cycle.id, args.reference);
  const fields: FieldErrors = {};
  const body = cleanBody(args.input.body, fields);
  return inTransaction(db, async (trx) => {
    const parentId = (args.input.parent_id ?? "").trim();
    let visibility: ImpressionVisibility;
    if (parentId) {
      const parent = await visibleImpression(trx, reader, contribution, parentId);
      if (parent.deleted_at)
        throw notFound("There is no such impression.", { messageKey: "reading.refusal.noImpression" });
      // A reply shares its note's visibility: a reply to a private note is its author's alone as well.
      visibility = parent.visibility;
    } else visibility = visibilityOf(args.input.visibility, fields);
    if (Object.keys(fields).length)
      throw invalid("The impression is not complete.", fields, { messageKey: "reading.refusal.incomplete" });
    const row = await insertImpression(trx, {
      forum_id: args.place.forum.id,
      cycle_id: args.place.cycle.id,
      contribution_id: contribution.id,
      author_id: reader.userId,
      parent_id: parentId || null,
      visibility,
      body,
      created_at: args.now,
    });
    const notified = await notifyMentions(trx, { ...args, reader, contribution, row });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.place.forum.id,
      action: parentId ? "impression.reply" : "impression.create",
      subjectType: "impression",
      subjectId: row.id,
      after: { reference: contribution.reference, visibility, mentioned: notified },
    });
    return row;
  });
}

/** Changes the text (and, while nobody has replied, the visibility) of one's own impression. */
export async function editImpression(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    place: Place;
    reference: string;
    id: string;
    input: ImpressionInput;
    now: Date;
    publicUrl: string;
  },
): Promise<ImpressionRow> {
  const reader = await requireReader(db, args.actor, args.place.forum.id);
  const contribution = await publishedByReference(db, args.place.cycle.id, args.reference);
  return inTransaction(db, async (trx) => {
    const before = await visibleImpression(trx, reader, contribution, args.id, true);
    if (before.deleted_at)
      throw notFound("There is no such impression.", { messageKey: "reading.refusal.noImpression" });
    if (before.author_id !== reader.userId)
      throw forbidden("Only its author may change an impression.", {
        messageKey: "reading.refusal.authorChanges",
      });
    const fields: FieldErrors = {};
    const body = cleanBody(args.input.body, fields);
    let visibility = before.visibility;
    if (
      !before.parent_id &&
      args.input.visibility !== undefined &&
      args.input.visibility !== before.visibility
    ) {
      visibility = visibilityOf(args.input.visibility, fields);
      const replies = (await selectVisibleImpressions(trx, contribution.id, reader.userId)).filter(
        (r) => r.parent_id === before.id,
      );
      // Others' replies would vanish from under them, or a private thread would be shown: refuse instead.
      if (replies.length) fields.visibility = "reading.error.visibilityReplied";
    }
    if (Object.keys(fields).length)
      throw invalid("The impression is not complete.", fields, { messageKey: "reading.refusal.incomplete" });
    const row = await updateImpressionRow(trx, before.id, { body, visibility, edited_at: args.now });
    const notified = await notifyMentions(trx, { ...args, reader, contribution, row });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.place.forum.id,
      action: "impression.edit",
      subjectType: "impression",
      subjectId: row.id,
      before: { visibility: before.visibility },
      after: { visibility, mentioned: notified },
    });
    return row;
  });
}

/** Deletes one's own impression: its text is gone; a placeholder keeps the replies beneath it in place. */
export async function deleteImpression(
  db: Kysely<Database>,
  args: { actor: Actor; place: Place; reference: string; id: string; now: Date },
): Promise<void> {
  const reader = await requireReader(db, args.actor, args.place.forum.id);
  const contribution = await publishedByReference(db, args.place.cycle.id, args.reference);
  await inTransaction(db, async (trx) => {
    const before = await visibleImpression(trx, reader, contribution, args.id, true);
    if (before.deleted_at)
      throw notFound("There is no such impression.", { messageKey: "reading.refusal.noImpression" });
    if (before.author_id !== reader.userId)
      throw forbidden("Only its author may delete an impression.", {
        messageKey: "reading.refusal.authorDeletes",
      });
    await updateImpressionRow(trx, before.id, { body: "", deleted_at: args.now });
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.place.forum.id,
      action: "impression.delete",
      subjectType: "impression",
      subjectId: before.id,
      before: { reference: contribution.reference, visibility: before.visibility },
    });
  });
}

const RESERVED_INVALID = /\.invalid\.?$/i;

/**
 * Mails each member a shared impression newly mentions (not the author, not someone mentioned before in it,
 * never an address in the reserved .invalid domain), in their own language; returns how many were mailed.
 * A private note mentions nobody: no one else may read it.
 */
async function notifyMentions(
  trx: Kysely<Database>,
  args: {
    reader: Reader;
    place: Place;
    contribution: ContributionRow;
    row: ImpressionRow;
    publicUrl: string;
  },
): Promise<number> {
  if (args.row.visibility !== "shared") return 0;
  const people = await mentionablePeople(trx, args.place.forum.id);
  const already = await selectMentions(trx, args.row.id);
  const fresh = mentionedIds(args.row.body, people).filter(
    (id) => id !== args.reader.userId && !already.includes(id),
  );
  await insertMentions(trx, args.row.id, fresh);
  let mailed = 0;
  for (const id of fresh) {
    const user = await findUserById(trx, id);
    if (!user || RESERVED_INVALID.test(user.email.trim())) continue;
    const locale: Locale = isLocale(user.preferred_language) ? user.preferred_language : "en";
    const t = translator(locale);
    const { place, contribution } = args;
    const url = `${args.publicUrl}/f/${place.forum.slug}/${place.cycle.year}/reading/${contribution.reference}#impression-${args.row.id}`;
    const excerpt = args.row.body.length > 600 ? `${args.row.body.slice(0, 600)}…` : args.row.body;
    const mail = composeMail({
      locale,
      subject: t("reading.mention.subject", {
        name: args.reader.name,
        reference: contribution.reference ?? "",
      }),
      greeting: t("reading.mention.greeting", { name: user.name }),
      paragraphs: [
        t("reading.mention.body", {
          name: args.reader.name,
          reference: contribution.reference ?? "",
          forum: place.forum.name,
        }),
        excerpt,
      ],
      action: { label: t("reading.mention.open"), url },
    });
    // A mention is addressed to one person about their work in the forum: not list mail.
    await queueMail(trx, {
      to: user.email,
      toName: user.name,
      kind: "reading.mention",
      forumId: place.forum.id,
      ...mail,
    });
    mailed += 1;
  }
  return mailed;
}

/** One's own impression for its edit page, and whether its visibility may still change (no replies yet). */
export async function impressionForEdit(
  db: Kysely<Database>,
  args: { actor: Actor; place: Place; reference: string; id: string },
): Promise<{ reader: Reader; row: ImpressionRow; canChangeVisibility: boolean }> {
  const reader = await requireReader(db, args.actor, args.place.forum.id);
  const contribution = await publishedByReference(db, args.place.cycle.id, args.reference);
  const row = await visibleImpression(db, reader, contribution, args.id);
  if (row.deleted_at)
    throw notFound("There is no such impression.", { messageKey: "reading.refusal.noImpression" });
  if (row.author_id !== reader.userId)
    throw forbidden("Only its author may change an impression.", {
      messageKey: "reading.refusal.authorChanges",
    });
  const replies = (await selectVisibleImpressions(db, contribution.id, reader.userId)).some(
    (r) => r.parent_id === row.id,
  );
  return { reader, row, canChangeVisibility: !row.parent_id && !replies };
}
