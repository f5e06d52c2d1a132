import { describe, expect, it } from "vitest";
import { formatReference, referencePrefix } from "./reference.js";

describe("contribution references", () => {
  it("takes the short abbreviation a forum's address starts with", () => {
    expect(
      referencePrefix({ name: "IGF Best Practice Forum on Cybersecurity", slug: "bpf-cybersecurity" }),
    ).toBe("BPF");
    expect(formatReference("BPF", 2017, 14)).toBe("BPF-2017-0014");
  });

  it("falls back to the initials of the forum's kind", () => {
    expect(referencePrefix({ name: "Best Practice Forum on Gender", slug: "gender-forum" })).toBe("BPF");
    expect(referencePrefix({ name: "Cybersecurity", slug: "cybersecurity" })).toBe("CYBERS");
  });
});
