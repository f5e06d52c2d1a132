// The sign-in links' SQL that must run inside the caller's transaction.
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.js";

/**
 * Takes the transaction's locks on the address and the network (in that order, so two requests never wait
 * on each other crosswise), then counts their recent links: concurrent requests are counted one after the
 * other, so a flood cannot slip past the limits between the count and the insert.
 */
export async function lockAndCountRecentLinks(
  trx: Kysely<Database>,
  args: { email: string; ip: string | undefined; addressSince: Date; ipSince: Date },
): Promise<{ byAddress: number; byIp: number }> {
  await sql`select pg_advisory_xact_lock(hashtext(${`sign-in address ${args.email}`}))`.execute(trx);
  if (args.ip) await sql`select pg_advisory_xact_lock(hashtext(${`sign-in ip ${args.ip}`}))`.execute(trx);
  const byAddress = await trx
    .selectFrom("sign_in_links")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("email", "=", args.email)
    .where("created_at", ">", args.addressSince)
    .executeTakeFirstOrThrow();
  const byIp = args.ip
    ? await trx
        .selectFrom("sign_in_links")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("request_ip", "=", args.ip)
        .where("created_at", ">", args.ipSince)
        .executeTakeFirstOrThrow()
    : { n: 0 };
  return { byAddress: Number(byAddress.n), byIp: Number(byIp.n) };
}
