// What other domains may use of the reading workspace (F6: reading tracker, impressions, statistics). Anything
// not exported here is this folder's own business.

export { readingPersonalData } from "./personal-data-queries.js";
export { readingPlugin } from "./plugin.js";
export type { ReadingTables } from "./tables.js";
