// The site administrator exists from the first start, so someone can always sign in.
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { findUserByEmail, insertUser, type UserRow, updateUser } from "./queries.js";

/** Makes sure the address is a site administrator, creating the person when needed. */
export async function ensureSiteAdmin(
  db: Kysely<Database>,
  email: string,
): Promise<{ user: UserRow; created: boolean }> {
  return inTransaction(db, async (trx) => {
    const existing = await findUserByEmail(trx, email);
    if (existing) {
      if (existing.is_site_admin) return { user: existing, created: false };
      const user = await updateUser(trx, existing.id, { is_site_admin: true });
      await recordAudit(trx, {
        actor: { kind: "system", label: "first start" },
        action: "user.make_admin",
        subjectType: "user",
        subjectId: user.id,
        after: { email },
      });
      return { user, created: false };
    }
    const user = await insertUser(trx, { email, name: "Site administrator", isSiteAdmin: true });
    await recordAudit(trx, {
      actor: { kind: "system", label: "first start" },
      action: "user.create_admin",
      subjectType: "user",
      subjectId: user.id,
      after: { email },
    });
    return { user, created: true };
  });
}
