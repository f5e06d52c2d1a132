import type { PublishedQuestionnaire } from "../../calls/index.js";
import type { SnippetPart } from "../../db/text-search.js";
import type { CycleRow, ForumRow } from "../../forums/index.js";
import {
  type CountryOption,
  countryName,
  isCountryCode,
  REGIONS,
  STAKEHOLDER_GROUPS,
} from "../../geo/countries.js";
import { languageName } from "../../geo/languages.js";
import { isolated, Snippet } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import type { GroupedCampaign } from "../campaign-grouping.js";
import {
  base,
  ContributionBody,
  ContributorName,
  contributorLabel,
  forumOf,
  licenceLabel,
  ReceivedWhen,
  SampleBadge,
  TIMELINESS,
  TimelinessBadge,
  When,
} from "../page-parts.js";
import type { ContributionFileRow, ContributionListing, ContributionRow } from "../queries.js";
import type { ContributionUsage } from "../usage.js";
import { LIST_PAGE_SIZE } from "./list-stats.js";

export interface ListFilters {
  stakeholder_group?: string;
  region?: string;
  country?: string;
  language?: string;
  timeliness?: string;
  variant?: string;
  q?: string;
  /** `grouped`: each confirmed campaign as one entry. */
  campaigns?: string;
  /** Only the copies of one confirmed campaign. */
  campaign?: string;
}

/** The public list with its filters, counts and the comparison with the previous cycle. */
export function ContributionListPage({
  ctx,
  forum,
  cycle,
  rows,
  snippets,
  groups,
  campaignOption,
  total,
  matching,
  offset,
  previous,
  filters,
  countries,
  languages,
  variants,
  isSecretariat,
  callOpen,
  nextCursor,
  previousCursor,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  /** The rows of this page, oldest first. */
  rows: ContributionListing[];
  /** A search's highlighted snippet per row, by id. */
  snippets?: Map<string, SnippetPart[]>;
  /** With campaigns grouped: the rows that stand for a confirmed campaign, by id. */
  groups?: Map<string, GroupedCampaign>;
  /** Whether to offer "each campaign as one entry" (the cycle has a confirmed campaign). */
  campaignOption: boolean;
  /** Published in the cycle, whatever the filters. */
  total: number;
  /** Matching the filters: exactly, or "more than" when the count stopped short. */
  matching: { value: number; exact: boolean };
  /** How many matching rows come before this page, when known. */
  offset: number | undefined;
  nextCursor: string | undefined;
  previousCursor: string | undefined;
  previous: { year: number; count: number } | undefined;
  filters: ListFilters;
  countries: readonly CountryOption[];
  languages: string[];
  variants: string[];
  isSecretariat: boolean;
  /** Whether the call takes contributions now: the link to the form shows only then. */
  callOpen: boolean;
}) {
  const t = ctx.t;
  const path = `${base(forum, cycle)}/contributions`;
  const select = (name: keyof ListFilters, label: string, options: { value: string; label: string }[]) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{t("contributions.filter.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={filters[name] === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const grouped = filters.campaigns === "grouped";
  // Grouping alone narrows nothing: its count goes beside the cycle's total, not in a "shown" status.
  const filtered = Object.entries(filters).some(([name, value]) => value && name !== "campaigns");
  return (
    <Layout ctx={ctx} title={t("contributions.list.title", { year: cycle.year })} forum={forumOf(forum)}>
      <h1>{t("contributions.list.title", { year: cycle.year })}</h1>
      <p class="lead">
        {t("contributions.list.count", { count: total })}
        {previous
          ? ` ${t("contributions.list.previous", { year: previous.year, count: previous.count })}`
          : ""}
        {grouped && !filtered
          ? ` ${t(matching.exact ? "contributions.list.groupedCount" : "contributions.list.groupedCountMore", { count: matching.value })}`
          : ""}
      </p>
      {filters.campaign ? (
        <p>
          {t("contributions.list.campaignOnly")} <a href={path}>{t("contributions.list.showAll")}</a>
        </p>
      ) : null}
      <p>
        {callOpen ? (
          <>
            <a href={`${base(forum, cycle)}/contribute`}>{t("contributions.list.contribute")}</a> ·{" "}
          </>
        ) : null}
        <a href={`${path}/annex`}>{t("contributions.annex.link")}</a> ·{" "}
        <a href={`${path.replace(/\/contributions$/, "")}/contributions.atom`}>Atom</a> ·{" "}
        <a href={`${base(forum, cycle)}/contributions.csv`}>CSV</a> ·{" "}
        <a href={`${base(forum, cycle)}/contributions.json`}>JSON</a>
        {isSecretariat ? (
          <>
            {" "}
            · <a href={`${path}/manage`}>{t("contributions.manage.link")}</a>
          </>
        ) : null}
      </p>
      <form method="get" action={path} class="filters">
        <div class="field">
          <label for="filter-q">{t("contributions.filter.search")}</label>
          <input type="search" id="filter-q" name="q" value={filters.q ?? ""} />
        </div>
        {select(
          "stakeholder_group",
          t("contributions.form.stakeholderGroup"),
          STAKEHOLDER_GROUPS.map((g) => ({ value: g, label: t(`geo.stakeholder.${g}`) })),
        )}
        {select(
          "region",
          t("contributions.filter.region"),
          REGIONS.map((r) => ({ value: r, label: t(`geo.region.${r}`) })),
        )}
        {select(
          "country",
          t("contributions.form.country"),
          countries.map((c) => ({ value: c.value, label: c.label })),
        )}
        {select(
          "language",
          t("contributions.filter.language"),
          languages.map((l) => ({ value: l, label: languageName(l, ctx.locale) })),
        )}
        {select(
          "timeliness",
          t("contributions.field.timeliness"),
          TIMELINESS.map((v) => ({ value: v, label: t(`contributions.timeliness.${v}`) })),
        )}
        {variants.length > 1
          ? select(
              "variant",
              t("contributions.filter.variant"),
              variants.map((v) => ({ value: v, label: v })),
            )
          : null}
        {campaignOption ? (
          <div class="choice">
            <input type="checkbox" id="filter-campaigns" name="campaigns" value="grouped" checked={grouped} />
            <label for="filter-campaigns">{t("contributions.list.groupCampaigns")}</label>
          </div>
        ) : null}
        {filters.campaign ? <input type="hidden" name="campaign" value={filters.campaign} /> : null}
        <button type="submit" class="button--secondary">
          {t("contributions.filter.apply")}
        </button>
      </form>
      {filtered ? (
        <p role="status">
          {matching.exact
            ? t("contributions.list.shown", { count: matching.value })
            : t("contributions.list.shownMore", { count: matching.value })}{" "}
          {matching.exact && matching.value === 0 ? (
            <a href={path}>{t("contributions.list.clearFilters")}</a>
          ) : null}
        </p>
      ) : null}
      {rows.length > 0 && (!matching.exact || matching.value > rows.length) ? (
        <p>
          {offset === undefined
            ? t(matching.exact ? "contributions.list.some" : "contributions.list.someMore", {
                shown: rows.length,
                count: matching.value,
              })
            : t(matching.exact ? "contributions.list.range" : "contributions.list.rangeMore", {
                from: offset + 1,
                to: offset + rows.length,
                count: matching.value,
              })}
        </p>
      ) : null}
      {rows.length === 0 ? (
        // Under filters, the status above already says that nothing matches.
        filtered ? null : (
          <p>{t("contributions.list.empty")}</p>
        )
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="muted">{t("contributions.list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("contributions.field.reference")}</th>
                <th scope="col">{t("contributions.field.contributor")}</th>
                <th scope="col">{t("contributions.form.stakeholderGroup")}</th>
                <th scope="col">{t("contributions.form.country")}</th>
                <th scope="col">{t("contributions.field.received")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`${path}/${r.reference}`}>{r.reference}</a> <SampleBadge ctx={ctx} row={r} />
                  </td>
                  <td>
                    <ContributorName ctx={ctx} c={r} />
                    <Snippet parts={snippets?.get(r.id)} lang={r.language ?? undefined} />
                    <CampaignCopies ctx={ctx} path={path} group={groups?.get(r.id)} />
                  </td>
                  <td>{r.stakeholder_group ? t(`geo.stakeholder.${r.stakeholder_group}`) : ""}</td>
                  <td>{r.country && isCountryCode(r.country) ? countryName(r.country, ctx.locale) : ""}</td>
                  <td>
                    {r.received_at ? <When ctx={ctx} at={r.received_at} forum={forum} /> : null}{" "}
                    <TimelinessBadge ctx={ctx} timeliness={r.timeliness} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor || previousCursor ? (
        <nav class="pager" aria-label={t("contributions.list.pages")}>
          {previousCursor ? (
            <a
              href={pageHref(path, filters, {
                before: previousCursor,
                at: offset === undefined ? undefined : String(Math.max(0, offset - LIST_PAGE_SIZE)),
              })}
              rel="prev"
            >
              <span class="arrow" aria-hidden="true">
                ←
              </span>{" "}
              {t("contributions.list.older", { size: rows.length })}
            </a>
          ) : null}
          {nextCursor ? (
            <a
              href={pageHref(path, filters, {
                after: nextCursor,
                at: offset === undefined ? undefined : String(offset + rows.length),
              })}
              rel="next"
            >
              {t("contributions.list.newer", { size: rows.length })}{" "}
              <span class="arrow" aria-hidden="true">
                →
              </span>
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}

/** "and N copies of the same letter", linking to the campaign's copies, on a campaign's representative. */
function CampaignCopies({
  ctx,
  path,
  group,
}: {
  ctx: PageContext;
  path: string;
  group: GroupedCampaign | undefined;
}) {
  if (!group || group.size < 2) return null;
  return (
    <div class="hint">
      <a href={`${path}?campaign=${encodeURIComponent(group.campaignId)}`}>
        {ctx.t("contributions.list.copies", { count: group.size - 1 })}
      </a>
    </div>
  );
}

/** The list's address with its filters and a page position. */
function pageHref(
  path: string,
  filters: ListFilters,
  position: { after?: string; before?: string; at?: string | undefined },
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  for (const [name, value] of Object.entries(position)) if (value) params.set(name, value);
  return `${path}?${params.toString()}`;
}

/** One contribution's public page. */
export function ContributionPage({
  ctx,
  forum,
  cycle,
  contribution: c,
  files,
  questionnaire,
  usages = [],
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  contribution: ContributionRow;
  files: ContributionFileRow[];
  questionnaire: PublishedQuestionnaire | undefined;
  /** Where other domains used it (registered through usage.ts). */
  usages?: ContributionUsage[];
}) {
  const t = ctx.t;
  const label = contributorLabel(c, t, ctx.locale);
  return (
    <Layout ctx={ctx} title={`${c.reference} · ${isolated(label)}`} forum={forumOf(forum)}>
      <h1>
        {c.reference}: <ContributorName ctx={ctx} c={c} /> <SampleBadge ctx={ctx} row={c} />
      </h1>
      {c.status !== "published" ? (
        <p class="notice notice--warning">
          {t(`contributions.status.${c.status}`)}
          {c.status_reason ? `: ${c.status_reason}` : ""}
        </p>
      ) : null}
      {c.is_sample ? <p class="notice">{t("contributions.sampleNote")}</p> : null}
      <dl class="facts">
        <dt>{t("contributions.field.received")}</dt>
        <dd>
          {c.received_at ? <ReceivedWhen ctx={ctx} at={c.received_at} forum={forum} /> : null}
          {c.received_source === "mail_date" ? ` (${t("contributions.receivedByMail")})` : ""}
        </dd>
        <dt>{t("contributions.field.timeliness")}</dt>
        <dd>
          <TimelinessBadge ctx={ctx} timeliness={c.timeliness} />
        </dd>
        {c.stakeholder_group ? (
          <>
            <dt>{t("contributions.form.stakeholderGroup")}</dt>
            <dd>{t(`geo.stakeholder.${c.stakeholder_group}`)}</dd>
          </>
        ) : null}
        {c.country && isCountryCode(c.country) ? (
          <>
            <dt>{t("contributions.form.country")}</dt>
            <dd>
              {countryName(c.country, ctx.locale)}
              {c.region ? ` (${t(`geo.region.${c.region}`)})` : ""}
            </dd>
          </>
        ) : null}
        {c.language ? (
          <>
            <dt>{t("contributions.filter.language")}</dt>
            <dd>{languageName(c.language, ctx.locale)}</dd>
          </>
        ) : null}
        <dt>{t("contributions.form.licence")}</dt>
        <dd>{c.licence ? licenceLabel(t, c.licence) : ""}</dd>
      </dl>
      <ContributionBody
        ctx={ctx}
        forum={forum}
        cycle={cycle}
        contribution={c}
        files={files}
        questionnaire={questionnaire}
        downloads
      />
      {usages.map((u) => (
        <section key={u.key} aria-labelledby={`usage-${u.key}`}>
          <h2 id={`usage-${u.key}`}>{u.title}</h2>
          <ul>
            {u.uses.map((use) => (
              <li key={use.href}>
                <a href={use.href}>{use.label}</a>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p>
        <a href={`${base(forum, cycle)}/contributions`}>{t("contributions.list.link")}</a>
      </p>
    </Layout>
  );
}

/** The annex "Contributions as of DATE": names and organisations, as in the records. */
export function AnnexPage({
  ctx,
  forum,
  cycle,
  rows,
  count,
  asOf,
  asOfLabel,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  rows: ContributionRow[];
  /** All contributions up to the date; more than `rows` when the page stops at its limit. */
  count: number;
  asOf: string;
  asOfLabel: string;
}) {
  const t = ctx.t;
  const path = `${base(forum, cycle)}/contributions/annex`;
  return (
    <Layout ctx={ctx} title={t("contributions.annex.title", { date: asOfLabel })} forum={forumOf(forum)}>
      <h1>{t("contributions.annex.title", { date: asOfLabel })}</h1>
      <form method="get" action={path} class="filters">
        <label for="annex-date">{t("contributions.annex.date")}</label>
        <input type="date" id="annex-date" name="date" value={asOf} />
        <button type="submit" class="button--secondary">
          {t("contributions.filter.apply")}
        </button>
      </form>
      <p>
        <a href={`${path}.docx?date=${asOf}`}>{t("contributions.annex.docx")}</a>
      </p>
      {count > rows.length ? (
        <p class="notice">
          {t("contributions.annex.partial", { shown: rows.length, count })}{" "}
          <a href={`${base(forum, cycle)}/contributions.csv`}>CSV</a>
        </p>
      ) : null}
      <ol>
        {rows.map((r) => (
          <li key={r.id}>
            <ContributorName ctx={ctx} c={r} /> <SampleBadge ctx={ctx} row={r} />
          </li>
        ))}
      </ol>
    </Layout>
  );
}
