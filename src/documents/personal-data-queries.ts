// A person's comments on the cycle's documents, for a data subject request (see privacy/).
import { sql } from "kysely";
import { ERASED_LABEL, needlePattern, type PersonalDataProvider } from "../db/personal-data.js";

const NO_USER = "00000000-0000-0000-0000-000000000000";

/** Documents' part of a data subject request: comments stay in the review's record, without the person. */
export const documentsPersonalData: PersonalDataProvider = {
  domain: "documents",
  async exportData({ db, subject }) {
    const pattern = needlePattern(subject);
    return {
      records: {
        document_comments: await db
          .selectFrom("document_comments")
          .selectAll()
          .where((eb) =>
            eb.or([eb("author_id", "=", subject.userId ?? NO_USER), eb("on_behalf_of", "~*", pattern)]),
          )
          .execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const pattern = needlePattern(subject);
    const scrub = (column: string) =>
      sql<string>`regexp_replace(${sql.ref(column)}, ${pattern}, ${ERASED_LABEL}, 'gi')`;
    const own = await db
      .updateTable("document_comments")
      .set({ author_id: null })
      .where("author_id", "=", subject.userId ?? NO_USER)
      .executeTakeFirst();
    const named = await db
      .updateTable("document_comments")
      .set({ on_behalf_of: scrub("on_behalf_of"), body: scrub("body") })
      .where((eb) => eb.or([eb("on_behalf_of", "~*", pattern), eb("body", "~*", pattern)]))
      .executeTakeFirst();
    return { document_comments: Number(own.numUpdatedRows) + Number(named.numUpdatedRows) };
  },
};
