// Which handler runs which kind of background job. A domain with jobs adds its line here.

import { registerCallJobs } from "../calls/sending.js";
import { registerContributionJobs } from "../contributions/plugin.js";
import { mailDeliveryHandler } from "../mail/deliver.js";
import { DELIVER_MAIL_JOB } from "../mail/outbox.js";
import { createMailTransport } from "../mail/transport.js";
import { POLL_REMINDER_JOB, pollReminderJobHandler } from "../meetings/polls.js";
import { REMIND_OVERDUE_JOB, reminderJobHandler } from "../meetings/reminders.js";
import type { AppServices } from "./app.js";

/** Registers every job handler on the app's runner. */
export function registerJobHandlers(services: AppServices): void {
  const { jobs, database, config, clock } = services;
  jobs.register(
    DELIVER_MAIL_JOB,
    mailDeliveryHandler({
      db: database.db,
      transport: createMailTransport(config.smtpUrl),
      from: config.mailFrom,
      clock,
    }),
  );
  registerCallJobs(services);
  jobs.register(
    REMIND_OVERDUE_JOB,
    reminderJobHandler({ db: database.db, clock, publicUrl: () => config.publicUrl }),
  );
  jobs.register(
    POLL_REMINDER_JOB,
    pollReminderJobHandler({ db: database.db, clock, publicUrl: () => config.publicUrl }),
  );
  registerContributionJobs(services);
}
