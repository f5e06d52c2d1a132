// What other domains may use of contributions. Anything not exported here is the contributions folder's own
// business; the import rules (CODE_STYLE.md, `domain-entry`) refuse a reach into its other files.

// used by campaigns
export {
  type ContributionText,
  contributionTextBatches,
  contributionTexts,
} from "./campaign-text-queries.js";
export { contributorEmailsForCycle } from "./contributors.js";
// used by contacts
export { publishedCountsByGroupAndCountry } from "./coverage-queries.js";
export { deadlineStory } from "./deadline-policy.js";
export { addImportContributionsCommand } from "./import/cli.js";
export { contributionsPlugin, registerContributionJobs } from "./plugin.js";
export type { ContributionFileRow, ContributionRow } from "./queries.js";
export {
  contributionBatches,
  contributionById,
  contributionByReference,
  contributionsPage,
  countMatchesUpTo,
  FEW_MATCHES,
  filesOf,
  searchSnippets,
} from "./service.js";
export type { ContributionTables } from "./tables.js";
// used by analysis: excerpts found again when a text changes
export { registerTextChanged, type TextChangedHook, textChanged } from "./text-hooks.js";
