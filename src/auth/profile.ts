// A person's own profile.
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { isCountryCode, isStakeholderGroup } from "../geo/countries.js";
import { AppError, invalid } from "../server/errors.js";
import { isLocale } from "../ui/i18n/locales.js";
import type { Actor } from "./actor.js";
import { requireSignedIn } from "./policy.js";
import { findUserById, updateUser } from "./queries.js";

export interface ProfileInput {
  name: string;
  honorific: string;
  organisation: string;
  stakeholder_group: string;
  country: string;
  preferred_language: string;
  time_zone: string;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Saves the signed-in person's profile; refuses anyone else. */
export async function updateOwnProfile(db: Kysely<Database>, args: { actor: Actor; input: ProfileInput }) {
  const { actor, input } = args;
  requireSignedIn(actor);
  if (actor.kind !== "user")
    throw new AppError("invalid", "Only people have profiles.", {
      messageKey: "auth.refusal.profilePeopleOnly",
    });
  const fields: Record<string, string> = {};
  const name = input.name.trim();
  if (!name) fields.name = "auth.register.nameRequired";
  if (input.stakeholder_group && !isStakeholderGroup(input.stakeholder_group))
    fields.stakeholder_group = "auth.profile.invalidChoice";
  if (input.country && !isCountryCode(input.country)) fields.country = "auth.profile.invalidChoice";
  if (input.time_zone && !isTimeZone(input.time_zone)) fields.time_zone = "auth.profile.invalidChoice";
  if (!isLocale(input.preferred_language)) fields.preferred_language = "auth.profile.invalidChoice";
  if (Object.keys(fields).length)
    throw invalid("Some fields need correcting.", fields, { messageKey: "error.invalid.fields" });
  return inTransaction(db, async (trx) => {
    const before = await findUserById(trx, actor.userId);
    const after = await updateUser(trx, actor.userId, {
      name: name.slice(0, 200),
      honorific: input.honorific.trim().slice(0, 40),
      organisation: input.organisation.trim().slice(0, 200),
      stakeholder_group: input.stakeholder_group || null,
      country: input.country || null,
      preferred_language: input.preferred_language,
      time_zone: input.time_zone || null,
    });
    const pick = (u: typeof after | undefined) =>
      u && {
        name: u.name,
        organisation: u.organisation,
        stakeholder_group: u.stakeholder_group,
        country: u.country,
        preferred_language: u.preferred_language,
        time_zone: u.time_zone,
      };
    await recordAudit(trx, {
      actor,
      action: "user.profile",
      subjectType: "user",
      subjectId: actor.userId,
      before: pick(before),
      after: pick(after),
    });
    return after;
  });
}

/**
 * Saves the zone a signed-in person chose (at /tz) to their profile, with an audit row; mail and every
 * browser they sign in on then show times in it. Returns whether anything changed.
 */
export async function saveOwnTimeZone(
  db: Kysely<Database>,
  args: { actor: Actor; timeZone: string },
): Promise<boolean> {
  const { actor } = args;
  if (actor.kind !== "user") return false;
  if (!isTimeZone(args.timeZone))
    throw invalid(
      "Choose a time zone from the list.",
      { zone: "auth.profile.invalidChoice" },
      { messageKey: "forums.timeZone.invalid" },
    );
  return inTransaction(db, async (trx) => {
    const before = await findUserById(trx, actor.userId);
    if (!before || before.time_zone === args.timeZone) return false;
    await updateUser(trx, actor.userId, { time_zone: args.timeZone });
    await recordAudit(trx, {
      actor,
      action: "user.time_zone",
      subjectType: "user",
      subjectId: actor.userId,
      before: { time_zone: before.time_zone },
      after: { time_zone: args.timeZone },
    });
    return true;
  });
}
