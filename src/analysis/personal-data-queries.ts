// A person's traces in the analysis workspace, for a data subject request (see privacy/): the excerpts coded
// from contributions keep their words (as the published contribution does) without the person's name or
// address, and a coder's name leaves the excerpts they coded.
import { sql } from "kysely";
import { ERASED_LABEL, needlePattern, type PersonalDataProvider } from "../db/personal-data.js";

const NO_USER = "00000000-0000-0000-0000-000000000000";

/** Analysis's part of a data subject request: excerpts naming the person, or coded by them. */
export const analysisPersonalData: PersonalDataProvider = {
  domain: "analysis",
  async exportData({ db, subject }) {
    const pattern = needlePattern(subject);
    return {
      records: {
        analysis_excerpts: await db
          .selectFrom("analysis_excerpts")
          .select(["id", "contribution_id", "source", "quote", "prefix", "suffix", "note", "coded_by_label"])
          .where((eb) =>
            eb.or([
              eb("coded_by", "=", subject.userId ?? NO_USER),
              eb("quote", "~*", pattern),
              eb("note", "~*", pattern),
              eb("prefix", "~*", pattern),
              eb("suffix", "~*", pattern),
            ]),
          )
          .execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const pattern = needlePattern(subject);
    const scrub = (column: string) =>
      sql<string>`regexp_replace(${sql.ref(column)}, ${pattern}, ${ERASED_LABEL}, 'gi')`;
    const coded = await db
      .updateTable("analysis_excerpts")
      .set({ coded_by: null, coded_by_label: ERASED_LABEL })
      .where("coded_by", "=", subject.userId ?? NO_USER)
      .executeTakeFirst();
    // The searched copy (search_text) is scrubbed with the text it copies, so search finds no trace either.
    const named = await db
      .updateTable("analysis_excerpts")
      .set({
        quote: scrub("quote"),
        note: scrub("note"),
        prefix: scrub("prefix"),
        suffix: scrub("suffix"),
        coded_by_label: scrub("coded_by_label"),
        search_text: scrub("search_text"),
      })
      .where((eb) =>
        eb.or(
          ["quote", "note", "prefix", "suffix", "coded_by_label", "search_text"].map((c) =>
            eb(sql.ref(c), "~*", pattern),
          ),
        ),
      )
      .executeTakeFirst();
    return { analysis_excerpts: Number(coded.numUpdatedRows) + Number(named.numUpdatedRows) };
  },
};
