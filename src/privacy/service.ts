// Data subject requests: everything held about one e-mail address, gathered from every domain into a zip, or
// erased from every domain in one transaction. Both are written to the audit log by a hash of the address,
// so the log keeps the fact of the request without keeping the address.
import { createHash } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import type { Kysely } from "kysely";
import { analysisPersonalData } from "../analysis/index.js";
import { auditPersonalData, recordAudit } from "../audit/index.js";
import { type Actor, authPersonalData, findUserByEmail, requireSiteAdmin } from "../auth/index.js";
import { callsPersonalData } from "../calls/index.js";
import { campaignsPersonalData } from "../campaigns/index.js";
import { contactsPersonalData } from "../contacts/index.js";
import { contributionsPersonalData } from "../contributions/index.js";
import type { PersonalDataContext, PersonalDataProvider, PersonalDataSubject } from "../db/personal-data.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { documentsPersonalData } from "../documents/index.js";
import { forumsPersonalData } from "../forums/index.js";
import { mailPersonalData } from "../mail/index.js";
import { meetingsPersonalData } from "../meetings/index.js";
import { readingPersonalData } from "../reading/index.js";
import { invalid } from "../server/errors.js";

/**
 * Every domain's part, in the order they erase: those pointing at the account first, the account itself
 * (whose deletion cascades) after them, the audit log's scrubbing last. Read when a request is served, not
 * when this module loads: some domains (campaigns) reach this module back through their command line.
 */
const providers = (): PersonalDataProvider[] => [
  contributionsPersonalData,
  callsPersonalData,
  meetingsPersonalData,
  readingPersonalData,
  analysisPersonalData,
  campaignsPersonalData,
  documentsPersonalData,
  contactsPersonalData,
  forumsPersonalData,
  mailPersonalData,
  authPersonalData,
  auditPersonalData,
];

/** Who may export or erase a person's data: a site administrator (or the command line). */
export function requirePrivacyAccess(actor: Actor): void {
  requireSiteAdmin(actor);
}

/** The SHA-256 of a lower-cased address: what the audit log keeps of a data subject request. */
export function addressHash(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

function normalise(email: string): string {
  const address = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(address))
    throw invalid(
      "This is not an e-mail address.",
      { email: "privacy.invalidEmail" },
      { messageKey: "privacy.invalidEmail" },
    );
  return address;
}

/** Finds the person behind an address: their account and every name the domains know them by. */
export async function resolveSubject(db: Kysely<Database>, email: string): Promise<PersonalDataSubject> {
  const address = normalise(email);
  const user = await findUserByEmail(db, address);
  const names = new Set<string>();
  for (const provider of providers())
    for (const name of (await provider.names?.(db, address)) ?? []) if (name.trim()) names.add(name.trim());
  return { email: address, userId: user?.id ?? null, names: [...names] };
}

/** What an export found: the zip and how many rows and files each domain gave. */
export interface PersonalDataExport {
  zip: Uint8Array;
  counts: Record<string, number>;
  files: number;
}

/** Gathers everything held about the address into a zip (personal-data.json and files/), audited. */
export async function exportPersonalData(
  deps: { db: Kysely<Database>; dataDir: string; now: Date },
  args: { actor: Actor; email: string },
): Promise<PersonalDataExport> {
  requirePrivacyAccess(args.actor);
  return inTransaction(deps.db, async (trx) => {
    const subject = await resolveSubject(trx, args.email);
    const context: PersonalDataContext = { db: trx, dataDir: deps.dataDir, subject };
    const domains: Record<string, Record<string, unknown[]>> = {};
    const entries: Record<string, Uint8Array> = {};
    const counts: Record<string, number> = {};
    let files = 0;
    for (const provider of providers()) {
      const part = await provider.exportData(context);
      domains[provider.domain] = part.records;
      for (const [table, rows] of Object.entries(part.records)) counts[table] = rows.length;
      for (const file of part.files ?? []) {
        entries[`files/${provider.domain}/${file.name.replace(/[\\/]+(?=[^/]*$)/, "/")}`] = file.bytes;
        files++;
      }
    }
    const document = {
      email: subject.email,
      names: subject.names,
      exported_at: deps.now.toISOString(),
      domains,
    };
    entries["personal-data.json"] = strToU8(JSON.stringify(document, null, 2));
    await recordAudit(trx, {
      actor: args.actor,
      action: "privacy.export",
      subjectType: "person",
      after: { email_sha256: addressHash(subject.email), rows: counts, files },
    });
    return { zip: zipSync(entries, { level: 6 }), counts, files };
  });
}

/**
 * Erases everything held about the address: published contributions stay, anonymised; the rest is deleted
 * or has the person's name and address replaced. One transaction, audited by the address's hash.
 */
export async function erasePersonalData(
  deps: { db: Kysely<Database>; dataDir: string },
  args: { actor: Actor; email: string },
): Promise<Record<string, number>> {
  requirePrivacyAccess(args.actor);
  const { counts, context } = await inTransaction(deps.db, async (trx) => {
    const subject = await resolveSubject(trx, args.email);
    const context: PersonalDataContext = { db: trx, dataDir: deps.dataDir, subject };
    const counts: Record<string, number> = {};
    for (const provider of providers()) Object.assign(counts, await provider.erase(context));
    await recordAudit(trx, {
      actor: args.actor,
      action: "privacy.erase",
      subjectType: "person",
      after: { email_sha256: addressHash(subject.email), names: subject.names.length, ...counts },
    });
    return { counts, context };
  });
  for (const provider of providers()) await provider.afterErase?.({ ...context, db: deps.db });
  return counts;
}
