// Sign-in by e-mail link. The answer to "send me a link" is the same whether or not the address has an
// account (no enumeration): a known address gets a sign-in link, an unknown one a link to register. Each
// link is single-use, valid 15 minutes, and carries a six-digit code for reading mail on another device.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { composeMail, queueMail } from "../mail/index.js";
import { AppError, invalid } from "../server/errors.js";
import { isLocale, type Locale } from "../ui/i18n/locales.js";
import { translator } from "../ui/i18n/translate.js";
import type { Actor } from "./actor.js";
import {
  findUserByEmail,
  insertSignInLink,
  insertUser,
  lockAndCountRecentLinks,
  markSignInLinkUsed,
  normaliseEmail,
  replaceLinkTokenHash,
  selectLatestLiveLink,
  selectSignInLink,
  spendCodeAttempt,
  type UserRow,
  updateUser,
} from "./queries.js";

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
    throw invalid(
      "Enter an e-mail address like name@example.org.",
      { email: "auth.email.invalid" },
      { messageKey: "auth.email.invalid" },
    );
  }
  const { db, now } = deps;
  const since = (ms: number) => new Date(now.getTime() - ms);
  const user = await findUserByEmail(db, email);
  const token = randomBytes(32).toString("base64url");
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const purpose = user ? "sign_in" : "register";
  const locale = user && isLocale(user.preferred_language) ? user.preferred_language : input.locale;
  const t = translator(locale);
  await inTransaction(db, async (trx) => {
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
    await insertSignInLink(trx, {
      email,
      purpose,
      token_hash: sha256(token),
      code_hash: codeHash(deps.secret, sha256(token), code),
      next_path: input.next,
      request_ip: input.ip ?? null,
      created_at: now,
      expires_at: new Date(now.getTime() + LINK_TTL_MS),
    });
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
  return stateOf(await selectSignInLink(deps.db, sha256(token)), deps.now);
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
  return inTransaction(db, async (trx) => {
    const link = await selectSignInLink(trx, tokenHash, { forUpdate: true });
    const state = stateOf(link, now);
    if (state.state !== "valid" || !link) return state;
    let user = await findUserByEmail(trx, link.email);
    if (!user) {
      const name = input.registration?.name.trim() ?? "";
      if (!name)
        throw invalid(
          "Enter your name.",
          { name: "auth.register.nameRequired" },
          { messageKey: "auth.register.nameRequired" },
        );
      user = await insertUser(trx, {
        email: link.email,
        name: name.slice(0, 200),
        organisation: (input.registration?.organisation ?? "").trim().slice(0, 200),
        preferredLanguage: input.locale,
        emailVerifiedAt: now,
      });
      const newcomer: Actor = {
        kind: "user",
        userId: user.id,
        name: user.name,
        email: user.email,
        isSiteAdmin: false,
      };
      await recordAudit(trx, {
        actor: newcomer,
        action: "user.register",
        subjectType: "user",
        subjectId: user.id,
        after: { name: user.name, organisation: user.organisation },
      });
    }
    await markSignInLinkUsed(trx, link.id, now);
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
  const latest = await selectLatestLiveLink(db, email, now);
  if (!latest) return { ok: false, reason: "expired" };
  // Every try spends one of the five attempts before the code is compared, in one atomic statement, so
  // parallel guesses cannot all be evaluated against the same count.
  const link = await spendCodeAttempt(db, latest.id, MAX_CODE_ATTEMPTS);
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
  await replaceLinkTokenHash(deps.db, tokenHash, sha256(token));
  return token;
}

/** Creates a one-time sign-in link directly (first start: printed on the console for the administrator). */
export async function createConsoleSignInLink(
  deps: SignInDeps,
  email: string,
  ttlMs = 24 * 3600_000,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await insertSignInLink(deps.db, {
    email: normaliseEmail(email),
    purpose: "sign_in",
    token_hash: sha256(token),
    code_hash: codeHash(deps.secret, sha256(token), randomBytes(8).toString("hex")),
    next_path: "/admin",
    created_at: deps.now,
    expires_at: new Date(deps.now.getTime() + ttlMs),
  });
  return `${deps.publicUrl}/sign-in/link/${token}`;
}
