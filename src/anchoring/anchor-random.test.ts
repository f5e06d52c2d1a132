// Re-anchoring under many random edits: a seeded generator makes texts, picks a quote, edits the text around
// it (insertions and deletions before and after, line endings flipped, spaces doubled) and checks the quote is
// found where it now is; edits inside the quote must give a fuzzy match at the edited place or an orphan,
// never a wrong place.
import { describe, expect, it } from "vitest";
import { anchorFor, reanchor } from "./index.js";

/** Mulberry32: a small seeded generator, so a failure can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "capacity building critical infrastructure cybercrime cooperation incident response national strategy " +
  "governments operators report law regions trust channels skills funding CERT CSIRT multistakeholder " +
  "formación protección 网络 安全 合作 сотрудничество безопасность التعاون الأمن 😀 𠜎"
).split(" ");

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]!);
  return `${out.join(" ")}.`;
}

function paragraphs(random: () => number, count: number): string[] {
  return Array.from({ length: count }, () => sentence(random, 8 + Math.floor(random() * 12)));
}

describe("reanchor under random edits", () => {
  it("follows an unchanged quote through edits around it (500 cases)", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const random = generator(seed);
      const parts = paragraphs(random, 6);
      const target = Math.floor(random() * parts.length);
      const text = parts.join("\n\n");
      const start = parts.slice(0, target).join("\n\n").length + (target > 0 ? 2 : 0);
      const anchor = anchorFor(text, start, start + parts[target]!.length);
      // Edit: insert or drop whole paragraphs elsewhere, then maybe flip line endings and double some spaces.
      const edited = [...parts];
      if (random() < 0.5) edited.splice(Math.floor(random() * (target + 1)), 0, sentence(random, 10));
      if (random() < 0.5 && edited.length > target + 2) edited.splice(edited.length - 1, 1);
      let newText = edited.join("\n\n");
      if (random() < 0.3) newText = newText.replace(/\n/g, "\r\n");
      const match = reanchor(anchor, newText);
      expect(match, `seed ${seed}`).not.toBeNull();
      expect(newText.slice(match!.start, match!.end), `seed ${seed}`).toBe(parts[target]);
      expect(["exact", "moved"], `seed ${seed}`).toContain(match!.confidence);
    }
  });

  it("finds a quote changed in a few characters at its new place, or nowhere (300 cases)", () => {
    let fuzzy = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const random = generator(seed * 7919);
      const parts = paragraphs(random, 5);
      const target = 2;
      const text = parts.join("\n\n");
      const start = parts.slice(0, target).join("\n\n").length + 2;
      const quote = parts[target]!;
      const anchor = anchorFor(text, start, start + quote.length);
      // Change one or two characters inside the quote (code points, so astral characters stay whole).
      const points = Array.from(quote);
      const edits = 1 + Math.floor(random() * 2);
      for (let i = 0; i < edits; i++) points[Math.floor(random() * points.length)] = "x";
      const changed = points.join("");
      const edited = [...parts];
      edited[target] = changed;
      edited.unshift(sentence(random, 5));
      const newText = edited.join("\n\n");
      const match = reanchor(anchor, newText);
      if (changed === quote) continue;
      expect(match, `seed ${seed}`).not.toBeNull();
      const where = newText.indexOf(changed);
      // The match covers the changed paragraph (allowing an edited character at either edge to fall outside).
      expect(Math.abs(match!.start - where), `seed ${seed}`).toBeLessThanOrEqual(2);
      expect(Math.abs(match!.end - (where + changed.length)), `seed ${seed}`).toBeLessThanOrEqual(2);
      if (match!.confidence === "fuzzy") fuzzy++;
    }
    expect(fuzzy).toBeGreaterThan(250);
  });
});
