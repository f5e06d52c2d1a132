// used by analysis
export {
  type ContributionFileRow,
  type ContributionRow,
  selectContribution,
  selectContributions,
  selectFiles,
} from "./queries.js";
