// A person's account, roles and sign-in history, for a data subject request (see privacy/).
import { sql } from "kysely";
import type { PersonalDataProvider } from "../db/personal-data.js";

/** Auth's part of a data subject request: the account goes, with its sessions, roles and sign-in links. */
export const authPersonalData: PersonalDataProvider = {
  domain: "auth",
  async names(db, email) {
    const rows = await db.selectFrom("users").select("name").where("email", "=", email).execute();
    return rows.map((r) => r.name);
  },
  async exportData({ db, subject }) {
    const userId = subject.userId;
    return {
      records: {
        users: userId ? await db.selectFrom("users").selectAll().where("id", "=", userId).execute() : [],
        forum_roles: userId
          ? await db.selectFrom("forum_roles").selectAll().where("user_id", "=", userId).execute()
          : [],
        sessions: userId
          ? await db
              .selectFrom("sessions")
              .select(["created_at", "last_seen_at", "expires_at", "user_agent", "ip"])
              .where("user_id", "=", userId)
              .execute()
          : [],
        sign_in_links: await db
          .selectFrom("sign_in_links")
          .select(["purpose", "request_ip", "created_at", "expires_at", "used_at"])
          .where(sql<string>`lower(email)`, "=", subject.email)
          .execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const links = await db
      .deleteFrom("sign_in_links")
      .where(sql<string>`lower(email)`, "=", subject.email)
      .executeTakeFirst();
    // Deleting the account removes its sessions, roles, reading marks and notes (ON DELETE CASCADE) and
    // leaves what others own pointing at no one (ON DELETE SET NULL).
    const users = subject.userId
      ? await db.deleteFrom("users").where("id", "=", subject.userId).executeTakeFirst()
      : undefined;
    return {
      sign_in_links: Number(links.numDeletedRows),
      users: Number(users?.numDeletedRows ?? 0),
    };
  },
};
