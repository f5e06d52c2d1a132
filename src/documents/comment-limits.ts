// How many comments one person and one network may send in a while, with the sliding window the contribution
// form uses (server/rate-limit.ts). Generous for a reader working through a long document, tight enough that a
// script cannot bury the secretariat's report. The secretariat, logging comments from a meeting, is not limited.
import { AppError } from "../server/errors.js";
import { SlidingWindowLimiter } from "../server/rate-limit.js";

/** The limits: comments per person and per IP address within the window. */
export interface CommentLimits {
  perPerson: number;
  perIp: number;
  windowSeconds: number;
}

/** Twenty comments a person and sixty a network in ten minutes. */
export const COMMENT_LIMITS: CommentLimits = { perPerson: 20, perIp: 60, windowSeconds: 600 };

/** Counts the comments of one application (one per configuration, shared by the page and the API). */
export interface CommentLimiter {
  /** Counts one comment from this person and IP, or throws a 429 AppError saying when to try again. */
  take(input: { person: string | undefined; ip: string | undefined; now: Date }): void;
}

function refusal(which: "person" | "ip", retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(
    "rate_limited",
    which === "person"
      ? `You have sent many comments in the last few minutes. Please wait ${minutes} minute(s), then send this one again.`
      : `Many comments were sent from your network in the last few minutes. Please wait ${minutes} minute(s), then send this one again.`,
    {
      headers: { "retry-after": String(retryAfterSeconds) },
      messageKey: `documents.error.rateLimited.${which}`,
      messageValues: { minutes },
    },
  );
}

/** A limiter with the given limits. */
export function makeCommentLimiter(limits: CommentLimits): CommentLimiter {
  const windowMs = limits.windowSeconds * 1000;
  const byPerson = new SlidingWindowLimiter(limits.perPerson, windowMs);
  const byIp = new SlidingWindowLimiter(limits.perIp, windowMs);
  return {
    take({ person, ip, now }) {
      const at = now.getTime();
      // Both are checked before either is counted, so a refusal costs the sender nothing.
      const personState = person ? byPerson.peek(person, at) : { allowed: true as const };
      if (!personState.allowed) throw refusal("person", personState.retryAfterSeconds);
      const ipState = ip ? byIp.peek(ip, at) : { allowed: true as const };
      if (!ipState.allowed) throw refusal("ip", ipState.retryAfterSeconds);
      if (person) byPerson.take(person, at);
      if (ip) byIp.take(ip, at);
    },
  };
}

const limiters = new WeakMap<object, CommentLimiter>();

/** The comment limiter of one application, `owner` being what it is known by (its configuration). */
export function commentLimiter(owner: object): CommentLimiter {
  const known = limiters.get(owner);
  if (known) return known;
  const limiter = makeCommentLimiter(COMMENT_LIMITS);
  limiters.set(owner, limiter);
  return limiter;
}
