// The coverage page: what is missing in words first, then a chart of contacts and contributions by region
// (an SVG drawn on the server, its numbers in the table beside it) and the group × sub-region table.
import { STAKEHOLDER_GROUPS } from "../../geo/countries.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { ContactsNav, groupLabel } from "../page-parts.js";
import type { Coverage } from "./service.js";

function RegionChart({ ctx, regions }: { ctx: PageContext; regions: Coverage["regions"] }) {
  const t = ctx.t;
  const max = Math.max(1, ...regions.flatMap((r) => [r.contacts, r.contributions]));
  const rowHeight = 44;
  const labelWidth = 110;
  const barWidth = 300;
  const height = regions.length * rowHeight + 30;
  const width = labelWidth + barWidth + 60;
  return (
    <svg
      class="coverage-chart"
      role="img"
      aria-labelledby="coverage-chart-title"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      // The chart's geometry is left to right whatever the page's direction.
      dir="ltr"
    >
      <title id="coverage-chart-title">{t("contacts.coverage.chartTitle")}</title>
      {regions.map((r, i) => {
        const y = i * rowHeight + 4;
        const wContacts = Math.round((r.contacts / max) * barWidth);
        const wContrib = Math.round((r.contributions / max) * barWidth);
        return (
          <g key={r.region}>
            <text x={0} y={y + 16} font-size="13" fill="currentColor">
              {t(`geo.region.${r.region}`)}
            </text>
            <rect x={labelWidth} y={y + 4} width={wContacts} height={16} fill="#1d5fa8" />
            <text x={labelWidth + wContacts + 4} y={y + 17} font-size="12" fill="currentColor">
              {r.contacts}
            </text>
            <rect x={labelWidth} y={y + 22} width={wContrib} height={16} fill="#b35900" />
            <text x={labelWidth + wContrib + 4} y={y + 35} font-size="12" fill="currentColor">
              {r.contributions}
            </text>
          </g>
        );
      })}
      <rect x={labelWidth} y={height - 18} width={12} height={12} fill="#1d5fa8" />
      <text x={labelWidth + 16} y={height - 8} font-size="12" fill="currentColor">
        {t("contacts.coverage.contacts")}
      </text>
      <rect x={labelWidth + 120} y={height - 18} width={12} height={12} fill="#b35900" />
      <text x={labelWidth + 136} y={height - 8} font-size="12" fill="currentColor">
        {t("contacts.coverage.contributions")}
      </text>
    </svg>
  );
}

/** The coverage page. */
export function CoveragePage({
  ctx,
  forum,
  data,
}: {
  ctx: PageContext;
  forum: { slug: string; name: string };
  data: Coverage;
}) {
  const t = ctx.t;
  const title = t("contacts.coverage.title");
  const list = new Intl.ListFormat(ctx.locale, { type: "conjunction" });
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ContactsNav ctx={ctx} forumSlug={forum.slug} current="coverage" canManage={data.access.canManage} />
      <h2>{t("contacts.coverage.missingTitle")}</h2>
      <ul class="coverage-gaps">
        {data.noContact.map((g) => (
          <li key={g.group}>
            {t("contacts.coverage.noContact", {
              group: groupLabel(ctx, g.group),
              places: list.format(g.subregions.map((s) => t(`geo.subregion.${s}`))),
            })}
          </li>
        ))}
        {data.fromLdc === 0 ? <li>{t("contacts.coverage.noLdc")}</li> : null}
        {data.fromLldc === 0 ? <li>{t("contacts.coverage.noLldc")}</li> : null}
        {data.fromSids === 0 ? <li>{t("contacts.coverage.noSids")}</li> : null}
      </ul>
      <h2>{t("contacts.coverage.byRegion")}</h2>
      <div class="coverage-side">
        <RegionChart ctx={ctx} regions={data.regions} />
        <table>
          <caption>{t("contacts.coverage.byRegion")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("contacts.field.region")}</th>
              <th scope="col">{t("contacts.coverage.contacts")}</th>
              <th scope="col">{t("contacts.coverage.contributions")}</th>
            </tr>
          </thead>
          <tbody>
            {data.regions.map((r) => (
              <tr key={r.region}>
                <th scope="row">{t(`geo.region.${r.region}`)}</th>
                <td>{r.contacts}</td>
                <td>{r.contributions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("contacts.coverage.tableTitle")}</h2>
      <p>{t("contacts.coverage.tableHint")}</p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t("contacts.coverage.tableTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("contacts.coverage.subregion")}</th>
              {STAKEHOLDER_GROUPS.map((g) => (
                <th scope="col" key={g}>
                  {t(`geo.stakeholder.${g}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.subregion}>
                <th scope="row">{t(`geo.subregion.${r.subregion}`)}</th>
                {STAKEHOLDER_GROUPS.map((g) => {
                  const cell = r.cells[g] ?? { contacts: 0, contributions: 0 };
                  return (
                    <td key={g} class={cell.contacts === 0 ? "coverage-empty" : undefined}>
                      {cell.contacts === 0
                        ? t("contacts.coverage.cellEmpty", { contributions: cell.contributions })
                        : t("contacts.coverage.cell", {
                            contacts: cell.contacts,
                            contributions: cell.contributions,
                          })}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
