// used by analysis
export { recordAudit } from "./record.js";
