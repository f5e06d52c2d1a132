// used by reading
export { composeMail } from "./compose.js";
export { queueMail } from "./outbox.js";
