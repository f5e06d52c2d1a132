// What other domains may use of forums. Anything not exported here is the forums folder's own business; the
// import rules (CODE_STYLE.md, `domain-entry`) refuse a reach into its other files.
// Order matters: the plain modules come first, so that a module reached through an import cycle (the other
// domains' plugins register their parts of the forum's pages when they load) finds them initialised before
// the plugin's routes are imported.
export { enterCallPhase, registerCarryOver } from "./cycles/service.js";
export { subscribedAddresses } from "./members/service.js";
export { forumsPlugin } from "./plugin.js";
export { registerCalendarSource } from "./public/calendar.js";
export { choosableTimeZones } from "./time/zones.js";
