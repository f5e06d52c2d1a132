// The audit log's rows about a person, for a data subject request (see privacy/). The rows stay (they are
// the record of who changed what); the person's name and address in them are replaced.
import { sql } from "kysely";
import { ERASED_LABEL, needlePattern, type PersonalDataProvider } from "../db/personal-data.js";

/** The audit log's part of a data subject request. */
export const auditPersonalData: PersonalDataProvider = {
  domain: "audit",
  async exportData({ db, subject }) {
    const pattern = needlePattern(subject);
    return {
      records: {
        audit_log: await db
          .selectFrom("audit_log")
          .selectAll()
          .where((eb) =>
            eb.or([
              ...(subject.userId ? [eb("actor_id", "=", subject.userId)] : []),
              eb("actor_label", "~*", pattern),
              eb(sql<string>`coalesce(before::text, '')`, "~*", pattern),
              eb(sql<string>`coalesce(after::text, '')`, "~*", pattern),
            ]),
          )
          .orderBy("id")
          .execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const pattern = needlePattern(subject);
    const json = (column: "before" | "after") =>
      sql<string>`regexp_replace(${sql.ref(column)}::text, ${pattern}, ${ERASED_LABEL}, 'gi')::jsonb`;
    const scrubbed = await db
      .updateTable("audit_log")
      .set({
        actor_label: sql<string>`regexp_replace(actor_label, ${pattern}, ${ERASED_LABEL}, 'gi')`,
        before: json("before"),
        after: json("after"),
      })
      .where((eb) =>
        eb.or([
          eb("actor_label", "~*", pattern),
          eb(sql<string>`coalesce(before::text, '')`, "~*", pattern),
          eb(sql<string>`coalesce(after::text, '')`, "~*", pattern),
        ]),
      )
      .executeTakeFirst();
    return { audit_log_scrubbed: Number(scrubbed.numUpdatedRows) };
  },
};
