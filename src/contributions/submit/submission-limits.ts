// How many contributions one network and one e-mail address may send in a while. Generous enough for a
// forum's rush before a deadline (an office or a conference network sending many, each person correcting
// a form once or twice), tight enough that a script cannot fill the moderation queue and the disk.
import { normaliseEmail } from "../../auth/index.js";
import type { Config } from "../../server/config.js";
import { AppError } from "../../server/errors.js";
import { SlidingWindowLimiter } from "../../server/rate-limit.js";

/** The two limits of one application (one set per configuration, shared by the form and the API). */
export interface SubmissionLimiter {
  /** Counts one sending from this IP and address, or throws a 429 AppError saying when to try again. */
  take(input: { ip: string | undefined; email: string | undefined; now: Date }): void;
}

const limiters = new WeakMap<object, SubmissionLimiter>();

function refusal(which: "ip" | "address", retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(
    "rate_limited",
    which === "ip"
      ? `Too many contributions were sent from your network in the last few minutes. Please try again in ${minutes} minute(s).`
      : `Too many contributions were sent with this e-mail address in the last few minutes. Please try again in ${minutes} minute(s).`,
    {
      headers: { "retry-after": String(retryAfterSeconds) },
      messageKey: `contributions.rateLimited.${which}`,
      messageValues: { minutes },
    },
  );
}

/** The submission limiter of this configuration (created on first use). */
export function submissionLimiter(
  config: Pick<
    Config,
    "contributionLimitPerIp" | "contributionLimitPerAddress" | "contributionLimitWindowSeconds"
  >,
): SubmissionLimiter {
  const known = limiters.get(config);
  if (known) return known;
  const windowMs = config.contributionLimitWindowSeconds * 1000;
  const byIp = new SlidingWindowLimiter(config.contributionLimitPerIp, windowMs);
  const byAddress = new SlidingWindowLimiter(config.contributionLimitPerAddress, windowMs);
  const limiter: SubmissionLimiter = {
    take({ ip, email, now }) {
      const at = now.getTime();
      const address = email ? normaliseEmail(email) : "";
      // Both are checked before either is counted, so a refusal costs the sender nothing.
      const ipState = ip ? byIp.peek(ip, at) : { allowed: true as const };
      if (!ipState.allowed) throw refusal("ip", ipState.retryAfterSeconds);
      const addressState = address ? byAddress.peek(address, at) : { allowed: true as const };
      if (!addressState.allowed) throw refusal("address", addressState.retryAfterSeconds);
      if (ip) byIp.take(ip, at);
      if (address) byAddress.take(address, at);
    },
  };
  limiters.set(config, limiter);
  return limiter;
}
