// The reading tracker: each member's list of the cycle's published contributions with what they have read,
// how far they are and what is new since their previous visit; marking read on opening or by hand; and the
// secretariat's table of who has read what. Policy first, then the work; each read mark that changes writes its
// audit row in the same transaction.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import { type Actor, forumRolesOf, selectForumPeople } from "../../auth/index.js";
import { getPublishedQuestionnaire } from "../../calls/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { impressionThreads, mentionablePeople } from "../impressions/service.js";
import type { Place } from "../place.js";
import { type Reader, requireReader, requireReadingOverseer } from "../policy.js";
import { type ContributionRow, publishedByReference, publishedContributions } from "../published.js";
import {
  countVisibleImpressions,
  deleteMark,
  insertMark,
  selectCycleMarks,
  selectMark,
  selectMarksOf,
  selectVisit,
  upsertVisit,
} from "../queries.js";

export type { Place };

import type { ReadHow } from "../tables.js";

/**
 * Looking at the list again within this long is the same visit: a reload, or coming back from a contribution,
 * must not empty "new since your last visit" while the member is still reading.
 */
export const VISIT_GAP_MS = 30 * 60_000;

/** One row of a member's reading list. */
export interface ReadingItem {
  contribution: ContributionRow;
  readAt: Date | null;
  how: ReadHow | null;
  /** Published after the member's previous visit. */
  isNew: boolean;
  /** Impressions the member may see on it. */
  notes: number;
}

/** A member's reading list for a cycle; records this visit (visits are a reading position, not audited). */
export async function readingList(db: Kysely<Database>, args: { actor: Actor; place: Place; now: Date }) {
  const reader = await requireReader(db, args.actor, args.place.forum.id);
  const cycleId = args.place.cycle.id;
  const [rows, marks, notes] = await Promise.all([
    publishedContributions(db, cycleId),
    selectMarksOf(db, reader.userId, cycleId),
    countVisibleImpressions(db, cycleId, reader.userId),
  ]);
  const previousVisit = await inTransaction(db, async (trx) => {
    const visit = await selectVisit(trx, reader.userId, cycleId);
    const sameVisit = visit && args.now.getTime() - visit.last_visit_at.getTime() < VISIT_GAP_MS;
    const previous = visit ? (sameVisit ? visit.previous_visit_at : visit.last_visit_at) : null;
    await upsertVisit(trx, { userId: reader.userId, cycleId, last: args.now, previous });
    return previous;
  });
  const readBy = new Map(marks.map((m) => [m.contribution_id, m]));
  const items: ReadingItem[] = rows.map((contribution) => {
    const mark = readBy.get(contribution.id);
    return {
      contribution,
      readAt: mark?.read_at ?? null,
      how: mark?.how ?? null,
      isNew: Boolean(previousVisit && contribution.published_at && contribution.published_at > previousVisit),
      notes: notes.get(contribution.id) ?? 0,
    };
  });
  return {
    reader,
    items,
    total: items.length,
    read: items.filter((i) => i.readAt).length,
    fresh: items.filter((i) => i.isNew).length,
    previousVisit,
  };
}

/** Marks a contribution read (or unread) by hand; writes an audit row when that changes anything. */
export async function setRead(
  db: Kysely<Database>,
  args: { actor: Actor; place: Place; reference: string; read: boolean; now: Date },
): Promise<{ changed: boolean }> {
  const reader = await requireReader(db, args.actor, args.place.forum.id);
  const contribution = await publishedByReference(db, args.place.cycle.id, args.reference);
  return inTransaction(db, async (trx) => {
    const changed = args.read
      ? await insertMark(trx, {
          userId: reader.userId,
          contributionId: contribution.id,
          cycleId: args.place.cycle.id,
          how: "by_hand",
          at: args.now,
        })
      : await deleteMark(trx, reader.userId, contribution.id);
    if (changed) await auditMark(trx, args.actor, args.place, contribution, args.read ? "by_hand" : null);
    return { changed };
  });
}

/**
 * A member opens a published contribution in the workspace: it is theirs to read, and it counts as read from
 * now on (the first opening writes the mark and its audit row; later ones change nothing).
 */
export async function openContribution(
  db: Kysely<Database>,
  args: { actor: Actor; place: Place; reference: string; now: Date },
): Promise<{ reader: Reader; contribution: ContributionRow; readAt: Date; firstTime: boolean }> {
  const reader = await requireReader(db, args.actor, args.place.forum.id);
  const contribution = await publishedByReference(db, args.place.cycle.id, args.reference);
  return inTransaction(db, async (trx) => {
    const firstTime = await insertMark(trx, {
      userId: reader.userId,
      contributionId: contribution.id,
      cycleId: args.place.cycle.id,
      how: "opened",
      at: args.now,
    });
    if (firstTime) await auditMark(trx, args.actor, args.place, contribution, "opened");
    const mark = await selectMark(trx, reader.userId, contribution.id);
    return { reader, contribution, readAt: mark?.read_at ?? args.now, firstTime };
  });
}

function auditMark(
  trx: Kysely<Database>,
  actor: Actor,
  place: Place,
  contribution: ContributionRow,
  how: ReadHow | null,
) {
  return recordAudit(trx, {
    actor,
    forumId: place.forum.id,
    action: how ? "reading.read" : "reading.unread",
    subjectType: "contribution",
    subjectId: contribution.id,
    after: { reference: contribution.reference, ...(how ? { how } : {}) },
  });
}

/** The secretariat's view: each member with how many they have read, and each contribution with its readers. */
export async function whoHasRead(db: Kysely<Database>, args: { actor: Actor; place: Place }) {
  await requireReadingOverseer(db, args.actor, args.place.forum.id);
  const [people, rows, marks] = await Promise.all([
    selectForumPeople(db, args.place.forum.id),
    publishedContributions(db, args.place.cycle.id),
    selectCycleMarks(db, args.place.cycle.id),
  ]);
  const published = new Set(rows.map((r) => r.id));
  const countOf = new Map<string, number>();
  const readersOf = new Map<string, string[]>();
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  for (const mark of marks) {
    // A mark on a contribution withdrawn or hidden since, or by someone who left the forum, is not counted.
    if (!published.has(mark.contribution_id) || !nameOf.has(mark.user_id)) continue;
    countOf.set(mark.user_id, (countOf.get(mark.user_id) ?? 0) + 1);
    const readers = readersOf.get(mark.contribution_id) ?? [];
    readers.push(nameOf.get(mark.user_id) ?? "");
    readersOf.set(mark.contribution_id, readers);
  }
  return {
    total: rows.length,
    members: people.map((p) => ({ id: p.id, name: p.name, roles: p.roles, read: countOf.get(p.id) ?? 0 })),
    contributions: rows.map((contribution) => ({
      contribution,
      readers: (readersOf.get(contribution.id) ?? []).sort((a, b) => a.localeCompare(b)),
    })),
  };
}

/** Everything a member's page of one contribution shows: opening it marks it read. */
export async function contributionView(
  db: Kysely<Database>,
  args: { actor: Actor; place: Place; reference: string; now: Date },
) {
  const opened = await openContribution(db, args);
  const [questionnaire, threads, people] = await Promise.all([
    getPublishedQuestionnaire(db, args.place.cycle.id, opened.contribution.variant_key),
    impressionThreads(db, {
      reader: opened.reader,
      forumId: args.place.forum.id,
      contributionId: opened.contribution.id,
    }),
    mentionablePeople(db, args.place.forum.id),
  ]);
  return { ...opened, questionnaire, threads, people };
}

/** How far a member has read a cycle, for the card on the cycle's page; undefined for anyone not a reader. */
export async function readingSummary(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; cycleId: string },
): Promise<{ read: number; total: number } | undefined> {
  if (args.actor.kind !== "user") return undefined;
  const roles = await forumRolesOf(db, args.actor, args.forumId);
  if (!roles.length) return undefined;
  const [rows, marks] = await Promise.all([
    publishedContributions(db, args.cycleId),
    selectMarksOf(db, args.actor.userId, args.cycleId),
  ]);
  if (!rows.length) return undefined;
  const published = new Set(rows.map((r) => r.id));
  return { read: marks.filter((m) => published.has(m.contribution_id)).length, total: rows.length };
}
