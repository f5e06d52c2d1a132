// The figures of a cycle's statistics, counted from its published contributions' plain columns. Pure: rows
// in, counts out; the service reads the rows, the pages draw them.
import { countryInfo, isCountryCode, REGIONS, STAKEHOLDER_GROUPS } from "../../geo/countries.js";

/** What a contribution tells the statistics. */
export interface CountedRow {
  stakeholder_group: string | null;
  country: string | null;
  region: string | null;
  language: string | null;
  timeliness: string | null;
  received_at: Date | null;
}

/** The dimensions the statistics count by, in the order the pages show them. */
export const DIMENSIONS = [
  "group",
  "region",
  "country",
  "development",
  "language",
  "timeliness",
  "week",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Development status as the geo reference data gives it; LDC, LLDC and SIDS are counted among developing. */
export const DEVELOPMENT = ["developed", "developing", "ldc", "lldc", "sids"] as const;
const TIMELINESS = ["on_time", "guaranteed", "late"] as const;
/** The key of a count whose value the contribution did not give. */
export const UNKNOWN = "unknown";

/** One dimension's counts: key → number of contributions. */
export type Counts = Map<string, number>;

/** Every dimension's counts and the total. */
export interface Figures {
  total: number;
  counts: Record<Dimension, Counts>;
}

function add(counts: Counts, key: string) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The ISO week of a day in UTC, as "2017-W36" (weeks run Monday to Sunday; week 1 holds the first Thursday). */
export function isoWeek(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of the same week decides its year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** A counter to feed rows into, batch by batch, so a large cycle never sits in memory at once. */
export function figuresCounter() {
  const counts = Object.fromEntries(DIMENSIONS.map((d) => [d, new Map()])) as Record<Dimension, Counts>;
  let total = 0;
  return {
    add(row: CountedRow) {
      total += 1;
      add(counts.group, row.stakeholder_group || UNKNOWN);
      add(counts.region, row.region || UNKNOWN);
      add(counts.language, row.language || UNKNOWN);
      add(counts.timeliness, row.timeliness || UNKNOWN);
      add(counts.week, row.received_at ? isoWeek(row.received_at) : UNKNOWN);
      if (row.country && isCountryCode(row.country)) {
        add(counts.country, row.country);
        const info = countryInfo(row.country);
        add(counts.development, info.developing ? "developing" : "developed");
        if (info.ldc) add(counts.development, "ldc");
        if (info.lldc) add(counts.development, "lldc");
        if (info.sids) add(counts.development, "sids");
      } else {
        add(counts.country, UNKNOWN);
        add(counts.development, UNKNOWN);
      }
    },
    result(): Figures {
      return { total, counts };
    },
  };
}

/** One row of a comparison: a key with this cycle's and the previous cycle's counts. */
export interface ComparedRow {
  key: string;
  count: number;
  previous: number;
}

/** How many rows a long dimension (countries, languages) shows before the rest are summed as "others". */
export const TOP_ROWS = 15;
/** The key of the row summing the rest. */
export const OTHERS = "others";

/**
 * A dimension's rows in the order a reader expects: fixed lists in their own order (stakeholder groups,
 * regions, development, timeliness), weeks in time (aligned by week number across the two cycles), the
 * rest by count; long lists keep their first rows and sum the others. "Unknown" comes last.
 */
export function compare(
  dimension: Dimension,
  current: Figures,
  previous: Figures | undefined,
): ComparedRow[] {
  const now = current.counts[dimension];
  const before = previous?.counts[dimension] ?? new Map<string, number>();
  const fixed: Partial<Record<Dimension, readonly string[]>> = {
    group: STAKEHOLDER_GROUPS,
    region: REGIONS,
    development: DEVELOPMENT,
    timeliness: TIMELINESS,
  };
  if (dimension === "week") {
    // Week numbers line the two cycles up: week 36 of this year beside week 36 of the year before.
    const number = (key: string) => key.slice(-3);
    const previousByNumber = new Map<string, number>();
    for (const [key, n] of before) if (key !== UNKNOWN) previousByNumber.set(number(key), n);
    const keys = [...now.keys()].filter((k) => k !== UNKNOWN).sort();
    return keys.map((key) => ({
      key,
      count: now.get(key) ?? 0,
      previous: previousByNumber.get(number(key)) ?? 0,
    }));
  }
  const list = fixed[dimension];
  let keys: string[];
  if (list) keys = list.filter((k) => now.has(k) || before.has(k));
  else {
    keys = [...new Set([...now.keys(), ...before.keys()])]
      .filter((k) => k !== UNKNOWN)
      .sort(
        (a, b) =>
          (now.get(b) ?? 0) - (now.get(a) ?? 0) ||
          (before.get(b) ?? 0) - (before.get(a) ?? 0) ||
          a.localeCompare(b),
      );
  }
  let rows: ComparedRow[] = keys.map((key) => ({
    key,
    count: now.get(key) ?? 0,
    previous: before.get(key) ?? 0,
  }));
  if (!list && rows.length > TOP_ROWS + 1) {
    const rest = rows.slice(TOP_ROWS);
    rows = [
      ...rows.slice(0, TOP_ROWS),
      {
        key: OTHERS,
        count: rest.reduce((s, r) => s + r.count, 0),
        previous: rest.reduce((s, r) => s + r.previous, 0),
      },
    ];
  }
  if (now.has(UNKNOWN) || before.has(UNKNOWN))
    rows.push({ key: UNKNOWN, count: now.get(UNKNOWN) ?? 0, previous: before.get(UNKNOWN) ?? 0 });
  return rows;
}

/** About how many 12px Latin letters fit in the label column; a wide (CJK) character counts as two. */
const LABEL_UNITS = 24;

/** A label shortened with "…" to fit the chart's label column; the table beside the chart has it whole. */
export function fitLabel(label: string): string {
  let units = 0;
  const kept: string[] = [];
  for (const ch of label) {
    units += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) ? 2 : 1;
    if (units > LABEL_UNITS) return `${kept.join("").trimEnd()}…`;
    kept.push(ch);
  }
  return label;
}
