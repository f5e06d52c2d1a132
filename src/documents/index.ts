// What other domains may use of the output documents (F8). Anything not exported here is this folder's own business.

export { documentsPersonalData } from "./personal-data-queries.js";
export { documentsPlugin } from "./plugin.js";
export type { DocumentTables } from "./tables.js";
