// Services open their own transaction so each change and its audit row commit together. A caller that
// composes several services into one change (an import that creates a meeting, its summary, annex and next
// steps) passes its transaction down instead, and the services then join it rather than nest.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

/** Runs `work` in `db`'s transaction if it is one, otherwise in a new transaction. */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}
