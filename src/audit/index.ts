// What other domains may use of audit: writing a change's audit row (in the change's transaction). Anything not
// exported here is the audit folder's own business.
export type { AuditEntry } from "./record.js";
export { recordAudit } from "./record.js";
