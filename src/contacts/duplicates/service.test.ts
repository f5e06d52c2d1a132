// Which names count as alike for duplicate detection, and which do not.
import { describe, expect, it } from "vitest";
import { editDistance, namesAlike } from "./service.js";

describe("alike names", () => {
  it.each([
    ["Wanjiru Kamau", "Kamau, Wanjiru"],
    ["José Ramírez", "jose ramirez"],
    ["Aminata Diallo", "Aminata B. Diallo"],
    ["Maarten van Horenbeeck", "Maarten van Horenbek"],
  ])("takes %s and %s for one person", (a, b) => {
    expect(namesAlike(a, b)).toBe(true);
  });

  it.each([
    ["Person 1", "Person 2"],
    ["Ana Silva", "Ana Souza"],
    ["Li Wei", "Li Na"],
    ["", "Anyone"],
  ])("keeps %s and %s apart", (a, b) => {
    expect(namesAlike(a, b)).toBe(false);
  });

  it("counts edits and stops early past the limit", () => {
    expect(editDistance("kamau", "kamau")).toBe(0);
    expect(editDistance("horenbeeck", "horenbek", 2)).toBe(2);
    expect(editDistance("abcdef", "uvwxyz", 2)).toBe(3);
  });
});
