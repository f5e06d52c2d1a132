// One-click unsubscribe for bulk mail (RFC 8058): each message carries a link signed for its recipient and
// forum, so nobody can unsubscribe someone else, and no sign-in is needed to leave a list.
import { createHmac, timingSafeEqual } from "node:crypto";

const sign = (secret: string, forumSlug: string, email: string) =>
  createHmac("sha256", secret).update(`unsubscribe:${forumSlug}:${email.toLowerCase()}`).digest("base64url");

/** The signed unsubscribe address of a recipient in a forum. */
export function unsubscribeUrl(args: {
  secret: string;
  publicUrl: string;
  forumSlug: string;
  email: string;
}): string {
  const q = new URLSearchParams({
    email: args.email.toLowerCase(),
    sig: sign(args.secret, args.forumSlug, args.email),
  });
  return `${args.publicUrl}/f/${args.forumSlug}/unsubscribe?${q}`;
}

/** Headers that let mail programs offer "unsubscribe" (List-Unsubscribe with one-click POST). */
export function unsubscribeHeaders(args: {
  secret: string;
  publicUrl: string;
  forumSlug: string;
  email: string;
}): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl(args)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/** Whether a signature matches the recipient and forum. */
export function verifyUnsubscribe(args: {
  secret: string;
  forumSlug: string;
  email: string;
  sig: string;
}): boolean {
  const expected = Buffer.from(sign(args.secret, args.forumSlug, args.email));
  const given = Buffer.from(args.sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
