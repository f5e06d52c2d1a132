// used by reading
export { type ContributionRow, exportBatches, selectByReference, selectContributions } from "./queries.js";
