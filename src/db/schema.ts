// The whole database's types, assembled from each domain's own table declarations. A domain adds its
// tables in its own `tables.ts` and one `extends` entry here.
import type { AnalysisTables } from "../analysis/index.js";
import type { AuditTables } from "../audit/index.js";
import type { AccountTables, AuthTables } from "../auth/index.js";
import type { CallsTables } from "../calls/index.js";
import type { CampaignTables } from "../campaigns/index.js";
import type { ContactTables } from "../contacts/index.js";
import type { ContributionTables } from "../contributions/index.js";
import type { DocumentTables } from "../documents/index.js";
import type { ForumTables } from "../forums/index.js";
import type { JobTables } from "../jobs/tables.js";
import type { MailTables } from "../mail/index.js";
import type { MeetingTables } from "../meetings/index.js";
import type { ReadingTables } from "../reading/index.js";
import type { ServerTables } from "../server/tables.js";

export interface Database
  extends AnalysisTables,
    AuditTables,
    AuthTables,
    AccountTables,
    CallsTables,
    ContactTables,
    CampaignTables,
    ContributionTables,
    DocumentTables,
    ForumTables,
    JobTables,
    MailTables,
    MeetingTables,
    ReadingTables,
    ServerTables {}
