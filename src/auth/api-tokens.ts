// API tokens: shown once at creation, kept only as a SHA-256 hash. A token's hash is enough to look it up
// because tokens are 256 random bits: no salt or slow hash is needed against guessing.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import type { Actor, ForumRole } from "./actor.js";
import { insertApiToken, selectLiveApiToken } from "./queries.js";

const PREFIX = "isk_";

/** Hashes a presented token for lookup. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a token and returns it in clear, the only time it exists in clear. */
export async function createApiToken(
  db: Kysely<Database>,
  input: { name: string; role: ForumRole | "admin"; forumId: string | null; actor?: Actor },
): Promise<{ id: string; token: string }> {
  const token = PREFIX + randomBytes(32).toString("base64url");
  return inTransaction(db, async (trx) => {
    const id = await insertApiToken(trx, {
      name: input.name,
      role: input.role,
      forum_id: input.forumId,
      token_hash: hashToken(token),
    });
    // A token grants rights: who made it, for which role and forum, stays on record (never the token).
    await recordAudit(trx, {
      actor: input.actor ?? { kind: "system", label: "intersession token create" },
      forumId: input.forumId,
      action: "api_token.create",
      subjectType: "api_token",
      subjectId: id,
      after: { name: input.name, role: input.role },
    });
    return { id, token };
  });
}

/** Finds the live token behind a Bearer value, or undefined. */
export async function actorForToken(db: Kysely<Database>, token: string): Promise<Actor | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const row = await selectLiveApiToken(db, hashToken(token));
  if (!row) return undefined;
  return {
    kind: "token",
    tokenId: row.id,
    name: row.name,
    role: row.role as ForumRole | "admin",
    forumId: row.forum_id,
  };
}
