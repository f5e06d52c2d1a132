// What other domains may use of the analysis workspace. Anything not exported here is its own business.
export { analysisPersonalData } from "./personal-data-queries.js";
export { analysisPlugin, registerAnalysisJobs } from "./plugin.js";
export type { AnalysisTables } from "./tables.js";
// used by documents (drafting a section from its coded excerpts)
export { type DraftingExcerpt, excerptsBySection, type SectionExcerpts } from "./workspace/sections.js";
