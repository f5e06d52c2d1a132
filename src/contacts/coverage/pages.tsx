// The coverage page: what is missing in words first, then a chart of contacts and contributions by region
// (an SVG drawn on the server, its numbers in the table beside it) and the group × sub-region table.
import { STAKEHOLDER_GROUPS } from "../../geo/countries.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { Select } from "../contacts/pages.js";
import { ContactsNav, groupLabel } from "../page-parts.js";
import { CoverageMap } from "./map.js";
import type { Coverage } from "./service.js";

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
  const mapTitle = data.group
    ? t("contacts.coverage.mapTitleGroup", { group: groupLabel(ctx, data.group) })
    : t("contacts.coverage.mapTitle");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ContactsNav ctx={ctx} forumSlug={forum.slug} current="coverage" canManage={data.access.canManage} />
      <h2>{t("contacts.coverage.missingTitle")}</h2>
      {data.year !== null ? <p>{t("contacts.coverage.counting", { year: data.year })}</p> : null}
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
      <h2 id="coverage-map-heading">{t("contacts.coverage.mapHeading")}</h2>
      <form method="get" action={`/f/${forum.slug}/contacts/coverage`} class="filters">
        <Select
          name="group"
          label={t("contacts.field.group")}
          value={data.group ?? ""}
          empty={t("contacts.coverage.allGroups")}
          options={STAKEHOLDER_GROUPS.map((g) => ({ value: g, label: t(`geo.stakeholder.${g}`) }))}
        />
        {data.years.length > 1 ? (
          <Select
            name="year"
            label={t("contacts.coverage.year")}
            value={String(data.year ?? "")}
            empty={t("contacts.coverage.latestYear")}
            options={data.years.map((y) => ({ value: String(y), label: String(y) }))}
          />
        ) : null}
        <button type="submit" class="button--secondary">
          {t("contacts.filter.apply")}
        </button>
      </form>
      <div class="coverage-side">
        {/* Focusable so a keyboard can scroll the map on a narrow screen. */}
        <section class="coverage-map-wrap" tabindex={0} aria-labelledby="coverage-map-heading">
          <CoverageMap ctx={ctx} cells={data.map} title={mapTitle} />
        </section>
        <table>
          <caption>
            {data.group
              ? t("contacts.coverage.sideCaptionGroup", { group: groupLabel(ctx, data.group) })
              : t("contacts.coverage.sideCaption")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("contacts.coverage.subregion")}</th>
              <th scope="col">{t("contacts.coverage.contacts")}</th>
              <th scope="col">{t("contacts.coverage.contributions")}</th>
            </tr>
          </thead>
          <tbody>
            {data.map.map((c) => (
              <tr key={c.subregion} class={c.contacts === 0 ? "coverage-empty" : undefined}>
                <th scope="row">{t(`geo.subregion.${c.subregion}`)}</th>
                <td>{c.contacts}</td>
                <td>{c.contributions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("contacts.coverage.byRegion")}</h2>
      <div class="table-wrap">
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
