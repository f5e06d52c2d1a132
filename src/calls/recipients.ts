// Reading recipient lists: pasted "Name <address>" lines, or a CSV file with a header row
// (name,email,organisation,stakeholder_group,country, and optionally language and tags). Every line that
// cannot be read is reported with its number and the reason, so the person can fix just that line.
import { parse } from "csv-parse/sync";
import { isPlausibleEmail } from "../auth/sign-in.js";
import { isCountryCode, isStakeholderGroup } from "../geo/countries.js";
import { isLocale } from "../ui/i18n/locales.js";

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

/** Reads pasted lines: "Name <address>", "address", or "Name, address". */
export function parsePastedRecipients(text: string): ParsedRecipients {
  const recipients: RecipientInput[] = [];
  const problems: RecipientProblem[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    // Split by the last separator rather than with a backtracking pattern: a hostile line of thousands of
    // separators must cost linear time, not quadratic.
    if (line.length > MAX_LINE) {
      problems.push({ line: i + 1, text: line.slice(0, 80), reason: "calls.recipients.noAddress" });
      return;
    }
    let name = "";
    let email = "";
    const open = line.lastIndexOf("<");
    const separator = Math.max(line.lastIndexOf(","), line.lastIndexOf(";"));
    const afterSeparator = line.slice(separator + 1).trim();
    if (
      line.endsWith(">") &&
      open >= 0 &&
      !/[<>\s]/.test(line.slice(open + 1, -1)) &&
      open + 1 < line.length - 1
    ) {
      [name, email] = [line.slice(0, open), line.slice(open + 1, -1)];
    } else if (separator >= 0 && /^\S+@\S+$/.test(afterSeparator)) {
      [name, email] = [line.slice(0, separator), afterSeparator];
    } else if (/^\S+$/.test(line)) email = line;
    else {
      problems.push({ line: i + 1, text: line, reason: "calls.recipients.noAddress" });
      return;
    }
    email = email.trim().toLowerCase();
    name = name.trim().replace(/^"|"$/g, "");
    if (!isPlausibleEmail(email)) {
      problems.push({ line: i + 1, text: line, reason: "calls.recipients.badAddress" });
      return;
    }
    if (seen.has(email)) {
      problems.push({ line: i + 1, text: line, reason: "calls.recipients.duplicate" });
      return;
    }
    seen.add(email);
    recipients.push({ email, name });
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

/** Reads a CSV file with a header row; "email" is required, the other columns are optional. */
export function parseCsvRecipients(csv: string): ParsedRecipients {
  const recipients: RecipientInput[] = [];
  const problems: RecipientProblem[] = [];
  let rows: string[][];
  try {
    rows = parse(csv.replace(/^\uFEFF/, ""), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { recipients, problems: [{ line, text: "", reason: "calls.recipients.csvUnreadable" }] };
  }
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, "_"));
  const col = (name: string) => header.indexOf(name);
  if (col("email") < 0)
    return {
      recipients,
      problems: [{ line: 1, text: header.join(","), reason: "calls.recipients.csvNoEmail" }],
    };
  const seen = new Set<string>();
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const cell = (name: string) => (col(name) >= 0 ? (row[col(name)] ?? "").trim() : "");
    const text = row.join(",");
    const email = cell("email").toLowerCase();
    if (!isPlausibleEmail(email)) {
      problems.push({ line, text, reason: "calls.recipients.badAddress" });
      return;
    }
    if (seen.has(email)) {
      problems.push({ line, text, reason: "calls.recipients.duplicate" });
      return;
    }
    const rawGroup = cell("stakeholder_group")
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    const group = GROUP_ALIASES[rawGroup] ?? rawGroup;
    if (group && !isStakeholderGroup(group)) {
      problems.push({ line, text, reason: "calls.recipients.badGroup" });
      return;
    }
    const country = cell("country").toUpperCase();
    if (country && !isCountryCode(country)) {
      problems.push({ line, text, reason: "calls.recipients.badCountry" });
      return;
    }
    const language = cell("language").toLowerCase();
    seen.add(email);
    recipients.push({
      email,
      name: cell("name"),
      organisation: cell("organisation") || cell("organization"),
      stakeholderGroup: group,
      country,
      ...(isLocale(language) ? { language } : {}),
      tags: parseTags(cell("tags")),
    });
  });
  return { recipients, problems };
}
