// The comment limiter: one person's flood, and one network's, each meet a refusal saying when to try again.
import { describe, expect, it } from "vitest";
import { AppError } from "../server/errors.js";
import { makeCommentLimiter } from "./comment-limits.js";

const refusalOf = (fn: () => void): AppError | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  return undefined;
};

describe("the comment limiter", () => {
  it("refuses a network past its limit even when each person on it is under theirs, until the window moves", () => {
    const limiter = makeCommentLimiter({ perPerson: 5, perIp: 3, windowSeconds: 600 });
    const now = new Date("2026-01-01T10:00:00Z");
    for (const person of ["a", "b", "c"]) limiter.take({ person, ip: "10.0.0.1", now });
    const refused = refusalOf(() => limiter.take({ person: "d", ip: "10.0.0.1", now }));
    expect(refused).toMatchObject({
      code: "rate_limited",
      messageKey: "documents.error.rateLimited.ip",
      messageValues: { minutes: 10 },
      headers: { "retry-after": "600" },
    });
    // Another network is not held back, and a refusal cost nothing: "d" may comment from there.
    expect(refusalOf(() => limiter.take({ person: "d", ip: "10.0.0.2", now }))).toBeUndefined();
    const later = new Date("2026-01-01T10:10:01Z");
    expect(refusalOf(() => limiter.take({ person: "e", ip: "10.0.0.1", now: later }))).toBeUndefined();
  });

  it("refuses one person past their limit whatever network they use, saying how long to wait", () => {
    const limiter = makeCommentLimiter({ perPerson: 2, perIp: 100, windowSeconds: 600 });
    limiter.take({ person: "a", ip: "10.0.0.1", now: new Date("2026-01-01T10:00:00Z") });
    limiter.take({ person: "a", ip: "10.0.0.2", now: new Date("2026-01-01T10:05:00Z") });
    const refused = refusalOf(() =>
      limiter.take({ person: "a", ip: "10.0.0.3", now: new Date("2026-01-01T10:06:00Z") }),
    );
    expect(refused).toMatchObject({
      messageKey: "documents.error.rateLimited.person",
      messageValues: { minutes: 4 },
      headers: { "retry-after": "240" },
    });
    expect(refused?.status).toBe(429);
  });
});
