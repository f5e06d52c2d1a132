// The suggestions' arithmetic: inflected forms meet, stop words never name a theme, phrases beat their words,
// and the same corpus always gives the same groups.
import { describe, expect, it } from "vitest";
import { stem, suggest, termsOf } from "./keyphrases.js";

describe("keyphrases", () => {
  it("stems inflected forms together, per language, accents folded", () => {
    expect(stem("governments", "en")).toBe(stem("government", "en"));
    expect(stem("CERTs", "en")).toBe(stem("CERT", "en"));
    expect(stem("building", "en")).toBe(stem("build", "en"));
    expect(stem("formación", "es")).toBe(stem("formacion", "es"));
    expect(stem("políticas", "es")).toBe(stem("política", "es"));
    expect(stem("infrastructures", "fr")).toBe(stem("infrastructure", "fr"));
    expect(stem("угрозами", "ru")).toBe(stem("угроза", "ru"));
  });

  it("drops stop words and keeps two-word phrases within a sentence", () => {
    const keys = termsOf("The capacity of the teams. Capacity building helps.", "en").map((t) => t.surface);
    expect(keys).not.toContain("the");
    expect(keys).toContain("capacity building");
    expect(keys).not.toContain("teams capacity");
  });

  it("names each contribution by its own phrases and groups similar ones, the same way every time", () => {
    const docs = [
      {
        id: "a",
        text: "Capacity building for small states needs funding. Capacity building works.",
        language: "en",
      },
      { id: "b", text: "Capacity building programmes should be planned with institutions.", language: "en" },
      {
        id: "c",
        text: "Submarine cables are critical infrastructure. Submarine cables need protection.",
        language: "en",
      },
      {
        id: "d",
        text: "Critical infrastructure such as submarine cables must be resilient.",
        language: "en",
      },
      { id: "e", text: "La creación de capacidades requiere formación de equipos.", language: "es" },
    ];
    const first = suggest(docs, { clusters: 2 });
    expect(first.documents.find((d) => d.id === "a")?.terms[0]?.term).toBe("capacity building");
    expect(first.documents.find((d) => d.id === "c")?.terms.map((t) => t.term)).toContain("submarine cables");
    const groupOf = (id: string) => first.clusters.findIndex((c) => c.members.some((m) => m.id === id));
    expect(groupOf("a")).toBe(groupOf("b"));
    expect(groupOf("c")).toBe(groupOf("d"));
    expect(groupOf("a")).not.toBe(groupOf("c"));
    expect(suggest(docs, { clusters: 2 })).toEqual(first);
  });
});
