// Campaign detection: pure functions and the detector, no database.
export {
  CampaignDetector,
  DEFAULT_THRESHOLD,
  type DetectedGroup,
  detectCampaigns,
  MIN_WORDS,
} from "./detector.js";
export { BANDS, bandKeys, type Fingerprint, fingerprintOf, INDEX_BANDS } from "./fingerprint.js";
export { compactSignature, compactSimilarity, estimatedJaccard, PERMUTATIONS } from "./minhash.js";
export { exactKey, normaliseText } from "./normalise.js";
export { defaultWorkers, FingerprintPool } from "./pool.js";
export { type BoxPrint, comparedBoxes, type PackedPrints, packPrints, type WrittenBoxes } from "./prints.js";
export { type DiffPart, wordDiff } from "./word-diff.js";
