// Under CI a reliability test that lacks what it needs fails, naming it, instead of passing as "skipped".
import { describe, expect, it, vi } from "vitest";
import { demand, skipWithout } from "./required.js";

describe("a reliability test's requirements", () => {
  it("is skipped with its reason outside CI, and never skipped under CI", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(skipWithout("pg_ctl", false)).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("pg_ctl"));
    expect(skipWithout("pg_ctl", true)).toBe(false);
    expect(skipWithout(undefined, false)).toBe(false);
    warn.mockRestore();
  });

  it("fails naming what is missing, and passes when nothing is", () => {
    expect(() => demand("the forum's seed 001")).toThrow(/missing: the forum's seed 001/);
    expect(() => demand(undefined)).not.toThrow();
  });
});
