import { type DateReference, findDateMentions, resolveMention } from "./dates.js";
import { stripHonorific } from "./names.js";
import { type AnnexSection, stripListMarker } from "./structure.js";
import type { ReportContribution, ReportParticipant } from "./types.js";
import { tolerant } from "./typos.js";

const ORGANISATION_WORDS =
  /\b(?:association|organi[sz]ation|government|ministry|university|institute|foundation|coalition|council|forum|society|network|alliance|cent(?:re|er)|agency|commission|company|corporation|inc|ltd|llc|gmbh|igf|isoc|united nations|department|office|group|committee|union|federation|trust|project|initiative|authority|bank|school|college|academy|chamber|consortium|partnership|registry|cert|csirt|sig)\b/i;

/** Reads "Markus Kummer (Facilitator)" lines: one person a line, the role in parentheses. */
export function parseParticipants(annex: AnnexSection): ReportParticipant[] {
  const participants: ReportParticipant[] = [];
  for (const line of annex.lines) {
    const text = stripListMarker(line.text) ?? line.text;
    if (text.split(/\s+/).length > 12 || /:$/.test(text)) continue;
    const withRole = text.match(/^(.+?)\s*\(([^()]+)\)\s*$/);
    const name = stripHonorific(withRole ? withRole[1]! : text).name.replace(/[,;]$/, "");
    if (name === "") continue;
    participants.push({ name, role: withRole ? withRole[2]!.trim() : null });
  }
  return participants;
}

function looksLikeOrganisation(text: string): boolean {
  return ORGANISATION_WORDS.test(text) || text.split(/\s+/).length >= 5;
}

function readContribution(entry: string): ReportContribution {
  const { name: withoutHonorific, honorific } = stripHonorific(entry);
  const separated =
    withoutHonorific.match(/^(.+?)\s+(?:\/|–|—|-)\s+(.+)$/) ?? withoutHonorific.match(/^(.+?)\s*\/\s*(.+)$/);
  if (separated) return { name: separated[1]!.trim(), organisation: separated[2]!.trim() };
  const parenthesised = withoutHonorific.match(/^(.+?)\s*\(([^()]+)\)$/);
  if (parenthesised && honorific)
    return { name: parenthesised[1]!.trim(), organisation: parenthesised[2]!.trim() };
  if (!honorific && looksLikeOrganisation(withoutHonorific))
    return { name: null, organisation: withoutHonorific };
  return { name: withoutHonorific, organisation: null };
}

/**
 * Reads the contributions annex: one contributor an entry ("-Mr. Ben Wallis /
 * Microsoft"), the person and the organisation split at the slash; an entry
 * with no title and an organisation's name is an organisation without a
 * person. Lines without a bullet continue the entry above when the list uses
 * bullets.
 */
export function parseContributions(annex: AnnexSection): ReportContribution[] {
  const usesBullets = annex.lines.some((line) => stripListMarker(line.text) !== null);
  const entries: string[] = [];
  for (const line of annex.lines) {
    const item = stripListMarker(line.text);
    if (item !== null) entries.push(item);
    else if (usesBullets && entries.length > 0) entries[entries.length - 1] += ` ${line.text}`;
    else entries.push(line.text);
  }
  return entries.filter((entry) => entry.trim() !== "").map((entry) => readContribution(entry.trim()));
}

const AS_OF = new RegExp(
  `\\b(?:as\\s+(?:of|at)|${tolerant("received")}\\s+(?:by|${tolerant("until")})|up\\s+to)\\s+(.*)$`,
  "i",
);

/** Reads the "as of 18 September 2017" of a contributions annex title. */
export function readAsOfDate(title: string, reference: DateReference): string | null {
  const asOf = title.match(AS_OF);
  const mention = findDateMentions(asOf ? asOf[1]! : title)[0];
  return mention ? resolveMention(mention, reference, false) : null;
}
