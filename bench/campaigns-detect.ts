// `npx tsx bench/campaigns-detect.ts [--docs N] [--seed S]`: campaign detection alone, in memory, on texts
// generated from a fixed seed the way the corpus writes them (5 % campaign letters with synonyms swapped,
// paragraphs reordered or dropped and personal sentences added; the rest unique prose in six languages).
// `--threshold J` sets the estimated similarity above which texts join (0.5 by default).
// Prints documents per second, peak memory, and precision, recall and F1 over pairs of the true campaigns.
// A measurement, not a timed test: the database and its streaming are left out (see issue F7's benchmark).
import { CampaignDetector, DEFAULT_THRESHOLD } from "../src/campaigns/detection/index.js";
import { CAMPAIGN_SHARE, campaignLetter, pickCampaign } from "./corpus/campaigns.js";
import { paragraph } from "./corpus/generate.js";
import { Random } from "./corpus/random.js";
import { CORPUS_LANGUAGES } from "./corpus/words.js";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const docs = option("--docs", 100_000);
const seed = option("--seed", 1);
const threshold = option("--threshold", DEFAULT_THRESHOLD);

const texts: { id: string; text: string; truth: string | null }[] = [];
for (let i = 0; i < docs; i++) {
  const rng = new Random(seed, i);
  if (rng.chance(CAMPAIGN_SHARE)) {
    const campaign = pickCampaign(rng);
    texts.push({ id: String(i), text: campaignLetter(campaign, rng), truth: campaign.id });
  } else {
    const language = rng.pick(CORPUS_LANGUAGES);
    const sentences = rng.logNormal(6, 0.9, 1, 120);
    const parts: string[] = [];
    for (let left = sentences; left > 0; left -= 4) parts.push(paragraph(rng, language, Math.min(left, 4)));
    texts.push({ id: String(i), text: parts.join("\n\n"), truth: null });
  }
}
const characters = texts.reduce((sum, t) => sum + t.text.length, 0);

const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
let peak = process.memoryUsage().rss;
const detector = new CampaignDetector({ threshold });
for (let i = 0; i < texts.length; i++) {
  detector.add(texts[i]!.id, texts[i]!.text);
  if (i % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
const groups = detector.groups();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
peak = Math.max(peak, process.memoryUsage().rss);

// Pairwise scores: a pair is right when both texts are in one detected group and one true campaign.
const pairs = (n: number) => (n * (n - 1)) / 2;
const truthOf = new Map(texts.map((t) => [t.id, t.truth]));
const trueSizes = new Map<string, number>();
for (const t of texts) if (t.truth) trueSizes.set(t.truth, (trueSizes.get(t.truth) ?? 0) + 1);
let truePairs = 0;
for (const n of trueSizes.values()) truePairs += pairs(n);
let found = 0;
let right = 0;
for (const g of groups) {
  found += pairs(g.members.length);
  const within = new Map<string, number>();
  for (const id of g.members) {
    const truth = truthOf.get(id);
    if (truth) within.set(truth, (within.get(truth) ?? 0) + 1);
  }
  for (const n of within.values()) right += pairs(n);
}
const precision = found ? right / found : 1;
const recall = truePairs ? right / truePairs : 1;
const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;

console.log(
  `texts                ${docs.toLocaleString("en")} (${(characters / 1e6).toFixed(1)} M characters)`,
);
console.log(
  `detection            ${seconds.toFixed(2)} s, ${Math.round(docs / seconds).toLocaleString("en")} texts/s wall; ${cpuSeconds.toFixed(2)} s CPU, ${Math.round(docs / cpuSeconds).toLocaleString("en")} texts per CPU-second (the machine is shared)`,
);
console.log(`comparisons          ${detector.comparisons.toLocaleString("en")}`);
console.log(
  `groups               ${groups.length} (true campaigns ${trueSizes.size}); largest ${groups[0]?.members.length ?? 0}`,
);
console.log(`precision/recall/F1  ${precision.toFixed(4)} / ${recall.toFixed(4)} / ${f1.toFixed(4)}`);
console.log(`peak RSS             ${Math.round(peak / 2 ** 20)} MiB (texts held in memory included)`);
