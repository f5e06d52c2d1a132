// Coverage: the forum's contacts (not opted out) and published contributions by stakeholder group and UN M49
// sub-region, the empty cells named in words, and totals by region for the chart.
import type { Kysely } from "kysely";
import type { Actor } from "../../auth/index.js";
import { publishedCountsByGroupAndCountry } from "../../contributions/index.js";
import type { Database } from "../../db/schema.js";
import { cycleOfYear, listCycles } from "../../forums/index.js";
import {
  countryInfo,
  isCountryCode,
  REGIONS,
  type Region,
  STAKEHOLDER_GROUPS,
  SUBREGION_REGIONS,
  SUBREGIONS,
  type Subregion,
} from "../../geo/countries.js";
import { type ContactAccess, requireContactReader } from "../policy.js";
import { selectContacts } from "../queries.js";
import { invalidInput } from "../refusals.js";
import type { MapCell } from "./map.js";

/** Counts in one cell of the table. */
export interface Cell {
  contacts: number;
  contributions: number;
}

/** The coverage of a forum. */
export interface Coverage {
  access: ContactAccess;
  /** Sub-regions in M49 order, each with its region and a cell per stakeholder group. */
  rows: { subregion: Subregion; region: Region; cells: Record<string, Cell> }[];
  /** Totals per region, for the chart. */
  regions: { region: Region; contacts: number; contributions: number }[];
  /** Per stakeholder group, the sub-regions where the forum has no contact of that group. */
  noContact: { group: string; subregions: Subregion[] }[];
  /** Published contributions from a least developed country, a landlocked or a small island developing one. */
  fromLdc: number;
  fromLldc: number;
  fromSids: number;
  /** The stakeholder group the map shows, or null for all. */
  group: string | null;
  /** The cycle whose published contributions are counted (the latest unless chosen), null when none exists. */
  year: number | null;
  /** The forum's cycles' years, newest first, for the choice. */
  years: number[];
  /** Per sub-region, contacts and contributions of the map's group (or all), in M49 order. */
  map: MapCell[];
}

/**
 * The forum's coverage, for its members: its contacts, and the published contributions of one cycle (the year
 * given, else the latest), so "no contribution from a least developed country yet" speaks of this year.
 */
export async function coverage(
  db: Kysely<Database>,
  args: { actor: Actor; forumId: string; group?: string; year?: number | string },
): Promise<Coverage> {
  const access = await requireContactReader(db, args.actor, args.forumId);
  const group = (args.group ?? "").trim() || null;
  if (group && !(STAKEHOLDER_GROUPS as readonly string[]).includes(group))
    throw invalidInput("No such stakeholder group.", { group: "contacts.error.group" });
  const cycles = await listCycles(db, args.forumId);
  const asked = String(args.year ?? "").trim();
  const cycle = asked
    ? /^\d{4}$/.test(asked)
      ? await cycleOfYear(db, args.forumId, Number(asked))
      : undefined
    : cycles[0];
  if (asked && !cycle) throw invalidInput("No such cycle.", { year: "contacts.error.year" });
  const all = new Map<Subregion, Cell>(SUBREGIONS.map((s) => [s, { contacts: 0, contributions: 0 }]));
  const [contacts, contributions] = await Promise.all([
    selectContacts(db, { forumId: args.forumId }),
    cycle ? publishedCountsByGroupAndCountry(db, args.forumId, cycle.id) : Promise.resolve([]),
  ]);
  const table = new Map<Subregion, Record<string, Cell>>(
    SUBREGIONS.map((s) => [
      s,
      Object.fromEntries(STAKEHOLDER_GROUPS.map((g) => [g, { contacts: 0, contributions: 0 }])),
    ]),
  );
  const regionTotals = new Map<Region, { contacts: number; contributions: number }>(
    REGIONS.map((r) => [r, { contacts: 0, contributions: 0 }]),
  );
  const place = (country: string | null) => (country && isCountryCode(country) ? countryInfo(country) : null);
  for (const c of contacts) {
    if (c.opted_out) continue;
    const info = place(c.country);
    if (!info?.subregion || !info.region) continue;
    const total = regionTotals.get(info.region);
    if (total) total.contacts++;
    const sub = all.get(info.subregion);
    if (sub) sub.contacts++;
    const cell = c.stakeholder_group ? table.get(info.subregion)?.[c.stakeholder_group] : undefined;
    if (cell) cell.contacts++;
  }
  let fromLdc = 0;
  let fromLldc = 0;
  let fromSids = 0;
  for (const row of contributions) {
    const info = place(row.country);
    if (!info?.subregion || !info.region) continue;
    if (info.ldc) fromLdc += row.count;
    if (info.lldc) fromLldc += row.count;
    if (info.sids) fromSids += row.count;
    const total = regionTotals.get(info.region);
    if (total) total.contributions += row.count;
    const sub = all.get(info.subregion);
    if (sub) sub.contributions += row.count;
    const cell = row.stakeholder_group ? table.get(info.subregion)?.[row.stakeholder_group] : undefined;
    if (cell) cell.contributions += row.count;
  }
  const rows = SUBREGIONS.map((subregion) => ({
    subregion,
    region: SUBREGION_REGIONS[subregion] as Region,
    cells: table.get(subregion) ?? {},
  }));
  return {
    access,
    rows,
    regions: REGIONS.map((region) => ({
      region,
      ...(regionTotals.get(region) ?? { contacts: 0, contributions: 0 }),
    })),
    noContact: STAKEHOLDER_GROUPS.map((group) => ({
      group,
      subregions: rows.filter((r) => (r.cells[group]?.contacts ?? 0) === 0).map((r) => r.subregion),
    })).filter((g) => g.subregions.length > 0),
    fromLdc,
    fromLldc,
    fromSids,
    group,
    year: cycle?.year ?? null,
    years: cycles.map((c) => c.year),
    map: rows.map((r) => ({
      subregion: r.subregion,
      region: r.region,
      ...((group ? r.cells[group] : all.get(r.subregion)) ?? { contacts: 0, contributions: 0 }),
    })),
  };
}
