// A person as a call's recipient and as the author of comments on drafts, for a data subject request (see
// privacy/).
import { sql } from "kysely";
import { ERASED_LABEL, needlePattern, type PersonalDataProvider } from "../db/personal-data.js";

const NO_USER = "00000000-0000-0000-0000-000000000000";

/** Calls' part of a data subject request: recipients' rows go; comments stay without their author's name. */
export const callsPersonalData: PersonalDataProvider = {
  domain: "calls",
  async exportData({ db, subject }) {
    return {
      records: {
        call_recipients: await db
          .selectFrom("call_recipients")
          .selectAll()
          .where(sql<string>`lower(email)`, "=", subject.email)
          .execute(),
        comments: await db
          .selectFrom("comments")
          .selectAll()
          .where("author_id", "=", subject.userId ?? NO_USER)
          .execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const pattern = needlePattern(subject);
    const recipients = await db
      .deleteFrom("call_recipients")
      .where(sql<string>`lower(email)`, "=", subject.email)
      .executeTakeFirst();
    const own = await db
      .updateTable("comments")
      .set({ author_id: null, author_label: ERASED_LABEL })
      .where("author_id", "=", subject.userId ?? NO_USER)
      .executeTakeFirst();
    // Their name or address in anyone's comment, or in a label written before the account was linked.
    const mentioned = await db
      .updateTable("comments")
      .set({
        author_label: sql`regexp_replace(author_label, ${pattern}, ${ERASED_LABEL}, 'gi')`,
        body: sql`regexp_replace(body, ${pattern}, ${ERASED_LABEL}, 'gi')`,
      })
      .where((eb) => eb.or([eb("author_label", "~*", pattern), eb("body", "~*", pattern)]))
      .executeTakeFirst();
    return {
      call_recipients: Number(recipients.numDeletedRows),
      comments: Number(own.numUpdatedRows) + Number(mentioned.numUpdatedRows),
    };
  },
};
