// What other domains may use of contributions. Anything not exported here is the contributions folder's own
// business; the import rules (CODE_STYLE.md, `domain-entry`) refuse a reach into its other files.

// used by campaigns
export {
  cycleHasGroupedCampaigns,
  type GroupedCampaign,
  registerCampaignGrouping,
} from "./campaign-grouping.js";
export {
  type ContributionFacts,
  type ContributionText,
  contributionFacts,
  contributionTextBatches,
  contributionTexts,
} from "./campaign-text-queries.js";
export { contributorEmailsForCycle } from "./contributors.js";
// used by contacts
export { contributionsByEmail, publishedCountsByGroupAndCountry } from "./coverage-queries.js";
export { deadlineStory } from "./deadline-policy.js";
export { addImportContributionsCommand } from "./import/cli.js";
// used by documents (the annex of a document's export, and "Used in" on a contribution's page)
export { contributorLabel } from "./page-parts.js";
export { contributionsPersonalData } from "./personal-data-queries.js";
export { contributionsPlugin, registerContributionJobs } from "./plugin.js";
export { forgetListStats as groupingChanged } from "./public/list-stats.js";
export type { ContributionFileRow, ContributionListing, ContributionRow } from "./queries.js";
export {
  answerTallies,
  contributionBatches,
  contributionById,
  contributionByReference,
  contributionListPage,
  contributionsPage,
  countMatchesUpTo,
  estimateMatches,
  FEW_MATCHES,
  filesOf,
  searchSnippets,
} from "./service.js";
export { type ReceivedContribution, registerAfterSubmission } from "./submission-hooks.js";
export type { ContributionTables } from "./tables.js";
// used by analysis: excerpts found again when a text changes
export { registerTextChanged, type TextChangedHook, textChanged } from "./text-hooks.js";
export { type ContributionUsage, registerContributionUsage } from "./usage.js";
