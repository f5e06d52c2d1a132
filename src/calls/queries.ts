// SQL for questionnaires, their variants and versions, calls, recipients, sends and reminders. Only this
// folder touches these tables (comments live in comments/queries.ts).
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database } from "../db/schema.js";
import type {
  CallRecipientsTable,
  CallRemindersTable,
  CallsTable,
  QuestionnairesTable,
  QuestionnaireVariantsTable,
  QuestionnaireVersionsTable,
} from "./tables.js";

export type QuestionnaireRow = Selectable<QuestionnairesTable>;
export type VariantRow = Selectable<QuestionnaireVariantsTable>;
export type VersionRow = Selectable<QuestionnaireVersionsTable>;
export type CallRow = Selectable<CallsTable>;
export type RecipientRow = Selectable<CallRecipientsTable>;
export type ReminderRow = Selectable<CallRemindersTable>;

/** The questionnaire of a cycle. */
export function selectQuestionnaire(
  db: Kysely<Database>,
  cycleId: string,
): Promise<QuestionnaireRow | undefined> {
  return db.selectFrom("questionnaires").selectAll().where("cycle_id", "=", cycleId).executeTakeFirst();
}

/** Creates a cycle's questionnaire. */
export function insertQuestionnaire(
  db: Kysely<Database>,
  values: { forumId: string; cycleId: string; originalLanguage: string },
): Promise<QuestionnaireRow> {
  return db
    .insertInto("questionnaires")
    .values({
      forum_id: values.forumId,
      cycle_id: values.cycleId,
      original_language: values.originalLanguage,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A questionnaire's variants, base first. */
export function selectVariants(db: Kysely<Database>, questionnaireId: string): Promise<VariantRow[]> {
  return db
    .selectFrom("questionnaire_variants")
    .selectAll()
    .where("questionnaire_id", "=", questionnaireId)
    .orderBy("position")
    .orderBy("key")
    .execute();
}

/** One variant, locked for update when inside a transaction that will change it. */
export function selectVariant(
  db: Kysely<Database>,
  questionnaireId: string,
  key: string,
  lock = false,
): Promise<VariantRow | undefined> {
  let q = db
    .selectFrom("questionnaire_variants")
    .selectAll()
    .where("questionnaire_id", "=", questionnaireId)
    .where("key", "=", key);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Adds a variant. */
export function insertVariant(
  db: Kysely<Database>,
  values: Omit<Insertable<QuestionnaireVariantsTable>, "name" | "audience" | "sections" | "base_sections"> & {
    name: object;
    audience: object;
    sections: object;
    baseSections?: object;
  },
): Promise<VariantRow> {
  const { baseSections, ...row } = values;
  return db
    .insertInto("questionnaire_variants")
    .values({
      ...row,
      name: JSON.stringify(values.name),
      audience: JSON.stringify(values.audience),
      sections: JSON.stringify(values.sections),
      base_sections: baseSections ? JSON.stringify(baseSections) : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Saves a variant's sections as brought up to date with its source, and the source's sections as its snapshot. */
export async function updateVariantFromSource(
  db: Kysely<Database>,
  id: string,
  values: { sections: object; baseSections: object },
  now: Date,
): Promise<void> {
  await db
    .updateTable("questionnaire_variants")
    .set({
      sections: JSON.stringify(values.sections),
      base_sections: JSON.stringify(values.baseSections),
      updated_at: now,
    })
    .where("id", "=", id)
    .execute();
}

/** Saves a variant's draft (and name and audience). */
export async function updateVariantDraft(
  db: Kysely<Database>,
  id: string,
  draft: { name: object; audience: object; sections: object },
  now: Date,
): Promise<void> {
  await db
    .updateTable("questionnaire_variants")
    .set({
      name: JSON.stringify(draft.name),
      audience: JSON.stringify(draft.audience),
      sections: JSON.stringify(draft.sections),
      updated_at: now,
    })
    .where("id", "=", id)
    .execute();
}

/** The newest version number of a variant (0 when never published). */
export async function latestVersionNumber(
  db: Kysely<Database>,
  questionnaireId: string,
  key: string,
): Promise<number> {
  const row = await db
    .selectFrom("questionnaire_versions")
    .select((eb) => eb.fn.max("version").as("v"))
    .where("questionnaire_id", "=", questionnaireId)
    .where("variant_key", "=", key)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

/** Freezes a version. */
export function insertVersion(
  db: Kysely<Database>,
  values: {
    questionnaireId: string;
    key: string;
    version: number;
    content: object;
    publishedAt: Date;
    publishedBy: string;
  },
): Promise<VersionRow> {
  return db
    .insertInto("questionnaire_versions")
    .values({
      questionnaire_id: values.questionnaireId,
      variant_key: values.key,
      version: values.version,
      content: JSON.stringify(values.content),
      published_at: values.publishedAt,
      published_by: values.publishedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The newest version of each variant of a cycle's questionnaire (or of one variant). */
export async function selectLatestVersions(
  db: Kysely<Database>,
  cycleId: string,
  key?: string,
): Promise<(VersionRow & { position: number })[]> {
  let q = db
    .selectFrom("questionnaire_versions as v")
    .innerJoin("questionnaires as q", "q.id", "v.questionnaire_id")
    .leftJoin("questionnaire_variants as qv", (join) =>
      join.onRef("qv.questionnaire_id", "=", "v.questionnaire_id").onRef("qv.key", "=", "v.variant_key"),
    )
    .selectAll("v")
    .select((eb) => eb.fn.coalesce("qv.position", eb.val(0)).as("position"))
    .where("q.cycle_id", "=", cycleId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("questionnaire_versions as newer")
            .select("newer.id")
            .whereRef("newer.questionnaire_id", "=", "v.questionnaire_id")
            .whereRef("newer.variant_key", "=", "v.variant_key")
            .whereRef("newer.version", ">", "v.version"),
        ),
      ),
    )
    .orderBy("position")
    .orderBy("v.variant_key");
  if (key) q = q.where("v.variant_key", "=", key);
  return q.execute();
}

/** The call of a cycle. */
export function selectCall(db: Kysely<Database>, cycleId: string): Promise<CallRow | undefined> {
  return db.selectFrom("calls").selectAll().where("cycle_id", "=", cycleId).executeTakeFirst();
}

/** Locks a call's row for the caller's transaction. */
export async function lockCall(trx: Kysely<Database>, callId: string): Promise<void> {
  await trx.selectFrom("calls").select("id").where("id", "=", callId).forUpdate().execute();
}

/** Creates or replaces a cycle's call. */
export function upsertCall(
  db: Kysely<Database>,
  values: { forumId: string; cycleId: string; texts: object; reading: object; guidance: object; now: Date },
): Promise<CallRow> {
  const row = {
    texts: JSON.stringify(values.texts),
    reading: JSON.stringify(values.reading),
    guidance: JSON.stringify(values.guidance),
  };
  return db
    .insertInto("calls")
    .values({ forum_id: values.forumId, cycle_id: values.cycleId, ...row })
    .onConflict((oc) => oc.column("cycle_id").doUpdateSet({ ...row, updated_at: values.now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Adds recipients to a call; a known address keeps its row, gains the new tags and fills empty details. */
export async function upsertRecipient(
  db: Kysely<Database>,
  values: {
    callId: string;
    forumId: string;
    email: string;
    name: string;
    organisation: string;
    stakeholderGroup: string;
    country: string;
    language: string | null;
    tags: string[];
  },
): Promise<{ id: string; inserted: boolean }> {
  const existing = await db
    .selectFrom("call_recipients")
    .select(["id", "tags", "name", "organisation", "stakeholder_group", "country", "language"])
    .where("call_id", "=", values.callId)
    .where("email", "=", values.email)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable("call_recipients")
      .set({
        tags: [...new Set([...existing.tags, ...values.tags])],
        name: values.name || existing.name,
        organisation: values.organisation || existing.organisation,
        stakeholder_group: values.stakeholderGroup || existing.stakeholder_group,
        country: values.country || existing.country,
        language: values.language ?? existing.language,
      })
      .where("id", "=", existing.id)
      .execute();
    return { id: existing.id, inserted: false };
  }
  const row = await db
    .insertInto("call_recipients")
    .values({
      call_id: values.callId,
      forum_id: values.forumId,
      email: values.email,
      name: values.name,
      organisation: values.organisation,
      stakeholder_group: values.stakeholderGroup,
      country: values.country,
      language: values.language,
      tags: values.tags,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, inserted: true };
}

/** A call's recipients, by e-mail address. */
export function selectRecipients(db: Kysely<Database>, callId: string): Promise<RecipientRow[]> {
  return db
    .selectFrom("call_recipients")
    .selectAll()
    .where("call_id", "=", callId)
    .orderBy("email")
    .execute();
}

/** The addresses that have unsubscribed from any call of a forum. */
export async function selectUnsubscribedEmails(db: Kysely<Database>, forumId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("call_recipients")
    .select("email")
    .distinct()
    .where("forum_id", "=", forumId)
    .where("unsubscribed_at", "is not", null)
    .execute();
  return new Set(rows.map((r) => r.email));
}

/** Inserts recipients into a call as they are (nothing sent yet); for carrying a list into a new cycle. */
export async function insertRecipients(
  db: Kysely<Database>,
  rows: Pick<
    RecipientRow,
    | "call_id"
    | "forum_id"
    | "email"
    | "name"
    | "organisation"
    | "stakeholder_group"
    | "country"
    | "language"
    | "tags"
  >[],
): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto("call_recipients")
    .values(rows)
    .onConflict((oc) => oc.columns(["call_id", "email"]).doNothing())
    .execute();
}

/** The newest message queued to each recipient of a call, with its kind. */
export function selectLatestSends(db: Kysely<Database>, callId: string) {
  return db
    .selectFrom("call_sends as s")
    .select(["s.recipient_id", "s.mail_id", "s.kind", "s.created_at"])
    .where("s.call_id", "=", callId)
    .orderBy("s.created_at", "desc")
    .execute();
}

/** The recipients who have already been sent the call itself. */
export async function selectRecipientsSentTheCall(
  db: Kysely<Database>,
  callId: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom("call_sends")
    .select("recipient_id")
    .where("call_id", "=", callId)
    .where("kind", "=", "call")
    .execute();
  return new Set(rows.map((r) => r.recipient_id));
}

/** Records a message queued to a recipient. */
export async function insertSend(
  db: Kysely<Database>,
  values: {
    callId: string;
    recipientId: string;
    kind: "call" | "reminder";
    reminderId?: string;
    mailId: string;
  },
): Promise<void> {
  await db
    .insertInto("call_sends")
    .values({
      call_id: values.callId,
      recipient_id: values.recipientId,
      kind: values.kind,
      reminder_id: values.reminderId ?? null,
      mail_id: values.mailId,
    })
    .execute();
}

/** Marks every call recipient row of an address in a forum as unsubscribed; returns how many changed. */
export async function markUnsubscribed(
  db: Kysely<Database>,
  forumId: string,
  email: string,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable("call_recipients")
    .set({ unsubscribed_at: now })
    .where("forum_id", "=", forumId)
    .where("email", "=", email)
    .where("unsubscribed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Schedules a reminder. */
export function insertReminder(
  db: Kysely<Database>,
  values: {
    callId: string;
    runAt: Date;
    tag: string | null;
    audience?: Record<string, string> | null;
    createdBy: string;
  },
): Promise<ReminderRow> {
  return db
    .insertInto("call_reminders")
    .values({
      call_id: values.callId,
      run_at: values.runAt,
      tag: values.tag,
      audience: values.audience ? JSON.stringify(values.audience) : null,
      created_by: values.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One reminder, locked for the job that sends it. */
export function selectReminderForUpdate(db: Kysely<Database>, id: string): Promise<ReminderRow | undefined> {
  return db.selectFrom("call_reminders").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** A call's reminders, soonest first. */
export function selectReminders(db: Kysely<Database>, callId: string): Promise<ReminderRow[]> {
  return db
    .selectFrom("call_reminders")
    .selectAll()
    .where("call_id", "=", callId)
    .orderBy("run_at")
    .execute();
}

/** Records that a reminder went out. */
export async function markReminderSent(
  db: Kysely<Database>,
  id: string,
  count: number,
  now: Date,
): Promise<void> {
  await db
    .updateTable("call_reminders")
    .set({ status: "sent", sent_count: count, sent_at: now })
    .where("id", "=", id)
    .execute();
}

/** Marks a still-scheduled reminder of a call cancelled; returns it, or undefined when it was not scheduled. */
export function cancelScheduledReminder(
  db: Kysely<Database>,
  id: string,
  callId: string,
): Promise<ReminderRow | undefined> {
  return db
    .updateTable("call_reminders")
    .set({ status: "cancelled" })
    .where("id", "=", id)
    .where("call_id", "=", callId)
    .where("status", "=", "scheduled")
    .returningAll()
    .executeTakeFirst();
}

/** A call by id (for jobs). */
export function selectCallById(db: Kysely<Database>, id: string): Promise<CallRow | undefined> {
  return db.selectFrom("calls").selectAll().where("id", "=", id).executeTakeFirst();
}
