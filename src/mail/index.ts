// What other domains may use of mail: composing a message and queueing it in the change's transaction. Anything
// not exported here is the mail folder's own business.
export type { MailParts } from "./compose.js";
export { composeMail } from "./compose.js";
export type { QueuedMail } from "./outbox.js";
export { queueMail } from "./outbox.js";
