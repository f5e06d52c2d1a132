// A person's traces in form-letter campaigns, for a data subject request (see privacy/): a campaign keeps the
// start of its representative's text to list it, which may carry the sender's name or address.
import { sql } from "kysely";
import { ERASED_LABEL, needlePattern, type PersonalDataProvider } from "../db/personal-data.js";

/** Campaigns' part of a data subject request: the excerpts naming the person lose the name, keep the words. */
export const campaignsPersonalData: PersonalDataProvider = {
  domain: "campaigns",
  async exportData({ db, subject }) {
    return {
      records: {
        campaigns: await db
          .selectFrom("campaigns")
          .select(["id", "excerpt", "size", "first_at", "last_at", "status"])
          .where("excerpt", "~*", needlePattern(subject))
          .execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const pattern = needlePattern(subject);
    const named = await db
      .updateTable("campaigns")
      .set({ excerpt: sql<string>`regexp_replace(excerpt, ${pattern}, ${ERASED_LABEL}, 'gi')` })
      .where("excerpt", "~*", pattern)
      .executeTakeFirst();
    return { campaigns: Number(named.numUpdatedRows) };
  },
};
