// What other domains may use of mail: composing a message, queueing it in the change's transaction, the
// unsubscribe links bulk mail carries, delivery, and the outbox pages. Anything not exported here is the mail
// folder's own business.
// Order matters: the plain modules come first and the route plugin last, so that a module reached through an
// import cycle finds them initialised.
export type { MailParts } from "./compose.js";
export { composeMail } from "./compose.js";
export { mailDeliveryHandler } from "./deliver.js";
export type { OutboxMessage, QueuedMail } from "./outbox.js";
export { DELIVER_MAIL_JOB, getOutboxMessage, listOutbox, markDelivery, queueMail } from "./outbox.js";
export { mailPersonalData } from "./personal-data-queries.js";
export { mailRoutes } from "./routes.js";
export type { MailTables } from "./tables.js";
export type { MailTransport } from "./transport.js";
export { createMailTransport } from "./transport.js";
export { unsubscribeHeaders, unsubscribeUrl, verifyUnsubscribe } from "./unsubscribe.js";
