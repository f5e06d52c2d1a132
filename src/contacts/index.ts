// What other domains may use of contacts. Anything not exported here is the contacts folder's own business; the
// import rules (CODE_STYLE.md, `domain-entry`) refuse a reach into its other files.
// Order matters: the plain modules come first, so that a module reached through an import cycle finds them
// initialised before the plugin's registrations run.
export {
  ensureContacts,
  type OutreachFilter,
  type OutreachRecipient,
  optedOutEmails,
  outreachChoices,
  outreachFilterFields,
  outreachFilterOf,
  outreachRecipients,
  recordOptOut,
  recordOutreach,
} from "./outreach/service.js";
export { contactsPlugin } from "./plugin.js";
export { contactsPersonalData } from "./privacy/personal-data.js";
export { eraseContactData, exportContactData } from "./privacy/service.js";
export type { ContactTables } from "./tables.js";
