// Mail sent to a person, and their name or address in mail sent to others, for a data subject request (see
// privacy/).
import { sql } from "kysely";
import { ERASED_LABEL, needlePattern, type PersonalDataProvider } from "../db/personal-data.js";

const toThem = sql<string>`lower(to_address)`;

/** Mail's part of a data subject request: mail to them is deleted; they are cut out of mail to others. */
export const mailPersonalData: PersonalDataProvider = {
  domain: "mail",
  async exportData({ db, subject }) {
    return {
      records: {
        mail_outbox: await db
          .selectFrom("mail_outbox")
          .select(["id", "kind", "to_address", "to_name", "subject", "text_body", "status", "created_at"])
          .select("sent_at")
          .where(toThem, "=", subject.email)
          .orderBy("created_at")
          .execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const pattern = needlePattern(subject);
    const deleted = await db.deleteFrom("mail_outbox").where(toThem, "=", subject.email).executeTakeFirst();
    const scrub = (column: string) =>
      sql<string>`regexp_replace(${sql.ref(column)}, ${pattern}, ${ERASED_LABEL}, 'gi')`;
    const others = await db
      .updateTable("mail_outbox")
      .set({
        to_name: scrub("to_name"),
        subject: scrub("subject"),
        text_body: scrub("text_body"),
        html_body: scrub("html_body"),
        headers: sql`regexp_replace(headers::text, ${pattern}, ${ERASED_LABEL}, 'gi')::jsonb`,
      })
      .where((eb) =>
        eb.or([
          eb("to_name", "~*", pattern),
          eb("subject", "~*", pattern),
          eb("text_body", "~*", pattern),
          eb("html_body", "~*", pattern),
          eb(sql<string>`headers::text`, "~*", pattern),
        ]),
      )
      .executeTakeFirst();
    return { mail_deleted: Number(deleted.numDeletedRows), mail_scrubbed: Number(others.numUpdatedRows) };
  },
};
