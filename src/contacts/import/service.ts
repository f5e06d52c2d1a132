// Importing a list of contacts: every row checked first, a report naming each bad row and why, then either the
// good rows or nothing, as the person chooses, in one transaction (never half a list). A row whose address is
// already a contact's, or an earlier row's, is a duplicate and is not imported. Exporting writes its audit row.
import type { Kysely } from "kysely";
import { recordAudit } from "../../audit/index.js";
import type { Actor } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { COUNTRIES } from "../../geo/countries.js";
import type { MessageKey } from "../../ui/i18n/message-keys.js";
import { decodeTextFile } from "../../ui/text.js";
import { type ContactValues, checkContact } from "../contacts/fields.js";
import { actorName } from "../contacts/service.js";
import { requireContactManager, requireContactSecretariat } from "../policy.js";
import {
  insertContact,
  insertEvents,
  selectContacts,
  selectContactsByEmails,
  selectNris,
  selectOrganisations,
} from "../queries.js";
import { isZip, parseDelimited, parseXlsx, type SheetRow } from "./parse.js";
import { writeXlsx } from "./xlsx.js";

/** A bad row: where it is, what it said, and why it cannot be imported (catalogue keys). */
export interface BadRow {
  line: number;
  text: string;
  reasons: MessageKey[];
}

/** What checking a list found; `imported` is set once the good rows went in. */
export interface ImportReport {
  total: number;
  good: number;
  bad: BadRow[];
  imported: number;
  /** Good rows whose name looks like another contact's in the same organisation: imported, but worth a look. */
  similar: { line: number; name: string; like: string }[];
  /** Organisations good rows belong to that are neither contacts nor rows of the list: added as contacts. */
  newOrganisations: string[];
  /** The list as read, re-written as CSV, so the confirming form sends back exactly what was checked. */
  data: string;
}

const HEADERS: Record<string, string> = {
  name: "name",
  full_name: "name",
  contact: "name",
  honorific: "honorific",
  title: "honorific",
  salutation: "honorific",
  role: "role",
  position: "role",
  function: "role",
  kind: "kind",
  type: "kind",
  organisation: "organisation",
  organization: "organisation",
  belongs_to: "organisation",
  stakeholder_group: "stakeholder_group",
  group: "stakeholder_group",
  stakeholder: "stakeholder_group",
  country: "country",
  email: "email",
  e_mail: "email",
  address: "email",
  mail: "email",
  tags: "tags",
  expertise: "tags",
  notes: "notes",
  note: "notes",
  opted_out: "opted_out",
  opt_out: "opted_out",
  nri: "nri",
  initiative: "nri",
  nri_focal_point: "nri",
};

let countryByName: Map<string, string> | undefined;

/** A country code from an ISO code or the country's English name. */
function countryCode(text: string): string {
  const t = text.trim();
  if (!t || /^[a-z]{2}$/i.test(t)) return t.toUpperCase();
  if (!countryByName) {
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    countryByName = new Map(COUNTRIES.map((c) => [(names.of(c.code) ?? c.code).toLowerCase(), c.code]));
  }
  return countryByName.get(t.toLowerCase()) ?? t;
}

function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",;\n\t]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");
}

/** Reads a file's bytes (CSV or .xlsx) or pasted text into rows; unreadable input becomes one bad row. */
export function readList(source: { bytes?: Uint8Array; text?: string }): SheetRow[] | BadRow {
  try {
    const rows =
      source.bytes && isZip(source.bytes)
        ? parseXlsx(source.bytes)
        : parseDelimited(source.text ?? decodeTextFile(source.bytes ?? new Uint8Array()));
    // One Unicode form for every cell: a list exported on a Mac may spell "Société" with combining accents,
    // and must still find the organisation the forum already has (and make names that search alike).
    return rows.map((row) => ({ ...row, cells: row.cells.map((cell) => cell.normalize("NFC")) }));
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { line, text: "", reasons: ["contacts.import.unreadable"] };
  }
}

interface Checked {
  report: ImportReport;
  rows: { values: ContactValues; organisation: string }[];
}

async function checkList(
  db: Kysely<Database>,
  forumId: string,
  rows: SheetRow[] | BadRow,
  seesAddresses: boolean,
): Promise<Checked> {
  if (!Array.isArray(rows))
    return {
      report: { total: 0, good: 0, bad: [rows], imported: 0, similar: [], newOrganisations: [], data: "" },
      rows: [],
    };
  const [head, ...body] = rows;
  const header = (head?.cells ?? []).map(
    (h) =>
      HEADERS[
        h
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, "_")
      ] ?? "",
  );
  const data = rows.map((r) => csvLine(r.cells)).join("\n");
  if (!header.includes("name"))
    return {
      report: {
        total: 0,
        good: 0,
        bad: [
          {
            line: head?.line ?? 1,
            text: csvLine(head?.cells ?? []),
            reasons: ["contacts.import.noNameColumn"],
          },
        ],
        imported: 0,
        similar: [],
        newOrganisations: [],
        data,
      },
      rows: [],
    };
  const organisations = new Map(
    (await selectOrganisations(db, forumId)).map((o) => [o.name.toLowerCase(), o.id] as const),
  );
  const nris = new Map((await selectNris(db, forumId)).map((n) => [n.name.toLowerCase(), n.id] as const));
  const fileOrganisations = new Set<string>();
  const parsed: {
    line: number;
    text: string;
    values?: ContactValues;
    organisation: string;
    reasons: MessageKey[];
  }[] = [];
  for (const row of body) {
    // A spreadsheet's empty rows between blocks of people are nobody.
    if (row.cells.every((c) => !c.trim())) continue;
    const cell = (name: string) => {
      const i = header.indexOf(name);
      return i >= 0 ? (row.cells[i] ?? "").trim() : "";
    };
    const checked = checkContact({
      kind: cell("kind").toLowerCase(),
      honorific: cell("honorific"),
      name: cell("name"),
      role: cell("role"),
      stakeholder_group: cell("stakeholder_group"),
      country: countryCode(cell("country")),
      email: cell("email"),
      tags: cell("tags"),
      notes: cell("notes"),
      opted_out: cell("opted_out"),
    });
    const reasons = Object.values(checked.errors ?? {}) as MessageKey[];
    const nriName = cell("nri").toLowerCase();
    if (nriName && !nris.has(nriName)) reasons.push("contacts.import.unknownNri");
    if (checked.values && nriName) checked.values.nri_id = nris.get(nriName) ?? null;
    if (checked.values?.kind === "organisation") fileOrganisations.add(checked.values.name.toLowerCase());
    parsed.push({
      line: row.line,
      text: csvLine(row.cells),
      values: checked.values,
      organisation: cell("organisation"),
      reasons,
    });
  }
  const emails = parsed.flatMap((p) => (p.values?.email ? [p.values.email] : []));
  const existing = new Set(
    (await selectContactsByEmails(db, forumId, emails)).map((c) => (c.email ?? "").toLowerCase()),
  );
  const seen = new Set<string>();
  for (const p of parsed) {
    const email = p.values?.email?.toLowerCase();
    // Whoever may not read addresses is not told that one is on file, only that the row cannot go in here.
    if (email && existing.has(email))
      p.reasons.push(seesAddresses ? "contacts.import.duplicateExisting" : "contacts.import.addressRefused");
    else if (email && seen.has(email)) p.reasons.push("contacts.import.duplicateInFile");
    if (email) seen.add(email);
  }
  // A person's organisation the forum does not know yet is added with them, as people list their contacts
  // ("Wanjiru Kamau, KICTANet"), named as first written and with that person's group and country.
  const newOrganisations = new Map<
    string,
    { name: string; group: ContactValues["stakeholder_group"]; country: ContactValues["country"] }
  >();
  for (const p of parsed) {
    const org = p.organisation.toLowerCase();
    if (!p.values || p.reasons.length || p.values.kind !== "person") continue;
    if (org && !organisations.has(org) && !fileOrganisations.has(org) && !newOrganisations.has(org))
      newOrganisations.set(org, {
        name: p.organisation,
        group: p.values.stakeholder_group,
        country: p.values.country,
      });
  }
  const bad = parsed
    .filter((p) => p.reasons.length)
    .map((p) => ({ line: p.line, text: p.text, reasons: p.reasons }));
  const similar = await similarNames(
    db,
    forumId,
    organisations,
    parsed.filter((p) => p.values && !p.reasons.length),
  );
  const good = parsed.flatMap((p) =>
    p.values && !p.reasons.length ? [{ values: p.values, organisation: p.organisation }] : [],
  );
  return {
    report: {
      total: parsed.length,
      good: good.length,
      bad,
      imported: 0,
      similar,
      newOrganisations: [...newOrganisations.values()].map((o) => o.name),
      data,
    },
    rows: [
      ...[...newOrganisations.values()].map((o) => ({
        values: {
          kind: "organisation" as const,
          organisation_id: null,
          nri_id: null,
          honorific: "",
          name: o.name,
          role: "",
          stakeholder_group: o.group,
          country: o.country,
          email: null,
          tags: [],
          notes: "",
          opted_out: false,
        },
        organisation: "",
      })),
      ...good,
    ],
  };
}

/** A name compared without case, accents, punctuation or word order ("Kamau, Wanjiru" is "Wanjiru Kamau"). */
export function nameKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .sort()
    .join(" ");
}

/** Good rows named like an existing contact, or an earlier row, in the same organisation (or both in none). */
async function similarNames(
  db: Kysely<Database>,
  forumId: string,
  organisations: Map<string, string>,
  rows: { line: number; values?: ContactValues; organisation: string }[],
): Promise<ImportReport["similar"]> {
  const known = new Map<string, string>();
  for (const c of await selectContacts(db, { forumId }))
    known.set(`${c.organisation_id ?? ""}|${nameKey(c.name)}`, c.name);
  const similar: ImportReport["similar"] = [];
  for (const row of rows) {
    if (!row.values) continue;
    const org = row.organisation.toLowerCase();
    const key = `${org ? (organisations.get(org) ?? `file:${org}`) : ""}|${nameKey(row.values.name)}`;
    const like = known.get(key);
    if (like !== undefined) similar.push({ line: row.line, name: row.values.name, like });
    else known.set(key, row.values.name);
  }
  return similar;
}

/**
 * Checks a list and, when `mode` is "good", imports its good rows in one transaction (organisations first, so
 * people in the same file can belong to them). "check" and "nothing" change nothing.
 */
export async function importContacts(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    forumId: string;
    source: { bytes?: Uint8Array; text?: string };
    mode: "check" | "good" | "nothing";
  },
): Promise<ImportReport> {
  const access = await requireContactManager(db, args.actor, args.forumId);
  const checked = await checkList(db, args.forumId, readList(args.source), access.seesAddresses);
  if (args.mode !== "good" || checked.rows.length === 0) return checked.report;
  const addedBy = args.actor.kind === "user" ? args.actor.userId : null;
  const label = actorName(args.actor);
  const imported = await inTransaction(db, async (trx) => {
    const orgIds = new Map(
      (await selectOrganisations(trx, args.forumId)).map((o) => [o.name.toLowerCase(), o.id] as const),
    );
    const ordered = [...checked.rows].sort((a, b) =>
      a.values.kind === b.values.kind ? 0 : a.values.kind === "organisation" ? -1 : 1,
    );
    for (const row of ordered) {
      const organisationId = row.organisation ? (orgIds.get(row.organisation.toLowerCase()) ?? null) : null;
      const inserted = await insertContact(trx, {
        ...row.values,
        organisation_id: row.values.kind === "person" ? organisationId : null,
        forum_id: args.forumId,
        added_by: addedBy,
        added_by_label: label,
      });
      if (inserted.kind === "organisation") orgIds.set(inserted.name.toLowerCase(), inserted.id);
      if (inserted.opted_out)
        await insertEvents(trx, [{ forum_id: args.forumId, contact_id: inserted.id, kind: "opted_out" }]);
    }
    await recordAudit(trx, {
      actor: args.actor,
      forumId: args.forumId,
      action: "contact.import",
      subjectType: "forum",
      subjectId: args.forumId,
      after: { imported: ordered.length, bad: checked.report.bad.length },
    });
    return ordered.length;
  });
  return { ...checked.report, imported };
}

const EXPORT_COLUMNS = [
  "kind",
  "honorific",
  "name",
  "role",
  "organisation",
  "nri",
  "stakeholder_group",
  "country",
  "email",
  "tags",
  "notes",
  "opted_out",
  "added_by",
  "added_at",
] as const;

/**
 * The forum's contacts as CSV or a one-sheet .xlsx workbook, the same columns, with their addresses (the
 * secretariat's only); the export, and its format, is in the audit log.
 */
export async function exportContacts(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; format?: "csv" },
): Promise<string>;
export async function exportContacts(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; format: "xlsx" },
): Promise<Uint8Array>;
export async function exportContacts(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; format?: "csv" | "xlsx" },
): Promise<string | Uint8Array> {
  await requireContactSecretariat(db, args.actor, args.forumId);
  const format = args.format ?? "csv";
  const rows = await selectContacts(db, { forumId: args.forumId });
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const nriNames = new Map((await selectNris(db, args.forumId)).map((n) => [n.id, n.name]));
  await inTransaction(db, (trx) =>
    recordAudit(trx, {
      actor: args.actor,
      forumId: args.forumId,
      action: "contact.export",
      subjectType: "forum",
      subjectId: args.forumId,
      after: { rows: rows.length, with_addresses: true, format },
    }),
  );
  const cells = rows.map((r) => [
    r.kind,
    r.honorific,
    r.name,
    r.role,
    r.organisation_id ? (names.get(r.organisation_id) ?? "") : "",
    r.nri_id ? (nriNames.get(r.nri_id) ?? "") : "",
    r.stakeholder_group ?? "",
    r.country ?? "",
    r.email ?? "",
    r.tags.join("; "),
    r.notes,
    r.opted_out ? "yes" : "",
    r.added_by_label,
    r.created_at.toISOString(),
  ]);
  // The workbook's cells are all strings, which a spreadsheet never evaluates, so they hold the text as typed.
  if (format === "xlsx") return writeXlsx("Contacts", [[...EXPORT_COLUMNS], ...cells]);
  // A CSV cell a spreadsheet would run as a formula is quoted with an apostrophe (CSV injection).
  const safe = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);
  return `\uFEFF${[EXPORT_COLUMNS.join(","), ...cells.map((line) => csvLine(line.map(safe)))].join("\r\n")}\r\n`;
}

/** Refuses anyone who may not import contacts (before the import form is shown). */
export async function requireImporter(db: Kysely<Database>, actor: Actor, forumId: string): Promise<void> {
  await requireContactManager(db, actor, forumId);
}
