// Forums: create and edit. The creator who is a person becomes the forum's first secretariat member.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import { insertForumRole } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { conflict, invalid, isUniqueViolation } from "../../server/errors.js";
import { isLocale, LOCALES } from "../../ui/i18n/locales.js";
import { requireCanCreateForum, requireForumManager } from "../policy.js";
import { type ForumRow, insertForum, updateForumRow } from "../queries.js";
import { isValidTimeZone, normalizeTimeZone } from "../time/zones.js";

export interface ForumInput {
  slug: string;
  name: string;
  description?: string;
  host_organisation?: string;
  languages?: string[];
  time_zone?: string;
  mailing_list?: string | null;
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

function validateForum(input: ForumInput, creating: boolean) {
  const fields: Record<string, string> = {};
  if (creating && !SLUG.test(input.slug)) fields.slug = "forums.slug.invalid";
  if (!input.name?.trim()) fields.name = "forums.name.required";
  if (input.time_zone && !isValidTimeZone(input.time_zone)) fields.time_zone = "forums.timeZone.invalid";
  const languages = input.languages ?? ["en"];
  if (languages.length === 0 || languages.some((l) => !isLocale(l)))
    fields.languages = "forums.languages.invalid";
  if (input.mailing_list && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.mailing_list))
    fields.mailing_list = "forums.mailingList.invalid";
  if (Object.keys(fields).length)
    throw invalid("Some fields need correcting.", fields, { messageKey: "error.invalid.fields" });
  return {
    name: input.name.trim().slice(0, 200),
    description: (input.description ?? "").trim().slice(0, 5000),
    host_organisation: (input.host_organisation ?? "").trim().slice(0, 200),
    languages: LOCALES.filter((l) => languages.includes(l)),
    time_zone: normalizeTimeZone(input.time_zone || "UTC") ?? "UTC",
    mailing_list: input.mailing_list?.trim() || null,
  };
}

/** Creates a forum. */
export async function createForum(
  db: Kysely<Database>,
  args: { actor: Actor; input: ForumInput; isDemo?: boolean },
): Promise<ForumRow> {
  const { actor, input } = args;
  requireCanCreateForum(actor);
  const values = validateForum(input, true);
  try {
    return await inTransaction(db, async (trx) => {
      const forum = await insertForum(trx, { slug: input.slug, ...values, is_demo: args.isDemo ?? false });
      if (actor.kind === "user")
        await insertForumRole(trx, {
          forumId: forum.id,
          userId: actor.userId,
          role: "secretariat",
          grantedBy: actor.userId,
        });
      await recordAudit(trx, {
        actor,
        forumId: forum.id,
        action: "forum.create",
        subjectType: "forum",
        subjectId: forum.id,
        after: { slug: forum.slug, name: forum.name },
      });
      return forum;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict(`A forum with the slug “${input.slug}” already exists. Choose another.`, {
        messageKey: "forums.refusal.slugTaken",
        messageValues: { slug: input.slug },
      });
    throw error;
  }
}

/** Edits a forum's details (not its slug, which is in every link people have saved). */
export async function updateForum(
  db: Kysely<Database>,
  args: { actor: Actor; forum: ForumRow; input: Omit<ForumInput, "slug"> },
): Promise<ForumRow> {
  const { actor, forum, input } = args;
  await requireForumManager(db, actor, forum.id);
  const values = validateForum({ ...input, slug: forum.slug }, false);
  return inTransaction(db, async (trx) => {
    const after = await updateForumRow(trx, forum.id, { ...values, updated_at: new Date() });
    await recordAudit(trx, {
      actor,
      forumId: forum.id,
      action: "forum.update",
      subjectType: "forum",
      subjectId: forum.id,
      before: { name: forum.name, time_zone: forum.time_zone, languages: forum.languages },
      after: { name: after.name, time_zone: after.time_zone, languages: after.languages },
    });
    return after;
  });
}
