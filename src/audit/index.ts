// used by reading
export { recordAudit } from "./record.js";
