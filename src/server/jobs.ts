// Which handler runs which kind of background job, with how many at once and, for a recurring kind, when it
// runs next. A domain with jobs declares their payloads (jobs/kinds.ts) and adds its line here.

import { registerAnalysisJobs } from "../analysis/index.js";
import { registerBackupJobs } from "../backup/index.js";
import { registerCallJobs } from "../calls/index.js";
import { registerCampaignJobs } from "../campaigns/index.js";
import { registerContributionJobs } from "../contributions/index.js";
import { createMailTransport, DELIVER_MAIL_JOB, mailDeliveryHandler } from "../mail/index.js";
import {
  nextReminderRun,
  POLL_REMINDER_JOB,
  pollReminderJobHandler,
  REMIND_OVERDUE_JOB,
  reminderJobHandler,
} from "../meetings/index.js";
import type { AppServices } from "./app.js";

/** Registers every job handler on the app's runner. */
export function registerJobHandlers(services: AppServices): void {
  const { jobs, database, config, clock } = services;
  jobs.register(
    DELIVER_MAIL_JOB,
    mailDeliveryHandler({
      db: database.background,
      transport: createMailTransport(config.smtpUrl),
      from: config.mailFrom,
      clock,
    }),
    // Mail waits on a remote server; two at once keep a call's hundreds of messages moving.
    { concurrency: 2 },
  );
  registerCallJobs(services);
  jobs.register(
    REMIND_OVERDUE_JOB,
    reminderJobHandler({ db: database.db, clock, publicUrl: () => config.publicUrl }),
    { next: nextReminderRun },
  );
  jobs.register(
    POLL_REMINDER_JOB,
    pollReminderJobHandler({ db: database.db, clock, publicUrl: () => config.publicUrl }),
  );
  registerContributionJobs(services);
  registerAnalysisJobs(services);
  registerCampaignJobs(services);
  registerBackupJobs(services);
}
