// Sign-in by e-mail link. The answer to "send me a link" is the same whether or not the address has an
// account (no enumeration): a known address gets a sign-in link, an unknown one a link to register. Each
// link is single-use, valid 15 minutes, and carries a six-digit code for reading mail on another device.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { recordAudit } from "../audit/record.js";
import type { Database } from "../db/schema.js";
import { composeMail } from "../mail/compose.js";
import { queueMail } from "../mail/outbox.js";
import { AppError, invalid } from "../server/errors.js";
import { isLocale, type Locale } from "../ui/i18n/locales.js";
import { translator } from "../ui/i18n/translate.js";
import { lockAndCountRecentLinks } from "./sign-in-queries.js";
import { findUserByEmail, insertUser, normaliseEmail, type UserRow, updateUser } from "./users.js";

export const LINK_TTL_MS = 15 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;
/** At most this many links per address in a quarter of an hour… */
export const MAX_LINKS_PER_ADDRESS = 5;
/** …and this many per IP address in an hour. */
export const MAX_LINKS_PER_IP = 30;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const codeHash = (secret: string, linkToken: string, code: string) =>
  createHmac("sha256", secret).update(`${linkToken}:${code}`).digest("hex");

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** Whether a string looks like an address mail can be sent to. */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email.trim());
}

export interface SignInDeps {
  db: Kysely<Database>;
  now: Date;
  publicUrl: string;
  secret: string;
}

/** Sends a sign-in (or registration) link; the same outcome for known and unknown addresses. */
export async function requestSignInLink(
  deps: SignInDeps,
  input: { email: string; ip: string | undefined; next: string; locale: Locale },
): Promise<void> {
  const email = normaliseEmail(input.email);
  if (!isPlausibleEmail(email)) {
    throw invalid("Enter an e-mail address like name@example.org.", { email: "auth.email.invalid" });
  }
  const { db, now } = deps;
  const since = (ms: number) => new Date(now.getTime() - ms);
  const user = await findUserByEmail(db, email);
  const token = randomBytes(32).toString("base64url");
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const purpose = user ? "sign_in" : "register";
  const locale = user && isLocale(user.preferred_language) ? user.preferred_language : input.locale;
  const t = translator(locale);
  await db.transaction().execute(async (trx) => {
    // Counted under the address's and the network's locks, in the transaction that adds the link.
    const recent = await lockAndCountRecentLinks(trx, {
      email,
      ip: input.ip,
      addressSince: since(LINK_TTL_MS),
      ipSince: since(3600_000),
    });
    if (recent.byAddress >= MAX_LINKS_PER_ADDRESS) {
      throw new AppError(
        "rate_limited",
        "Too many sign-in links were asked for this address. Wait 15 minutes, then try again.",
        {
          headers: { "retry-after": "900" },
          messageKey: "auth.signIn.rateLimited.address",
        },
      );
    }
    if (recent.byIp >= MAX_LINKS_PER_IP) {
      throw new AppError(
        "rate_limited",
        "Too many sign-in links were asked from your network. Wait an hour, then try again.",
        {
          headers: { "retry-after": "3600" },
          messageKey: "auth.signIn.rateLimited.ip",
        },
      );
    }
    await trx
      .insertInto("sign_in_links")
      .values({
        email,
        purpose,
        token_hash: sha256(token),
        code_hash: codeHash(deps.secret, sha256(token), code),
        next_path: input.next,
        request_ip: input.ip ?? null,
        created_at: now,
        expires_at: new Date(now.getTime() + LINK_TTL_MS),
      })
      .execute();
    const url = `${deps.publicUrl}/sign-in/link/${token}`;
    const mail = composeMail({
      locale,
      subject: t(user ? "mail.signIn.subject" : "mail.register.subject", { site: t("site.name") }),
      greeting: user ? t("mail.greeting", { name: user.name }) : undefined,
      paragraphs: [t(user ? "mail.signIn.body" : "mail.register.body", { minutes: 15 })],
      action: { label: t(user ? "mail.signIn.action" : "mail.register.action"), url },
      code: { label: t("mail.signIn.code"), value: code },
      footer: t("mail.signIn.footer"),
    });
    await queueMail(trx, {
      to: email,
      toName: user?.name,
      kind: purpose === "sign_in" ? "sign_in" : "register",
      ...mail,
    });
  });
}

export type LinkState =
  | { state: "valid"; purpose: "sign_in" | "register"; email: string; next: string }
  | { state: "expired" | "used" | "unknown" };

async function findLinkByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return db.selectFrom("sign_in_links").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

function stateOf(
  link:
    | {
        used_at: Date | null;
        expires_at: Date;
        purpose: "sign_in" | "register";
        email: string;
        next_path: string;
      }
    | undefined,
  now: Date,
): LinkState {
  if (!link) return { state: "unknown" };
  if (link.used_at) return { state: "used" };
  if (link.expires_at.getTime() <= now.getTime()) return { state: "expired" };
  return { state: "valid", purpose: link.purpose, email: link.email, next: link.next_path };
}

/** What a link is (valid, expired, used, unknown) without using it: the GET of the link page. */
export async function inspectLink(deps: SignInDeps, token: string): Promise<LinkState> {
  return stateOf(await findLinkByTokenHash(deps.db, sha256(token)), deps.now);
}

/**
 * Uses a link: marks it used atomically (a second use finds it used) and returns the person, creating them
 * when the link was a registration. The caller starts the session.
 */
export async function useLink(
  deps: SignInDeps,
  input: { token: string; registration?: { name: string; organisation: string }; locale: Locale },
): Promise<{ user: UserRow; next: string } | LinkState> {
  const { db, now } = deps;
  const tokenHash = sha256(input.token);
  return db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom("sign_in_links")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .forUpdate()
      .executeTakeFirst();
    const state = stateOf(link, now);
    if (state.state !== "valid" || !link) return state;
    let user = await findUserByEmail(trx, link.email);
    if (!user) {
      const name = input.registration?.name.trim() ?? "";
      if (!name) throw invalid("Enter your name.", { name: "auth.register.nameRequired" });
      user = await insertUser(trx, {
        email: link.email,
        name: name.slice(0, 200),
        organisation: (input.registration?.organisation ?? "").trim().slice(0, 200),
        preferredLanguage: input.locale,
        emailVerifiedAt: now,
      });
      await recordAudit(trx, {
        actor: { kind: "user", userId: user.id, name: user.name, email: user.email, isSiteAdmin: false },
        action: "user.register",
        subjectType: "user",
        subjectId: user.id,
        after: { name: user.name, organisation: user.organisation },
      });
    }
    await trx.updateTable("sign_in_links").set({ used_at: now }).where("id", "=", link.id).execute();
    user = await updateUser(trx, user.id, {
      last_signed_in_at: now,
      email_verified_at: user.email_verified_at ?? now,
    });
    return { user, next: link.next_path };
  });
}

/**
 * Checks a six-digit code for an address against its newest live link. Five wrong codes kill the link.
 * On success returns the link's token state for the caller to continue as with the link itself.
 */
export async function verifyCode(
  deps: SignInDeps,
  input: { email: string; code: string },
): Promise<
  | { ok: true; tokenHash: string; purpose: "sign_in" | "register" }
  | { ok: false; reason: "wrong" | "expired" }
> {
  const { db, now } = deps;
  const email = normaliseEmail(input.email);
  const code = input.code.replace(/\s+/g, "");
  const latest = await db
    .selectFrom("sign_in_links")
    .select("id")
    .where("email", "=", email)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!latest) return { ok: false, reason: "expired" };
  // Every try spends one of the five attempts before the code is compared, in one atomic statement, so
  // parallel guesses cannot all be evaluated against the same count.
  const link = await db
    .updateTable("sign_in_links")
    .set({ code_attempts: sql`code_attempts + 1` })
    .where("id", "=", latest.id)
    .where("code_attempts", "<", MAX_CODE_ATTEMPTS)
    .returning(["token_hash", "code_hash", "purpose"])
    .executeTakeFirst();
  if (!link) return { ok: false, reason: "expired" };
  const expected = Buffer.from(link.code_hash, "hex");
  const actual = Buffer.from(codeHash(deps.secret, link.token_hash, code), "hex");
  if (!/^\d{6}$/.test(code) || !timingSafeEqual(expected, actual)) return { ok: false, reason: "wrong" };
  return { ok: true, tokenHash: link.token_hash, purpose: link.purpose };
}

/**
 * A code proved the address: replace the link's token with a fresh one the browser can use, since only the
 * hash of the original was kept.
 */
export async function reissueLinkToken(deps: SignInDeps, tokenHash: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await deps.db
    .updateTable("sign_in_links")
    .set({ token_hash: sha256(token) })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .execute();
  return token;
}

/** Creates a one-time sign-in link directly (first start: printed on the console for the administrator). */
export async function createConsoleSignInLink(
  deps: SignInDeps,
  email: string,
  ttlMs = 24 * 3600_000,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await deps.db
    .insertInto("sign_in_links")
    .values({
      email: normaliseEmail(email),
      purpose: "sign_in",
      token_hash: sha256(token),
      code_hash: codeHash(deps.secret, sha256(token), randomBytes(8).toString("hex")),
      next_path: "/admin",
      created_at: deps.now,
      expires_at: new Date(deps.now.getTime() + ttlMs),
    })
    .execute();
  return `${deps.publicUrl}/sign-in/link/${token}`;
}
