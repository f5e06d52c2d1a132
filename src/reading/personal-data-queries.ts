// A member's reading marks, visits and impressions, for a data subject request (see privacy/).
import { sql } from "kysely";
import { ERASED_LABEL, needlePattern, type PersonalDataProvider } from "../db/personal-data.js";

const NO_USER = "00000000-0000-0000-0000-000000000000";

/** Reading's part of a data subject request: a member's notes and marks are deleted. */
export const readingPersonalData: PersonalDataProvider = {
  domain: "reading",
  async exportData({ db, subject }) {
    const userId = subject.userId ?? NO_USER;
    return {
      records: {
        impressions: await db.selectFrom("impressions").selectAll().where("author_id", "=", userId).execute(),
        reading_marks: await db
          .selectFrom("reading_marks")
          .selectAll()
          .where("user_id", "=", userId)
          .execute(),
        reading_visits: await db
          .selectFrom("reading_visits")
          .selectAll()
          .where("user_id", "=", userId)
          .execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const userId = subject.userId ?? NO_USER;
    const pattern = needlePattern(subject);
    const impressions = await db.deleteFrom("impressions").where("author_id", "=", userId).executeTakeFirst();
    await db.deleteFrom("impression_mentions").where("user_id", "=", userId).execute();
    await db.deleteFrom("reading_marks").where("user_id", "=", userId).execute();
    await db.deleteFrom("reading_visits").where("user_id", "=", userId).execute();
    // Others' notes that name them keep their words, not the name.
    const mentioned = await db
      .updateTable("impressions")
      .set({ body: sql<string>`regexp_replace(body, ${pattern}, ${ERASED_LABEL}, 'gi')` })
      .where("body", "~*", pattern)
      .executeTakeFirst();
    return {
      impressions: Number(impressions.numDeletedRows),
      impressions_scrubbed: Number(mentioned.numUpdatedRows),
    };
  },
};
