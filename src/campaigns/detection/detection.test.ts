import { describe, expect, it } from "vitest";
import { CampaignDetector, detectCampaigns } from "./detector.js";
import { fingerprintOf } from "./fingerprint.js";
import { estimatedJaccard, exactJaccard, minhashSignature } from "./minhash.js";
import { exactKey, normaliseText } from "./normalise.js";
import { shingleHashes, shingles, wordsOf } from "./shingles.js";
import { UnionFind } from "./union-find.js";
import { wordDiff } from "./word-diff.js";

// A small seeded generator, so the texts are the same on every run.
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const VOCABULARY = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
function randomWords(rng: () => number, n: number): string[] {
  return Array.from({ length: n }, () => VOCABULARY[Math.floor(rng() * VOCABULARY.length)]!);
}

describe("normalising text", () => {
  it("folds width, case, punctuation and spacing so retyped copies match", () => {
    expect(normaliseText("  Ｈｅｌｌｏ,   WORLD!!\n\nStraße — ﬁne… ")).toBe("hello world strasse fine");
    expect(normaliseText("«Bonjour», dit-il.")).toBe("bonjour dit il");
    expect(exactKey(normaliseText("Keep encryption strong!"))).toBe(
      exactKey(normaliseText("keep   ENCRYPTION strong")),
    );
    expect(exactKey(normaliseText("Keep encryption strong"))).not.toBe(
      exactKey(normaliseText("Keep encryption weak")),
    );
  });

  it("gives a plain ASCII letter and its full-width, accented-punctuation retyping one exact key and signature", () => {
    const plain = fingerprintOf("Keep encryption STRONG, 2026 -- please!")!;
    const retyped = fingerprintOf("ｋｅｅｐ Encryption strong… ２０２６ «please»")!;
    expect(retyped.exact).toBe(plain.exact);
    expect([...retyped.signature]).toEqual([...plain.signature]);
    expect(fingerprintOf("Keep encryption weak, 2026 -- please!")!.exact).not.toBe(plain.exact);
    expect(fingerprintOf(" -- ... ")).toBeUndefined();
  });

  it("keeps letters of every script, and the marks that belong to them", () => {
    expect(normaliseText("نطالب المنتدى، بإعطاء الأولوية.")).toBe("نطالب المنتدى بإعطاء الأولوية");
    expect(normaliseText("Привет, МИР")).toBe("привет мир");
    expect(normaliseText("हिन्दी भाषा")).toBe("हिन्दी भाषा");
  });
});

describe("shingles", () => {
  it("are three consecutive words", () => {
    expect(shingles("we ask the forum")).toEqual(["we ask the", "ask the forum"]);
    expect(shingles("too short")).toEqual(["too short"]);
    expect(shingles("")).toEqual([]);
  });

  it("take Chinese and Japanese one character at a time, and keep Latin words whole among them", () => {
    expect(wordsOf(normaliseText("我们要求论坛保护加密。"))).toEqual([
      "我",
      "们",
      "要",
      "求",
      "论",
      "坛",
      "保",
      "护",
      "加",
      "密",
    ]);
    expect(shingles(normaliseText("保护加密"))).toEqual(["保 护 加", "护 加 密"]);
    expect(wordsOf(normaliseText("请保护 IGF 加密"))).toEqual(["请", "保", "护", "igf", "加", "密"]);
    expect(wordsOf(normaliseText("暗号化を守る"))).toEqual(["暗", "号", "化", "を", "守", "る"]);
  });

  it("make a Chinese letter and its copy with one sentence added similar, and an unrelated one not", () => {
    const letter =
      "我们呼吁论坛在所有建议中捍卫强加密。加密保护记者、医生和普通家庭。任何后门都会被犯罪分子发现和利用。";
    const copy = `${letter}我是一名护士，每天都用加密应用发送病人信息。`;
    const other = "发展中国家需要负担得起的网络接入，安全规则不应提高上网成本，农村社区网络最受影响。";
    const a = shingleHashes(normaliseText(letter));
    expect(exactJaccard(a, shingleHashes(normaliseText(copy)))).toBeGreaterThan(0.6);
    expect(exactJaccard(a, shingleHashes(normaliseText(other)))).toBeLessThan(0.05);
  });
});

describe("MinHash", () => {
  it("estimates Jaccard similarity within a few hundredths", () => {
    const rng = seeded(7);
    const errors: number[] = [];
    for (const target of [0.2, 0.5, 0.8, 0.95]) {
      for (let trial = 0; trial < 20; trial++) {
        // Two sets sharing `both` of `union` elements.
        const union = 400;
        const both = Math.round(target * union);
        const shared = Array.from({ length: both }, () => Math.floor(rng() * 2 ** 32));
        const onlyA = Array.from({ length: Math.floor((union - both) / 2) }, () =>
          Math.floor(rng() * 2 ** 32),
        );
        const onlyB = Array.from({ length: union - both - onlyA.length }, () => Math.floor(rng() * 2 ** 32));
        const a = Uint32Array.from([...shared, ...onlyA]);
        const b = Uint32Array.from([...shared, ...onlyB]);
        const truth = exactJaccard(a, b);
        errors.push(Math.abs(estimatedJaccard(minhashSignature(a), minhashSignature(b)) - truth));
      }
    }
    const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
    // 128 permutations: standard error at most 0.044 (at J = 0.5).
    expect(mean).toBeLessThan(0.04);
    expect(Math.max(...errors)).toBeLessThan(0.15);
  });

  it("gives identical sets identical signatures", () => {
    const s = shingleHashes(normaliseText("the same letter sent twice by two people"));
    expect(estimatedJaccard(minhashSignature(s), minhashSignature(Uint32Array.from(s).reverse()))).toBe(1);
    expect(wordsOf(normaliseText("ภาษาไทยง่าย")).length).toBeGreaterThan(1);
  });
});

describe("banding", () => {
  it("finds nearly every pair of texts about 0.8 similar, and joins no unrelated texts", () => {
    const rng = seeded(11);
    let found = 0;
    const pairs = 300;
    const texts: { id: string; text: string }[] = [];
    for (let p = 0; p < pairs; p++) {
      const base = randomWords(rng, 120);
      // Replacing 4 scattered words changes up to 12 of 118 shingles: Jaccard ≈ 0.8.
      const copy = [...base];
      for (let k = 0; k < 4; k++) copy[10 + k * 28] = `swap${p}_${k}`;
      const truth = exactJaccard(shingleHashes(base.join(" ")), shingleHashes(copy.join(" ")));
      expect(truth).toBeGreaterThan(0.7);
      expect(truth).toBeLessThan(0.9);
      texts.push({ id: `a${p}`, text: base.join(" ") }, { id: `b${p}`, text: copy.join(" ") });
    }
    const groups = detectCampaigns(texts);
    for (const g of groups) {
      expect(g.members).toHaveLength(2);
      if (g.members[0]!.slice(1) === g.members[1]!.slice(1)) found++;
    }
    expect(found / pairs).toBeGreaterThanOrEqual(0.99);
    expect(groups).toHaveLength(found);
  });
});

describe("grouping", () => {
  it("groups a form letter copied 10,000 times with personal sentences as one campaign, comparing per text, not per pair", () => {
    const rng = seeded(3);
    const template = [
      "I am writing to urge the forum to defend strong encryption in every recommendation it makes.",
      "Encryption protects journalists, activists, doctors and ordinary families. Any backdoor built for the police will be found and used by criminals and hostile states.",
      "Weakening encryption would harm the very development goals this forum is meant to serve, because people will not bank, learn or see a doctor online if they cannot trust the connection.",
      "Please state clearly in your output that governments should not require exceptional access to encrypted communications.",
    ];
    const detector = new CampaignDetector();
    const letterIds = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const paragraphs = [...template];
      if (rng() < 0.5) paragraphs.push(`${randomWords(rng, 8).join(" ")}.`);
      if (rng() < 0.3) paragraphs.unshift(`Personally, ${randomWords(rng, 6).join(" ")}.`);
      const id = `letter-${i}`;
      letterIds.add(id);
      detector.add(id, paragraphs.join("\n\n"));
    }
    for (let i = 0; i < 2_000; i++) detector.add(`own-${i}`, randomWords(rng, 60 + (i % 40)).join(" "));
    const groups = detector.groups();
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toHaveLength(10_000);
    expect(new Set(groups[0]!.members)).toEqual(letterIds);
    // The letter sent as is (the most copied text) stands for the campaign.
    expect(groups[0]!.representative).toMatch(/^letter-/);
    // At most one comparison per band per distinct text, far below the 50 million pairs.
    expect(detector.comparisons).toBeLessThan(12_000 * 32);
  });

  it("joins contributions through their letters: look-alike short answers chain neither people nor campaigns", () => {
    const rng = seeded(5);
    const letterA = randomWords(rng, 150);
    const letterB = randomWords(rng, 150);
    // A stock answer of 40 words that many people give, each with a word or two of their own.
    const stock = randomWords(rng, 40);
    const stockAnswer = (i: number) => {
      const words = [...stock];
      words[i % 40] = `own${i}`;
      return words.join(" ");
    };
    const copy = (letter: string[], i: number) => {
      const words = [...letter];
      words[(i * 7) % 150] = `mine${i}`;
      return words.join(" ");
    };
    const texts: { id: string; text: { parts: string[]; typed: number } }[] = [];
    // Campaign A's and campaign B's supporters, each with the stock answer beside the letter.
    for (let i = 0; i < 20; i++)
      texts.push({ id: `a${i}`, text: { parts: [stockAnswer(i), copy(letterA, i)], typed: 2 } });
    for (let i = 0; i < 20; i++)
      texts.push({ id: `b${i}`, text: { parts: [copy(letterB, i), stockAnswer(i + 20)], typed: 2 } });
    // People writing their own text, who also gave the stock answer.
    for (let i = 0; i < 20; i++)
      texts.push({
        id: `own${i}`,
        text: { parts: [stockAnswer(i + 40), randomWords(rng, 120).join(" ")], typed: 2 },
      });
    const groups = detectCampaigns(texts);
    // Each campaign whole and apart; the people writing their own text are grouped by the one thing they
    // share, the stock answer, without dragging either campaign in.
    const sorted = (prefix: string) => Array.from({ length: 20 }, (_, i) => `${prefix}${i}`).sort();
    expect(groups.map((g) => [...g.members].sort()).sort((x, y) => x[0]!.localeCompare(y[0]!))).toEqual([
      sorted("a"),
      sorted("b"),
      sorted("own"),
    ]);
  });

  it("does not let a chain of texts, each close to the one before, drift into one group", () => {
    const rng = seeded(17);
    // Each text replaces the next 6 of 120 words of the one before: neighbours are about 0.75 alike, the
    // ends of the chain nothing alike.
    let words = randomWords(rng, 120);
    const chain: { id: string; text: string }[] = [];
    for (let k = 0; k < 20; k++) {
      chain.push({ id: `t${k}`, text: words.join(" ") });
      words = [...words];
      for (let j = 0; j < 6; j++) words[(k * 6 + j) % 120] = `drift${k}_${j}`;
    }
    const groups = detectCampaigns(chain);
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      const positions = g.members.map((id) => Number(id.slice(1)));
      expect(Math.max(...positions) - Math.min(...positions)).toBeLessThan(16);
    }
    // Without the check on each group's first text, single linkage would make it one group.
    expect(detectCampaigns(chain, { founderThreshold: 0 })).toHaveLength(1);
  });

  it("merges two groups a text bridges only when their first texts are alike enough", () => {
    const rng = seeded(19);
    const a = randomWords(rng, 120);
    const b = [...a];
    for (let i = 0; i < 26; i++) b[i] = `other${i}`;
    const between = [...a];
    for (let i = 0; i < 13; i++) between[i] = b[i]!;
    const texts = [
      { id: "a1", text: a.join(" ") },
      { id: "a2", text: [...a.slice(0, 119), "mine"].join(" ") },
      { id: "b1", text: b.join(" ") },
      { id: "b2", text: [...b.slice(0, 119), "yours"].join(" ") },
      { id: "x", text: between.join(" ") },
    ];
    // The bridge is about 0.7 like each; the first texts are about 0.52 alike: one group at the default
    // (0.2), two when 0.6 is asked for.
    expect(detectCampaigns(texts).map((g) => g.members.length)).toEqual([5]);
    const strict = detectCampaigns(texts, { founderThreshold: 0.6 }).map((g) => g.members.length);
    expect(strict.sort()).toEqual([2, 3]);
  });

  it("keeps a supporter in the campaign when an answer of their own is longer than the letter", () => {
    const rng = seeded(13);
    const letter = randomWords(rng, 90);
    const texts = Array.from({ length: 30 }, (_, i) => {
      const copy = [...letter];
      copy[(i * 11) % 90] = `mine${i}`;
      const own = randomWords(rng, i % 2 ? 200 : 30).join(" ");
      return { id: `s${i}`, text: { parts: [own, copy.join(" ")], typed: 2 } };
    });
    const groups = detectCampaigns(texts);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toEqual(texts.map((t) => t.id));
  });

  it("judges a contribution by what its sender typed, then by its files when nothing typed is long enough", () => {
    const rng = seeded(9);
    const letter = randomWords(rng, 120).join(" ");
    const groups = detectCampaigns([
      { id: "typed", text: { parts: ["Short note.", letter], typed: 2 } },
      // The letter pasted, and a long report of their own attached: the letter decides.
      { id: "with-report", text: { parts: [letter, randomWords(rng, 900).join(" ")], typed: 1 } },
      // The letter attached as a file under a short note.
      { id: "as-file", text: { parts: ["See the attached letter.", letter], typed: 1 } },
      { id: "other", text: { parts: [randomWords(rng, 200).join(" ")], typed: 1 } },
    ]);
    expect(groups).toEqual([{ representative: "typed", members: ["typed", "with-report", "as-file"] }]);
  });

  it("counts exact copies in the campaign and leaves empty texts out", () => {
    const groups = detectCampaigns([
      { id: "1", text: "Fund open-source security now, please." },
      { id: "2", text: "fund open source security now please" },
      { id: "3", text: "   " },
      { id: "4", text: "Something else entirely, written by one person alone." },
    ]);
    expect(groups).toEqual([{ representative: "1", members: ["1", "2"] }]);
  });

  it("union-find joins sets and keeps their sizes", () => {
    const sets = new UnionFind();
    for (let i = 0; i < 5000; i++) sets.add();
    for (let i = 1; i < 5000; i++) sets.union(i - 1, i);
    expect(sets.find(4999)).toBe(sets.find(0));
    expect(sets.sizeOf(123)).toBe(5000);
  });
});

describe("what a copy adds to the template", () => {
  it("shows the personal sentence as added and a swapped word as removed and added", () => {
    const parts = wordDiff(
      "We ask the forum to defend strong encryption.",
      "As a nurse, I use encrypted apps. We ask the forum to protect strong encryption.",
    );
    expect(parts).toEqual([
      { kind: "added", text: "As a nurse, I use encrypted apps." },
      { kind: "same", text: "We ask the forum to" },
      { kind: "removed", text: "defend" },
      { kind: "added", text: "protect" },
      { kind: "same", text: "strong encryption." },
    ]);
  });
});
