// What other domains may use of meetings. Anything not exported here is the meetings folder's own business;
// the import rules (CODE_STYLE.md, `domain-entry`) refuse a reach into its other files.
export { addImportMeetingCommand } from "./import/cli.js";
export { nextReminderRun, REMIND_OVERDUE_JOB, reminderJobHandler } from "./next-steps/reminders.js";
export { meetingsPersonalData } from "./personal-data-queries.js";
export { meetingsPlugin } from "./plugin.js";
export { pollReminderJobHandler } from "./polls/reminders.js";
export { POLL_REMINDER_JOB } from "./polls/service.js";
export type { MeetingTables } from "./tables.js";
