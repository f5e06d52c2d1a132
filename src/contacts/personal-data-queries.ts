// The SQL of contacts' part in a data subject request (the provider is privacy/personal-data.ts): the names
// an address goes by, and erasing its contacts (history and gaps follow by cascade) and its traces in notes.
import { type Kysely, sql } from "kysely";
import { ERASED_LABEL, needlePattern, type PersonalDataContext } from "../db/personal-data.js";
import type { Database } from "../db/schema.js";

const lowerEmail = sql<string>`lower(email)`;

/** The names of the contacts with this address. */
export async function contactNamesByEmail(db: Kysely<Database>, email: string): Promise<string[]> {
  const rows = await db.selectFrom("contacts").select("name").where(lowerEmail, "=", email).execute();
  return rows.map((r) => r.name);
}

/** Deletes the contacts with the subject's address and replaces their names in notes and labels. */
export async function eraseContactsOf({ db, subject }: PersonalDataContext): Promise<Record<string, number>> {
  {
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
  }
}
