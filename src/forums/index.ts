// What other domains may use of forums. Anything not exported here is the forums folder's own business; the
// import rules (CODE_STYLE.md, `domain-entry`) refuse a reach into its other files.
// Order matters: the plain modules come first, so that a module reached through an import cycle (another
// domain's plugin registering its part of the forum's pages, calendar or demo) finds them initialised before
// the plugin's routes are imported.

export { MilestoneWhen, ZoneLink, zoneLabel } from "./components.js";
export {
  addMilestone,
  createCycle,
  enterCallPhase,
  registerCarryOver,
  registerCycleChanged,
} from "./cycles/service.js";
export { DEMO_SLUG, registerDemoPart, seedDemoForum } from "./demo.js";
export { createForum, type ForumInput } from "./forums/service.js";
export type { CyclePlace, CycleRow, ForumRow, MilestoneRow } from "./lookup.js";
export {
  callMilestones,
  cycleById,
  cycleMilestones,
  cycleOfYear,
  cyclePlace,
  cyclePlaces,
  findCycle,
  findForum,
  forumById,
  forumBySlug,
  listCycles,
  listForums,
} from "./lookup.js";
export { setSubscription, subscribedAddresses } from "./members/service.js";
export { forumsPersonalData } from "./personal-data-queries.js";
export { forumsPlugin } from "./plugin.js";
export { registerCalendarSource } from "./public/calendar.js";
export { registerCycleManageLinks, registerCycleSection } from "./sections.js";
export type { ForumTables } from "./tables.js";
export type { CallMilestones, Timeliness } from "./time/timeliness.js";
export { callWindow, classifyTimeliness } from "./time/timeliness.js";
export {
  ANYWHERE_ON_EARTH,
  choosableTimeZones,
  describeZone,
  endOfDayInZone,
  formatInZone,
  instantToZoned,
  isValidTimeZone,
  parsePlainDate,
  startOfDayInZone,
  zonedDateTimeToInstant,
} from "./time/zones.js";
export { ContentText, langAttributes, shownForumName } from "./translations/content.js";
export { forumNameHook } from "./translations/header-name.js";
export {
  type ContentLookup,
  contentTexts,
  originalLanguage,
  registerTranslatableSource,
  type ShownText,
  saveContentTranslations,
  type TranslatableItem,
} from "./translations/service.js";
