// What other domains may use of contacts. Anything not exported here is the contacts folder's own business; the
// import rules (CODE_STYLE.md, `domain-entry`) refuse a reach into its other files.

export { contactsPersonalData } from "./personal-data-queries.js";
export { contactsPlugin } from "./plugin.js";
export type { ContactTables } from "./tables.js";
