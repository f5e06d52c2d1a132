// A person's invitations, join requests, mailing-list subscriptions and cycle rosters, for a data subject
// request (see privacy/).
import { sql } from "kysely";
import type { PersonalDataProvider } from "../db/personal-data.js";

const lowerEmail = sql<string>`lower(email)`;

/** Forums' part of a data subject request: all of it is deleted. */
export const forumsPersonalData: PersonalDataProvider = {
  domain: "forums",
  async exportData({ db, subject }) {
    const userId = subject.userId ?? "00000000-0000-0000-0000-000000000000";
    return {
      records: {
        forum_invitations: await db
          .selectFrom("forum_invitations")
          .select(["forum_id", "email", "name", "role", "created_at", "expires_at", "accepted_at"])
          .where(lowerEmail, "=", subject.email)
          .execute(),
        join_requests: await db
          .selectFrom("join_requests")
          .selectAll()
          .where("user_id", "=", userId)
          .execute(),
        list_subscriptions: await db
          .selectFrom("list_subscriptions")
          .selectAll()
          .where((eb) => eb.or([eb(lowerEmail, "=", subject.email), eb("user_id", "=", userId)]))
          .execute(),
        cycle_participants: await db
          .selectFrom("cycle_participants")
          .selectAll()
          .where("user_id", "=", userId)
          .execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const userId = subject.userId ?? "00000000-0000-0000-0000-000000000000";
    const invitations = await db
      .deleteFrom("forum_invitations")
      .where(lowerEmail, "=", subject.email)
      .executeTakeFirst();
    const requests = await db.deleteFrom("join_requests").where("user_id", "=", userId).executeTakeFirst();
    const subscriptions = await db
      .deleteFrom("list_subscriptions")
      .where((eb) => eb.or([eb(lowerEmail, "=", subject.email), eb("user_id", "=", userId)]))
      .executeTakeFirst();
    const rosters = await db
      .deleteFrom("cycle_participants")
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return {
      forum_invitations: Number(invitations.numDeletedRows),
      join_requests: Number(requests.numDeletedRows),
      list_subscriptions: Number(subscriptions.numDeletedRows),
      cycle_participants: Number(rosters.numDeletedRows),
    };
  },
};
