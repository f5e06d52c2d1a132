import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isStorageFull } from "./failures.js";

const coded = (code: string, message = "") => Object.assign(new Error(message), { code });

describe("failures beneath the application", () => {
  it("knows PostgreSQL restarting or out of reach, and nothing else, as the database unavailable", () => {
    expect(isDatabaseUnavailable(coded("57P01", "terminating connection due to administrator command"))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(coded("57P03", "the database system is starting up"))).toBe(true);
    expect(isDatabaseUnavailable(coded("ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded("ECONNREFUSED")], ""))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: coded("08006") }))).toBe(true);
    expect(isDatabaseUnavailable(coded("23505", "duplicate key value"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("Cannot read properties of undefined"))).toBe(false);
  });

  it("knows a full disk from Node and from PostgreSQL", () => {
    expect(isStorageFull(coded("ENOSPC", "no space left on device, write"))).toBe(true);
    expect(isStorageFull(coded("53100", "could not extend file: No space left on device"))).toBe(true);
    expect(isStorageFull(coded("ENOENT"))).toBe(false);
  });
});
