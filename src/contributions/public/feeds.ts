// Feeds beside the public list: Atom for readers, CSV for spreadsheets, JSON for scripts. Published
// contributions only, with the same filters as the list.
import type { CycleRow, ForumRow } from "../../forums/index.js";
import type { Locale } from "../../ui/i18n/locales.js";
import type { Translate } from "../../ui/i18n/translate.js";
import { contributorLabel } from "../page-parts.js";
import type { ContributionRow, ExportRow } from "../queries.js";

export interface FeedContext {
  forum: ForumRow;
  cycle: CycleRow;
  publicUrl: string;
  t: Translate;
  locale: Locale;
}

export interface FeedInput extends FeedContext {
  rows: ContributionRow[];
}

/** Rows arriving in batches, oldest first, so an export of any size is written in bounded memory. */
export type RowBatches = AsyncIterable<ExportRow[]>;

const pageUrl = (i: FeedInput, r: ContributionRow) =>
  `${i.publicUrl}/f/${i.forum.slug}/${i.cycle.year}/contributions/${r.reference}`;

// Characters XML 1.0 forbids (all C0 controls but tab, newline and carriage return).
function stripControls(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) out += char;
  }
  return out;
}

function xml(text: string): string {
  return stripControls(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** The Atom feed of the rows given, newest first. */
export function atomFeed(i: FeedInput): string {
  const rows = i.rows;
  const self = `${i.publicUrl}/f/${i.forum.slug}/${i.cycle.year}/contributions.atom`;
  const updated = rows.reduce(
    (max, r) => Math.max(max, (r.published_at ?? r.received_at ?? r.updated_at).getTime()),
    0,
  );
  const entries = rows
    .map((r) => {
      const label = contributorLabel(r, i.t, i.locale);
      return `  <entry>
    <id>urn:uuid:${r.id}</id>
    <title>${xml(`${r.reference}: ${label}`)}</title>
    <link rel="alternate" href="${xml(pageUrl(i, r))}"/>
    <published>${(r.received_at ?? r.created_at).toISOString()}</published>
    <updated>${(r.published_at ?? r.updated_at).toISOString()}</updated>
    <author><name>${xml(label)}</name></author>
    <category term="${xml(r.timeliness ?? "")}"/>
    <summary>${xml(r.body_text.slice(0, 500))}</summary>
  </entry>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(self)}</id>
  <title>${xml(i.t("contributions.list.title", { year: i.cycle.year }))} · ${xml(i.forum.name)}</title>
  <link rel="self" href="${xml(self)}"/>
  <link rel="alternate" href="${xml(self.replace(/\.atom$/, ""))}"/>
  <updated>${new Date(updated || Date.now()).toISOString()}</updated>
${entries}
</feed>
`;
}

function csvCell(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Public columns of a contribution (anonymised ones without name, organisation). */
export function publicRecord(i: Pick<FeedContext, "forum" | "cycle" | "publicUrl">, r: ExportRow) {
  const anonymous = r.consent === "anonymous";
  return {
    id: r.id,
    reference: r.reference,
    url: `${i.publicUrl}/f/${i.forum.slug}/${i.cycle.year}/contributions/${r.reference}`,
    contributor_name: anonymous ? null : [r.honorific, r.contributor_name].filter(Boolean).join(" ") || null,
    organisation: anonymous ? null : r.organisation || null,
    anonymous,
    stakeholder_group: r.stakeholder_group,
    country: r.country,
    region: r.region,
    language: r.language,
    variant: r.variant_key,
    received_at: r.received_at?.toISOString() ?? null,
    received_from: r.received_source,
    timeliness: r.timeliness,
    status: r.status,
    licence: r.licence,
    is_sample: r.is_sample,
  };
}

const EXPORT_COLUMNS = [
  "reference",
  "contributor_name",
  "organisation",
  "stakeholder_group",
  "country",
  "region",
  "language",
  "variant",
  "received_at",
  "timeliness",
  "licence",
  "is_sample",
  "url",
] as const;

/** The CSV export, oldest first (the order contributions arrived in), written batch by batch. */
export async function* csvFeed(i: FeedContext, batches: RowBatches): AsyncGenerator<string> {
  yield `${EXPORT_COLUMNS.join(",")}\r\n`;
  for await (const rows of batches) {
    let chunk = "";
    for (const r of rows) {
      const record = publicRecord(i, r);
      chunk += `${EXPORT_COLUMNS.map((c) => csvCell(String(record[c] ?? ""))).join(",")}\r\n`;
    }
    yield chunk;
  }
}

/** The JSON export, written batch by batch; the count comes last, once every row has been written. */
export async function* jsonFeed(i: FeedContext, batches: RowBatches): AsyncGenerator<string> {
  yield `{"forum":${JSON.stringify(i.forum.slug)},"year":${i.cycle.year},"contributions":[`;
  let count = 0;
  for await (const rows of batches) {
    let chunk = "";
    for (const r of rows) chunk += `${count++ ? "," : ""}\n${JSON.stringify(publicRecord(i, r))}`;
    yield chunk;
  }
  yield `\n],"count":${count}}\n`;
}
