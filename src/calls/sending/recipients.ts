// Reading recipient lists: pasted "Name <address>" lines, or a CSV file with a header row
// (name,email,organisation,stakeholder_group,country, and optionally language and tags). Every line that
// cannot be read is reported with its number and the reason, so the person can fix just that line.
import { parse } from "csv-parse/sync";
import { isPlausibleEmail } from "../../auth/index.js";
import { isCountryCode, isStakeholderGroup } from "../../geo/countries.js";
import { isLocale } from "../../ui/i18n/locales.js";

/** One person to send the call to. */
export interface RecipientInput {
  email: string;
  name: string;
  organisation?: string;
  stakeholderGroup?: string;
  country?: string;
  language?: string;
  tags?: string[];
}

/** A line that could not be read: its number, its text and a catalogue key for the reason. */
export interface RecipientProblem {
  line: number;
  text: string;
  reason: string;
}

export interface ParsedRecipients {
  recipients: RecipientInput[];
  problems: RecipientProblem[];
}

/** Tags as typed ("NRI, africa") → ["nri", "africa"]. */
export function parseTags(text: string | undefined): string[] {
  return [
    ...new Set(
      (text ?? "")
        .split(/[,;]/)
        .map((t) => t.trim().toLowerCase().replace(/\s+/g, "-"))
        .filter((t) => /^[a-z0-9][a-z0-9_-]{0,39}$/.test(t)),
    ),
  ];
}

/** Longest line read as a recipient; anything longer is not a name and an address. */
const MAX_LINE = 1000;

/** An address in a pasted line: in angle brackets, or bare (no spaces, separators or quotes around it). */
const ADDRESS_IN_LINE = /<([^<>\s]*)>|([^\s<>,;"]+@[^\s<>,;"]+)/g;

/** Separators and quotes around a name: "Kofi Mensah, ", "; Leila\t", "\"Pérez, Ana\" ". */
const trimName = (text: string) =>
  text
    .replace(/^[\s,;]+|[\s,;]+$/g, "")
    .replace(/^"(.*)"$/s, "$1")
    .trim();

/**
 * The people on one pasted line, each with the name written before their address: one person ("Name
 * <address>", "Name, address", "Name<tab>address" from a spreadsheet) or several, as mail programs copy an
 * address list ("Ana <ana@…>; Bob <bob@…>", "ana@…, bob@…"). Text after the last address is not a name of
 * anyone, except in a spreadsheet's row, where the cells beside the address (organisation, country) are skipped.
 */
function entriesOfLine(line: string): { name: string; email: string }[] | undefined {
  const entries: { name: string; email: string }[] = [];
  let from = 0;
  for (const match of line.matchAll(ADDRESS_IN_LINE)) {
    const email = match[1] ?? match[2] ?? "";
    entries.push({ name: trimName(line.slice(from, match.index)), email });
    from = match.index + match[0].length;
  }
  // A single word that is no address is still read as one, so it is reported as a bad address.
  if (!entries.length) return /^\S+$/.test(line) ? [{ name: "", email: line }] : undefined;
  if (line.includes("\t") && entries.length === 1) {
    // A spreadsheet's row: the name is the first cell that is not the address, whichever side it is on.
    const entry = entries[0] as { name: string; email: string };
    const cell = line.split("\t").find((c) => c.trim() && !c.includes(entry.email));
    const own = entry.name.includes("\t") ? "" : entry.name;
    return [{ email: entry.email, name: own || trimName(cell ?? "") }];
  }
  if (trimName(line.slice(from))) return undefined;
  return entries;
}

/**
 * Reads pasted lines: "Name <address>", "address", "Name, address", a spreadsheet's "Name<tab>address", or a
 * mail program's list of several on one line, separated by semicolons or commas. Windows (CRLF) and old Mac
 * (CR) line ends count as line ends.
 */
export function parsePastedRecipients(text: string): ParsedRecipients {
  const recipients: RecipientInput[] = [];
  const problems: RecipientProblem[] = [];
  const seen = new Set<string>();
  text.split(/\r\n?|\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    // Longer lines are refused before any pattern runs on them: a hostile line of thousands of separators must
    // cost linear time, not quadratic.
    if (line.length > MAX_LINE) {
      problems.push({ line: i + 1, text: line.slice(0, 80), reason: "calls.recipients.noAddress" });
      return;
    }
    const entries = entriesOfLine(line);
    if (!entries) {
      problems.push({ line: i + 1, text: line, reason: "calls.recipients.noAddress" });
      return;
    }
    for (const entry of entries) {
      const email = entry.email.trim().toLowerCase();
      if (!isPlausibleEmail(email)) {
        problems.push({ line: i + 1, text: line, reason: "calls.recipients.badAddress" });
        continue;
      }
      if (seen.has(email)) {
        problems.push({ line: i + 1, text: line, reason: "calls.recipients.duplicate" });
        continue;
      }
      seen.add(email);
      recipients.push({ email, name: entry.name });
    }
  });
  return { recipients, problems };
}

const GROUP_ALIASES: Record<string, string> = {
  intergovernmental_organisation: "intergovernmental",
  intergovernmental_organization: "intergovernmental",
  igo: "intergovernmental",
  technical: "technical_community",
  private: "private_sector",
  business: "private_sector",
  civil: "civil_society",
  academic: "academia",
};

/** Column headings people use for the columns we read (after lower-casing, spaces and hyphens as "_"). */
const HEADER_ALIASES: Record<string, string> = {
  e_mail: "email",
  email_address: "email",
  e_mail_address: "email",
  mail: "email",
  full_name: "name",
  contact: "name",
  contact_name: "name",
  organization: "organisation",
  org: "organisation",
  institution: "organisation",
  stakeholder: "stakeholder_group",
  group: "stakeholder_group",
  stakeholder_type: "stakeholder_group",
  lang: "language",
  preferred_language: "language",
  tag: "tags",
};

/** Line breaks inside a record's fields (a quoted field may span lines). */
const lineBreaks = (record: string[]) => record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);

/** Reads a CSV file with a header row; "email" is required, the other columns are optional. */
export function parseCsvRecipients(csv: string): ParsedRecipients {
  const recipients: RecipientInput[] = [];
  const problems: RecipientProblem[] = [];
  // Each row with the file line it starts on: blank lines and quoted line breaks must not shift the numbers
  // people are told to fix. Line endings are made "\n" first (csv-parse miscounts CRLF after a blank line).
  let rows: { cells: string[]; line: number }[];
  try {
    const parsed = parse(csv.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    rows = parsed.map(({ record, info }) => ({ cells: record, line: info.lines - lineBreaks(record) }));
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { recipients, problems: [{ line, text: "", reason: "calls.recipients.csvUnreadable" }] };
  }
  const header = (rows[0]?.cells ?? []).map((h) => {
    const key = h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    return HEADER_ALIASES[key] ?? key;
  });
  const col = (name: string) => header.indexOf(name);
  if (col("email") < 0)
    return {
      recipients,
      problems: [
        {
          line: rows[0]?.line ?? 1,
          text: (rows[0]?.cells ?? []).join(","),
          reason: "calls.recipients.csvNoEmail",
        },
      ],
    };
  const seen = new Set<string>();
  for (const { cells: row, line } of rows.slice(1)) {
    const cell = (name: string) => (col(name) >= 0 ? (row[col(name)] ?? "").trim() : "");
    const text = row.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");
    const email = cell("email").toLowerCase();
    if (!isPlausibleEmail(email)) {
      problems.push({ line, text, reason: "calls.recipients.badAddress" });
      continue;
    }
    if (seen.has(email)) {
      problems.push({ line, text, reason: "calls.recipients.duplicate" });
      continue;
    }
    const rawGroup = cell("stakeholder_group")
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    const group = GROUP_ALIASES[rawGroup] ?? rawGroup;
    if (group && !isStakeholderGroup(group)) {
      problems.push({ line, text, reason: "calls.recipients.badGroup" });
      continue;
    }
    const country = cell("country").toUpperCase();
    if (country && !isCountryCode(country)) {
      problems.push({ line, text, reason: "calls.recipients.badCountry" });
      continue;
    }
    const language = cell("language").toLowerCase();
    seen.add(email);
    recipients.push({
      email,
      name: cell("name"),
      organisation: cell("organisation"),
      stakeholderGroup: group,
      country,
      ...(isLocale(language) ? { language } : {}),
      tags: parseTags(cell("tags")),
    });
  }
  return { recipients, problems };
}
