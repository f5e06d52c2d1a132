// The whole database's types, assembled from each domain's own table declarations. A domain adds its
// tables in its own `tables.ts` and one `extends` entry here.
import type { AuditTables } from "../audit/tables.js";
import type { AccountTables, AuthTables } from "../auth/tables.js";
import type { CallsTables } from "../calls/index.js";
import type { ContactTables } from "../contacts/index.js";
import type { ContributionTables } from "../contributions/index.js";
import type { ForumTables } from "../forums/index.js";
import type { JobTables } from "../jobs/tables.js";
import type { MailTables } from "../mail/tables.js";
import type { MeetingTables } from "../meetings/index.js";
import type { ServerTables } from "../server/tables.js";

export interface Database
  extends AuditTables,
    AuthTables,
    AccountTables,
    CallsTables,
    ContactTables,
    ContributionTables,
    ForumTables,
    JobTables,
    MailTables,
    MeetingTables,
    ServerTables {}
