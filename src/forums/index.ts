// What other domains may use of forums. Anything not exported here is the forums folder's own business; the
// import rules (CODE_STYLE.md, `domain-entry`) refuse a reach into its other files from new code. Older
// imports that still reach in are listed in .dependency-cruiser-known-violations.json and move here as they
// are touched.
export { enterCallPhase } from "./cycles-service.js";
// used by reading
export { findCycle, findForum } from "./lookup.js";
export { registerCycleSection } from "./sections.js";
export { choosableTimeZones } from "./time/zones.js";
