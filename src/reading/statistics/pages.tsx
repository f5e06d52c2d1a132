// The statistics page, public and in the workspace: one figure per dimension, each a bar chart drawn on the
// server as SVG (readable without JavaScript or a stylesheet) with a table of the same figures beside it for
// screen readers and for copying. Bars of this cycle are thick and dark, the previous cycle's thin and light beneath, so the
// two read apart without colour: this cycle's bar is the upper, thicker and darker one.
import { countryName, isCountryCode } from "../../geo/countries.js";
import { languageName } from "../../geo/languages.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { WorkspaceNav } from "../page-parts.js";
import { type ComparedRow, type Dimension, fitLabel, OTHERS, UNKNOWN } from "./figures.js";
import type { Statistics } from "./service.js";

/** A row's label in the reader's language. */
function rowLabel(ctx: PageContext, dimension: Dimension, key: string): string {
  const t = ctx.t;
  if (key === UNKNOWN) return t("reading.stats.unknown");
  if (key === OTHERS) return t("reading.stats.others");
  switch (dimension) {
    case "group":
      return t(`geo.stakeholder.${key}`);
    case "region":
      return t(`geo.region.${key}`);
    case "country":
      return isCountryCode(key) ? countryName(key, ctx.locale) : key;
    case "development":
      return t(`reading.stats.development.${key}`);
    case "language":
      return languageName(key, ctx.locale);
    case "timeliness":
      return t(`reading.stats.timeliness.${key}`);
    case "week":
      return t("reading.stats.week", { week: Number(key.slice(-2)) });
  }
}

const ROW = 22;
const LABEL = 170;
const BARS = 260;
const NUMBER = 60;
const WIDTH = LABEL + BARS + NUMBER;

/** A horizontal bar chart: each row's label, its bar (and the previous cycle's beneath), its figures. */
function BarChart({
  ctx,
  id,
  rows,
  labels,
  compared,
  title,
}: {
  ctx: PageContext;
  id: string;
  title: string;
  rows: ComparedRow[];
  labels: string[];
  compared: boolean;
}) {
  const max = Math.max(1, ...rows.map((r) => Math.max(r.count, compared ? r.previous : 0)));
  const rtl = ctx.dir === "rtl";
  // Right to left, the label sits on the right and bars grow leftwards.
  const x = (from: number, width: number) => (rtl ? WIDTH - from - width : from);
  const anchor = (end: boolean) => (end !== rtl ? "end" : "start");
  const height = rows.length * ROW + 4;
  const bars = rows.map((r, i) => ({
    ...r,
    y: i * ROW + 2,
    w: Math.round((r.count / max) * BARS),
    wp: Math.round((r.previous / max) * BARS),
  }));
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby={`${id}-caption`}
      class="bar-chart"
      // Positions are mirrored by hand for right-to-left pages; an inherited rtl direction would flip the anchors
      // again (and reorder "2017 / 2016"), so the drawing itself is laid out left to right.
      direction="ltr"
      font-size="12"
      font-family="system-ui, sans-serif"
    >
      <title>{title}</title>
      <g text-anchor={anchor(true)}>
        {rows.map((r, i) => (
          <text key={r.key} x={x(LABEL - 6, 0)} y={i * ROW + 16}>
            {fitLabel(labels[i] ?? "")}
          </text>
        ))}
      </g>
      <g fill="#1f5fa8">
        {bars.map((b) => (
          <rect key={b.key} x={x(LABEL, b.w)} y={b.y + 2} width={b.w} height={compared ? 9 : 16} />
        ))}
      </g>
      {compared ? (
        <g fill="#9db8d9">
          {bars.map((b) => (
            <rect key={b.key} x={x(LABEL, b.wp)} y={b.y + 12} width={b.wp} height={7} />
          ))}
        </g>
      ) : null}
      <g text-anchor={anchor(false)}>
        {bars.map((b) => (
          <text key={b.key} x={x(LABEL + Math.max(b.w, compared ? b.wp : 0) + 4, 0)} y={b.y + 14}>
            {compared ? `${b.count} / ${b.previous}` : b.count}
          </text>
        ))}
      </g>
    </svg>
  );
}

/** One dimension's figure: caption, chart and table. */
function Figure({
  ctx,
  dimension,
  rows,
  year,
  previousYear,
  grouped,
}: {
  ctx: PageContext;
  dimension: Dimension;
  rows: ComparedRow[];
  year: number;
  previousYear: number | undefined;
  grouped: boolean;
}) {
  const t = ctx.t;
  const id = `stats-${dimension}`;
  const labels = rows.map((r) => rowLabel(ctx, dimension, r.key));
  const compared = previousYear !== undefined;
  const what = t(`reading.stats.dimension.${dimension}`);
  const caption = compared
    ? t(grouped ? "reading.stats.captionComparedGrouped" : "reading.stats.captionCompared", {
        what,
        year,
        previous: previousYear,
      })
    : t(grouped ? "reading.stats.captionGrouped" : "reading.stats.caption", { what, year });
  return (
    <section aria-labelledby={`${id}-title`} class="statistics-figure">
      <h2 id={`${id}-title`}>{t(`reading.stats.dimension.${dimension}`)}</h2>
      {rows.length ? (
        <figure>
          <figcaption id={`${id}-caption`}>{caption}</figcaption>
          <BarChart ctx={ctx} id={id} rows={rows} labels={labels} compared={compared} title={caption} />
          <table>
            <thead>
              <tr>
                <th scope="col">{t(`reading.stats.dimension.${dimension}`)}</th>
                <th scope="col">{year}</th>
                {compared ? <th scope="col">{previousYear}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.key}>
                  <th scope="row">{labels[i]}</th>
                  <td>{r.count}</td>
                  {compared ? <td>{r.previous}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
          {dimension === "development" ? <p class="hint">{t("reading.stats.developmentNote")}</p> : null}
        </figure>
      ) : (
        <p>{t("reading.stats.nothing")}</p>
      )}
    </section>
  );
}

/** The statistics of a cycle's published contributions; `workspace` adds the members' navigation. */
export function StatisticsPage({
  ctx,
  forum,
  year,
  stats,
  workspace,
}: {
  ctx: PageContext;
  forum: { slug: string; name: string };
  year: number;
  stats: Statistics;
  workspace?: { overseer: boolean };
}) {
  const t = ctx.t;
  const title = t("reading.stats.title", { year });
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      {workspace ? (
        <WorkspaceNav
          ctx={ctx}
          forumSlug={forum.slug}
          year={year}
          current="statistics"
          overseer={workspace.overseer}
        />
      ) : null}
      <p>
        {t("reading.stats.total", { count: stats.total, year })}
        {stats.previous
          ? ` ${t("reading.stats.previousTotal", { count: stats.previous.total, year: stats.previous.year })}`
          : ""}
      </p>
      {stats.grouped ? <p role="note">{t("reading.stats.grouped")}</p> : null}
      {stats.campaigns || stats.grouped ? (
        <p>
          <a href={stats.grouped ? "?" : "?campaigns=grouped"}>
            {t(stats.grouped ? "reading.stats.countCopies" : "reading.stats.groupCampaigns")}
          </a>
        </p>
      ) : null}
      {stats.previous ? (
        <p class="hint">{t("reading.stats.legend", { year, previous: stats.previous.year })}</p>
      ) : null}
      {stats.dimensions.map(({ dimension, rows }) => (
        <Figure
          key={dimension}
          ctx={ctx}
          dimension={dimension}
          rows={rows}
          year={year}
          previousYear={stats.previous?.year}
          grouped={stats.grouped}
        />
      ))}
      <p>
        <a href={`/f/${forum.slug}/${year}/contributions`}>{t("reading.stats.list")}</a>
      </p>
    </Layout>
  );
}
