// What other domains may use of calls. Anything not exported here is the calls folder's own business; the
// import rules (CODE_STYLE.md, `domain-entry`) refuse a reach into its other files.
// Order matters: the plain modules come first, so that a module reached through an import cycle (the message
// catalogue, contributions) finds them initialised before the plugin's registrations run.

export { callsPersonalData } from "./personal-data-queries.js";
export { callsPlugin } from "./plugin.js";
export { getPublishedQuestionnaire, listPublishedQuestionnaires } from "./published.js";
export type {
  Answers,
  ConsentQuestion,
  FileUploadQuestion,
  PublishedQuestionnaire,
  Question,
} from "./questionnaire-model.js";
export { pickText } from "./questionnaire-model.js";
export { registerCallJobs } from "./sending/service.js";
export type { CallsTables } from "./tables.js";
