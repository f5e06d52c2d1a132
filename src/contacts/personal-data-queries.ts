// A forum's contact rows for a person, for a data subject request (see privacy/). Kept small: the contacts
// folder's own export and erase may replace it.
import { sql } from "kysely";
import { ERASED_LABEL, needlePattern, type PersonalDataProvider } from "../db/personal-data.js";

const lowerEmail = sql<string>`lower(email)`;

/** Contacts' part of a data subject request: the person's contact rows are deleted. */
export const contactsPersonalData: PersonalDataProvider = {
  domain: "contacts",
  async names(db, email) {
    const rows = await db.selectFrom("contacts").select("name").where(lowerEmail, "=", email).execute();
    return rows.map((r) => r.name);
  },
  async exportData({ db, subject }) {
    return {
      records: {
        contacts: await db.selectFrom("contacts").selectAll().where(lowerEmail, "=", subject.email).execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const pattern = needlePattern(subject);
    const deleted = await db.deleteFrom("contacts").where(lowerEmail, "=", subject.email).executeTakeFirst();
    const scrub = (column: string) =>
      sql<string>`regexp_replace(${sql.ref(column)}, ${pattern}, ${ERASED_LABEL}, 'gi')`;
    await db
      .updateTable("contacts")
      .set({ added_by_label: scrub("added_by_label"), notes: scrub("notes") })
      .where((eb) => eb.or([eb("added_by_label", "~*", pattern), eb("notes", "~*", pattern)]))
      .execute();
    await db
      .updateTable("contact_gaps")
      .set({ assignee_label: scrub("assignee_label") })
      .where("assignee_label", "~*", pattern)
      .execute();
    return { contacts: Number(deleted.numDeletedRows) };
  },
};
