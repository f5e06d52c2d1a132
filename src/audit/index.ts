// What other domains may use of audit: writing a change's audit row (in the change's transaction), reading a
// forum's log, and the log's pages. Anything not exported here is the audit folder's own business.
// Order matters: the plain modules come first and the route plugin last, so that a module reached through an
// import cycle finds them initialised.

export { auditPersonalData } from "./personal-data-queries.js";
export type { AuditActor, AuditEntry, AuditQuery } from "./record.js";
export { actorId, actorLabel, listAudit, recordAudit } from "./record.js";
export { auditRoutes } from "./routes.js";
export type { AuditTables } from "./tables.js";
