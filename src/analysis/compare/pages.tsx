// The compare pages: the cycle's questions to compare, and one question's answers side by side with the
// filters, the pages, and for a choice question a bar chart (SVG drawn on the server) with its table beside it.
import { type PublishedQuestionnaire, pickText, type Question } from "../../calls/index.js";
import type { ContributionRow } from "../../contributions/index.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import {
  type CountryOption,
  countryName,
  isCountryCode,
  REGIONS,
  STAKEHOLDER_GROUPS,
} from "../../geo/countries.js";
import { languageName } from "../../geo/languages.js";
import { UserText } from "../../ui/components.js";
import { LOCALES } from "../../ui/i18n/locales.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { analysisBase, contributorLabel } from "../workspace/pages.js";
import { type ComparedAnswer, type ComparedQuestion, type CompareFilter, OTHER } from "./service.js";

const TIMELINESS = ["on_time", "guaranteed", "late"] as const;

/** The names of the variants asking a question, in the reader's language ("Call for contributions, For NRIs"). */
const variantNames = (ctx: PageContext, q: ComparedQuestion) =>
  q.askedIn.map((v) => text(ctx, v, v.variantName) || v.variantKey).join(", ");

const text = (ctx: PageContext, q: PublishedQuestionnaire, value: Parameters<typeof pickText>[0]) =>
  pickText(value, ctx.locale, q.originalLanguage);

/** The cycle's questions, each linking to its comparison. */
export function CompareIndexPage({
  ctx,
  forum,
  cycle,
  questions,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  questions: ComparedQuestion[];
}) {
  const base = analysisBase(forum, cycle);
  const title = ctx.t("analysis.compare.title");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={base}>{ctx.t("analysis.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      <p>{ctx.t("analysis.compare.intro")}</p>
      {questions.length === 0 ? (
        <p>{ctx.t("analysis.compare.noQuestions")}</p>
      ) : (
        <ol>
          {questions.map((q) => (
            <li key={q.question.id}>
              <a href={`${base}/compare/${encodeURIComponent(q.question.id)}`}>
                <UserText text={text(ctx, q.questionnaire, q.question.label)} />
              </a>{" "}
              <span class="muted">
                ({ctx.t("analysis.compare.variants", { variants: variantNames(ctx, q) })})
              </span>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}

/** An answer as a reader sees it, whatever the question's type. */
function Answer({
  ctx,
  q,
  questionnaire,
  value,
}: {
  ctx: PageContext;
  q: Question;
  questionnaire: PublishedQuestionnaire;
  value: unknown;
}) {
  if (typeof value === "string") {
    if (q.type === "single_choice") {
      const option = q.options.find((o) => o.id === value);
      return <UserText text={option ? text(ctx, questionnaire, option.label) : value} />;
    }
    return (
      <div class="answer-text">
        <UserText text={value} />
      </div>
    );
  }
  if (q.type === "multiple_choice" && value && typeof value === "object") {
    const v = value as { selected?: string[]; other?: string };
    return (
      <ul>
        {(v.selected ?? []).map((id) => {
          const option = q.options.find((o) => o.id === id);
          return (
            <li key={id}>
              <UserText text={option ? text(ctx, questionnaire, option.label) : id} />
            </li>
          );
        })}
        {v.other ? (
          <li>
            {ctx.t("analysis.compare.other")}: <UserText text={v.other} />
          </li>
        ) : null}
      </ul>
    );
  }
  if (q.type === "item_list" && value && typeof value === "object") {
    const v = value as Record<string, string>;
    return (
      <dl>
        {q.items
          .filter((i) => typeof v[i.id] === "string" && v[i.id]!.trim())
          .map((i) => (
            <div key={i.id}>
              <dt>
                <UserText text={text(ctx, questionnaire, i.label)} />
              </dt>
              <dd>
                <UserText text={v[i.id]} />
              </dd>
            </div>
          ))}
      </dl>
    );
  }
  if (q.type === "link_list" && Array.isArray(value)) {
    return (
      <ul>
        {(value as { url?: string; title?: string }[]).map((l, i) => (
          // Shown as text: a contributor's link is not followed from the workspace without being read first.
          <li key={`${i}-${l.url}`}>
            <UserText text={l.title ? `${l.title} — ${l.url ?? ""}` : l.url} />
          </li>
        ))}
      </ul>
    );
  }
  return <UserText text={JSON.stringify(value)} />;
}

const ROW = 22;
const LABEL = 200;
const BARS = 260;
const NUMBER = 50;
const WIDTH = LABEL + BARS + NUMBER;

/** A horizontal bar chart of the options' counts, mirrored by hand on right-to-left pages. */
function ChoiceChart({
  ctx,
  title,
  rows,
}: {
  ctx: PageContext;
  title: string;
  rows: { label: string; count: number }[];
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const rtl = ctx.dir === "rtl";
  const x = (from: number, width: number) => (rtl ? WIDTH - from - width : from);
  const height = rows.length * ROW + 4;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby="choice-caption"
      class="bar-chart"
      direction="ltr"
      font-size="12"
      font-family="system-ui, sans-serif"
    >
      <title>{title}</title>
      {rows.map((r, i) => {
        const w = Math.round((r.count / max) * BARS);
        const label = r.label.length > 30 ? `${r.label.slice(0, 29)}…` : r.label;
        return (
          <g key={`${i}-${r.label}`}>
            <text x={x(LABEL - 6, 0)} y={i * ROW + 16} text-anchor={rtl ? "start" : "end"}>
              {label}
            </text>
            <rect x={x(LABEL, w)} y={i * ROW + 4} width={w} height={16} fill="#1f5fa8" />
            <text x={x(LABEL + w + 4, 0)} y={i * ROW + 16} text-anchor={rtl ? "end" : "start"}>
              {r.count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** One question's answers side by side, filtered and paged, with its choices counted. */
export function ComparePage({
  ctx,
  forum,
  cycle,
  compared,
  answers,
  counts,
  counting = false,
  filters,
  campaignOption,
  countries,
  nextHref,
  firstHref,
  selfHref,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  compared: ComparedQuestion;
  answers: ComparedAnswer[];
  counts: { counts: Map<string, number>; answered: number } | undefined;
  /** The counts are still being made (a large cycle's, not ready in time): say so and how to see them. */
  counting?: boolean;
  filters: CompareFilter;
  /** Whether to offer counting each confirmed campaign once (the cycle has one). */
  campaignOption: boolean;
  countries: readonly CountryOption[];
  nextHref: string | undefined;
  firstHref: string | undefined;
  /** This page's own address (its filters and place), to show it again. */
  selfHref?: string;
}) {
  const t = ctx.t;
  const base = analysisBase(forum, cycle);
  const { question: q, questionnaire } = compared;
  const label = text(ctx, questionnaire, q.label);
  const path = `${base}/compare/${encodeURIComponent(q.id)}`;
  const select = (
    name: string,
    key: keyof CompareFilter,
    title: string,
    options: { value: string; label: string }[],
  ) => (
    <div class="field">
      <label for={`filter-${name}`}>{title}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{t("analysis.compare.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={filters[key] === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const rows =
    counts && (q.type === "single_choice" || q.type === "multiple_choice")
      ? [
          ...q.options.map((o) => ({
            label: text(ctx, questionnaire, o.label),
            count: counts.counts.get(o.id) ?? 0,
          })),
          ...(q.type === "multiple_choice" && q.allowOther
            ? [{ label: t("analysis.compare.other"), count: counts.counts.get(OTHER) ?? 0 }]
            : []),
        ]
      : undefined;
  return (
    <Layout ctx={ctx} title={label} forum={forum}>
      <p>
        <a href={base}>{t("analysis.title", { year: cycle.year })}</a> ·{" "}
        <a href={`${base}/compare`}>{t("analysis.compare.title")}</a>
      </p>
      <h1>
        <UserText text={label} />
      </h1>
      <p class="muted">{t("analysis.compare.variants", { variants: variantNames(ctx, compared) })}</p>
      <form method="get" action={path} class="filters">
        {select(
          "stakeholder_group",
          "stakeholderGroup",
          t("analysis.compare.filter.group"),
          STAKEHOLDER_GROUPS.map((g) => ({ value: g, label: t(`geo.stakeholder.${g}`) })),
        )}
        {select(
          "region",
          "region",
          t("analysis.compare.filter.region"),
          REGIONS.map((r) => ({ value: r, label: t(`geo.region.${r}`) })),
        )}
        {select(
          "country",
          "country",
          t("analysis.compare.filter.country"),
          countries.map((c) => ({ value: c.value, label: c.label })),
        )}
        {select(
          "language",
          "language",
          t("analysis.compare.filter.language"),
          LOCALES.map((l) => ({ value: l, label: languageName(l, ctx.locale) })),
        )}
        {select(
          "timeliness",
          "timeliness",
          t("analysis.compare.filter.timeliness"),
          TIMELINESS.map((v) => ({ value: v, label: t(`reading.stats.timeliness.${v}`) })),
        )}
        {campaignOption ? (
          <div class="choice">
            <input
              type="checkbox"
              id="filter-campaigns"
              name="campaigns"
              value="grouped"
              checked={filters.groupCampaigns === true}
            />
            <label for="filter-campaigns">{t("analysis.compare.groupCampaigns")}</label>
          </div>
        ) : null}
        <button type="submit" class="button--secondary">
          {t("analysis.compare.filter.apply")}
        </button>
      </form>
      {rows && counts ? (
        <figure class="figure">
          <figcaption id="choice-caption">
            {t("analysis.compare.counts", { count: counts.answered })}
            {filters.groupCampaigns ? ` ${t("analysis.compare.campaignsOnce")}` : ""}
          </figcaption>
          <ChoiceChart ctx={ctx} title={label} rows={rows} />
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("analysis.compare.option")}</th>
                  <th scope="col">{t("analysis.compare.chosenBy")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={`${i}-${r.label}`}>
                    <th scope="row">
                      <UserText text={r.label} />
                    </th>
                    <td>{r.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </figure>
      ) : counting ? (
        <p role="status" class="notice">
          {t("analysis.compare.counting")} <a href={selfHref ?? path}>{t("analysis.compare.reload")}</a>
        </p>
      ) : null}
      <h2>{t("analysis.compare.answers")}</h2>
      {answers.length === 0 ? (
        <p role="status">{t("analysis.compare.none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("analysis.contributions.reference")}</th>
                <th scope="col">{t("analysis.contributions.contributor")}</th>
                <th scope="col">{t("analysis.compare.context")}</th>
                <th scope="col">{t("analysis.compare.answer")}</th>
              </tr>
            </thead>
            <tbody>
              {answers.map(({ contribution: c, answer }) => (
                <tr key={c.id}>
                  <th scope="row">
                    <a href={`${base}/contributions/${c.id}`}>{c.reference}</a>
                  </th>
                  <td>
                    <UserText text={contributorLabel(ctx, c)} />
                  </td>
                  <td>{contextOf(ctx, c)}</td>
                  <td lang={c.language || undefined}>
                    <Answer ctx={ctx} q={q} questionnaire={questionnaire} value={answer} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {firstHref ? <a href={firstHref}>{t("analysis.compare.first")}</a> : null}
        {firstHref && nextHref ? " · " : null}
        {nextHref ? <a href={nextHref}>{t("analysis.compare.next")}</a> : null}
      </p>
    </Layout>
  );
}

/** Who answered, in a few words: stakeholder group, country, variant. */
function contextOf(ctx: PageContext, c: ContributionRow): string {
  const parts = [
    c.stakeholder_group
      ? ctx.t(`geo.stakeholder.${c.stakeholder_group}` as "geo.stakeholder.civil_society")
      : "",
    c.country && isCountryCode(c.country) ? countryName(c.country, ctx.locale) : (c.country ?? ""),
    c.variant_key && c.variant_key !== "base" ? c.variant_key : "",
  ];
  return parts.filter(Boolean).join(" · ");
}
