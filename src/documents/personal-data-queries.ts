// A person's comments on the cycle's documents, and their name where a drafted document cites their
// contribution (drafting/citation.ts writes "Contribution REF, Name"), for a data subject request (see privacy/).
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
        document_versions: await db
          .selectFrom("document_versions")
          .select(["id", "document_id", "number", "body", "note", "created_at"])
          .where((eb) => eb.or([eb("body", "~*", pattern), eb("note", "~*", pattern)]))
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
    // Every version of a document keeps its words; a footnote citing their contribution keeps its reference
    // and link, not the name. Versions they saved stay, without their account.
    const versions = await db
      .updateTable("document_versions")
      .set({ body: scrub("body"), note: scrub("note") })
      .where((eb) => eb.or([eb("body", "~*", pattern), eb("note", "~*", pattern)]))
      .executeTakeFirst();
    const saved = await db
      .updateTable("document_versions")
      .set({ created_by: null })
      .where("created_by", "=", subject.userId ?? NO_USER)
      .executeTakeFirst();
    return {
      document_comments: Number(own.numUpdatedRows) + Number(named.numUpdatedRows),
      document_versions: Number(versions.numUpdatedRows) + Number(saved.numUpdatedRows),
    };
  },
};
