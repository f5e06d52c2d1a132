// The hashing workers of a full run give the detector what it would have computed itself, so a run on two
// cores finds the same campaigns as a run on one.
import { describe, expect, it } from "vitest";
import { CampaignDetector } from "./detector.js";
import { FingerprintPool } from "./pool.js";
import { packPrints } from "./prints.js";

const LETTER =
  "We ask the forum to keep the internet open, to defend strong encryption and to publish every recommendation it makes in all six languages so that people everywhere can read it.";
const typed = (...parts: string[]) => ({ parts, typed: parts.length });
const batch = [
  typed(LETTER, "short answer"),
  typed(`${LETTER} I am a teacher in Lyon.`),
  typed(
    "我们要求论坛保护加密通信，并以六种语言公布所有建议，让世界各地的人都能阅读和参与讨论。这对发展中国家的用户尤其重要。",
  ),
  typed("Too short."),
  typed(
    "Una carta completamente distinta sobre el espectro radioeléctrico en las zonas rurales, las licencias asequibles y la formación de técnicos locales para las redes comunitarias.",
  ),
];

describe("fingerprinting workers", () => {
  it("give the same prints as hashing on the main thread, and so the same campaigns", async () => {
    const pool = new FingerprintPool(2);
    try {
      const [first, second] = await Promise.all([pool.print(batch.slice(0, 2)), pool.print(batch.slice(2))]);
      expect(first).toEqual(packPrints(batch.slice(0, 2)));
      expect(second).toEqual(packPrints(batch.slice(2)));
      const viaWorkers = new CampaignDetector();
      viaWorkers.addPrinted(["a", "b"], first!);
      viaWorkers.addPrinted(["c", "d", "e"], second!);
      const inline = new CampaignDetector();
      for (const [i, boxes] of batch.entries()) inline.add("abcde"[i]!, boxes);
      expect(viaWorkers.groups()).toEqual(inline.groups());
      expect(inline.groups()).toEqual([{ representative: "a", members: ["a", "b"] }]);
    } finally {
      await pool.close();
    }
  });
});
