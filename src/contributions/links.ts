// Private links: a contribution's own page for its sender (view, edit, withdraw) and the address check.
// Both are HMACs of the contribution's id under the site secret, so nothing secret is stored and a receipt
// can be shown again (a double click) without keeping the link.
import { createHmac, timingSafeEqual } from "node:crypto";

function mac(secret: string, purpose: string, value: string, length: number): string {
  return createHmac("sha256", secret).update(`${purpose}\u0000${value}`).digest("base64url").slice(0, length);
}

function same(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The token of a contribution's private link. */
export function privateToken(secret: string, contributionId: string): string {
  return mac(secret, "contribution", contributionId, 32);
}

/** Whether a presented token opens the contribution. */
export function checkPrivateToken(secret: string, contributionId: string, token: string): boolean {
  return same(privateToken(secret, contributionId), token);
}

/** The path of a contribution's private page. */
export function privatePath(secret: string, contributionId: string): string {
  return `/c/${contributionId}/${privateToken(secret, contributionId)}`;
}

/** The code in the receipt mail's link that proves the sender reads that mailbox. */
export function verificationCode(secret: string, contributionId: string, email: string): string {
  return mac(secret, "verify", `${contributionId}\u0000${email.trim().toLowerCase()}`, 24);
}

/** Whether a presented verification code is right for the contribution's address. */
export function checkVerificationCode(
  secret: string,
  contributionId: string,
  email: string,
  code: string,
): boolean {
  return same(verificationCode(secret, contributionId, email), code);
}
