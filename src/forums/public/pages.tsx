// The forum's public pages: its home and each cycle.
import { CsrfInput, isolated, Message } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { countdownText, milestoneName, Timeline, ZoneLink } from "../components.js";
import type { CycleRow, ForumRow, MilestoneRow } from "../queries.js";
import { nextDeadline } from "../time/timeliness.js";
import { formatInZone } from "../time/zones.js";
import { ContentText, langAttributes } from "../translations/content.js";
import type { ContentLookup } from "../translations/service.js";

/** One entry a section lists under its summary: a document or a meeting, newest first. */
export interface CycleSectionItem {
  title: string;
  /** The title's language when it is not the page's (an untranslated title standing in). */
  lang?: string;
  href: string;
  /** A calendar date, YYYY-MM-DD, shown beside the title. */
  date?: string;
}

/** What other domains contribute to a cycle's page: a heading, a line of summary and a link, and optionally
 * a few of the latest entries (at most three are shown). */
export interface CycleSection {
  key: string;
  title: string;
  summary: string;
  href: string;
  items?: CycleSectionItem[];
}

function SectionItems({ ctx, items }: { ctx: PageContext; items: CycleSectionItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul class="card__items">
      {items.slice(0, 3).map((item) => (
        <li key={item.href}>
          <a href={item.href} lang={item.lang}>
            {item.title}
          </a>
          {item.date ? (
            <>
              {" "}
              <span class="muted">
                <time dateTime={item.date}>
                  {formatInZone(new Date(`${item.date}T12:00:00Z`), "UTC", ctx.locale, "date")}
                </time>
              </span>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export interface CycleView {
  cycle: CycleRow;
  milestones: MilestoneRow[];
  rosterCount: number;
  sections: CycleSection[];
  /** The secretariat's texts (forum, cycles, milestones) in the reader's language, or marked as the original. */
  texts: ContentLookup;
}

function NextDeadline({ ctx, milestones, now }: { ctx: PageContext; milestones: MilestoneRow[]; now: Date }) {
  const byKind = Object.fromEntries(milestones.filter((m) => m.kind !== "custom").map((m) => [m.kind, m.at]));
  const next = nextDeadline(now, byKind);
  if (!next) return null;
  const m = milestones.find((x) => x.kind === next.kind);
  if (!m) return null;
  return (
    <p class="notice" role="status">
      <strong>{milestoneName(ctx, m)}</strong>: {countdownText(ctx, now, next.at)}
    </p>
  );
}

function CycleBody({
  ctx,
  forum,
  view,
  now,
  viewerRoles,
}: {
  ctx: PageContext;
  forum: ForumRow;
  view: CycleView;
  now: Date;
  viewerRoles: string[];
}) {
  const { cycle } = view;
  const isManager = viewerRoles.includes("secretariat");
  const description = view.texts("cycle", cycle.id, "description", cycle.description);
  // Milestones' own labels in the reader's language; a fallback label keeps its language (Timeline marks it).
  const milestones = view.milestones.map((m) => {
    const label = view.texts("milestone", m.id, "label", m.label);
    return { ...m, label: label.text, labelLang: label.fallback ? label.lang : undefined };
  });
  return (
    <>
      <p>
        <span class="badge">{ctx.t(`forums.cycle.status.${cycle.status}`)}</span>
        {cycle.focus ? (
          <>
            {" "}
            <Message
              ctx={ctx}
              id="forums.cycle.focus"
              values={{ focus: <ContentText value={view.texts("cycle", cycle.id, "focus", cycle.focus)} /> }}
            />
          </>
        ) : null}
      </p>
      {description.text ? <p {...langAttributes(description)}>{description.text}</p> : null}
      <NextDeadline ctx={ctx} milestones={milestones} now={now} />
      {view.sections.length ? (
        <ul class="cards">
          {view.sections.map((s) => (
            <li class="card" key={s.key}>
              <h3>
                <a href={s.href}>{s.title}</a>
              </h3>
              <p>{s.summary}</p>
              {s.items ? <SectionItems ctx={ctx} items={s.items} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <h3>{ctx.t("forums.timeline.title")}</h3>
      <Timeline ctx={ctx} milestones={milestones} now={now} />
      <ZoneLink ctx={ctx} />
      <p>
        {ctx.t("forums.roster.count", { count: view.rosterCount })}
        {viewerRoles.length ? (
          <>
            {" "}
            <a href={`/f/${forum.slug}/${cycle.year}/members`}>{ctx.t("forums.roster.see")}</a>
          </>
        ) : null}
      </p>
      {isManager ? (
        <p>
          <a class="button button--secondary" href={`/f/${forum.slug}/${cycle.year}/manage`}>
            {ctx.t("forums.cycle.manage", { year: cycle.year })}
          </a>
        </p>
      ) : null}
    </>
  );
}

/** /f/{forum}: the forum's home. */
export function ForumHomePage(props: {
  ctx: PageContext;
  forum: ForumRow;
  current: CycleView | undefined;
  cycles: CycleRow[];
  now: Date;
  viewerRoles: string[];
  canJoin: boolean;
  texts: ContentLookup;
}) {
  const { ctx, forum, current, cycles, now, viewerRoles, texts } = props;
  const isManager = viewerRoles.includes("secretariat");
  const name = texts("forum", forum.id, "name", forum.name);
  const description = texts("forum", forum.id, "description", forum.description);
  return (
    <Layout
      ctx={ctx}
      title={ctx.t("forums.home.title")}
      forum={{ ...forum, name: name.text, nameLang: name.lang }}
    >
      <h1>
        <ContentText value={name} />
      </h1>
      {description.text ? (
        <p class="lead" {...langAttributes(description)}>
          {description.text}
        </p>
      ) : null}
      {forum.host_organisation ? (
        <p class="muted">{ctx.t("forums.home.host", { host: isolated(forum.host_organisation) })}</p>
      ) : null}
      {forum.is_demo ? <p class="notice notice--warning">{ctx.t("forums.demo.notice")}</p> : null}
      {current ? (
        <section aria-labelledby="current-cycle">
          <h2 id="current-cycle">
            <a href={`/f/${forum.slug}/${current.cycle.year}`}>
              {ctx.t("forums.cycle.title", { year: current.cycle.year })}
            </a>
          </h2>
          <CycleBody ctx={ctx} forum={forum} view={current} now={now} viewerRoles={viewerRoles} />
        </section>
      ) : (
        <p>{ctx.t("forums.home.noCycle")}</p>
      )}
      {cycles.length > 1 ? (
        <section aria-labelledby="all-cycles">
          <h2 id="all-cycles">{ctx.t("forums.home.cycles")}</h2>
          <ul>
            {cycles.map((c) => (
              <li key={c.id}>
                <a href={`/f/${forum.slug}/${c.year}`}>{ctx.t("forums.cycle.title", { year: c.year })}</a>
                {c.focus ? (
                  <>
                    {" — "}
                    <ContentText value={texts("cycle", c.id, "focus", c.focus)} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="follow">
        <h2 id="follow">{ctx.t("forums.home.follow")}</h2>
        <ul>
          <li>
            <a href={`/f/${forum.slug}/calendar.ics`}>{ctx.t("forums.home.calendar")}</a>
          </li>
          {forum.mailing_list ? (
            <li>
              {ctx.t("forums.home.mailingList")}{" "}
              <a href={`mailto:${forum.mailing_list}`}>{forum.mailing_list}</a>
            </li>
          ) : null}
        </ul>
        {props.canJoin ? (
          <p>
            <a class="button" href={`/f/${forum.slug}/join`}>
              {ctx.t("forums.join.cta")}
            </a>
          </p>
        ) : null}
      </section>
      {isManager ? (
        <section aria-labelledby="manage">
          <h2 id="manage">{ctx.t("forums.manage.title")}</h2>
          <ul>
            <li>
              <a href={`/f/${forum.slug}/manage`}>{ctx.t("forums.manage.forum")}</a>
            </li>
            <li>
              <a href={`/f/${forum.slug}/roles`}>{ctx.t("auth.roles.title")}</a>
            </li>
            <li>
              <a href={`/f/${forum.slug}/audit`}>{ctx.t("audit.title")}</a>
            </li>
            <li>
              <a href={`/f/${forum.slug}/translations`}>{ctx.t("forums.manage.translations")}</a>
            </li>
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

/** /f/{forum}/{year}: one cycle. */
export function CyclePage(props: {
  ctx: PageContext;
  forum: ForumRow;
  view: CycleView;
  previous: CycleRow | undefined;
  now: Date;
  viewerRoles: string[];
}) {
  const { ctx, forum, view, previous, now, viewerRoles } = props;
  return (
    <Layout ctx={ctx} title={ctx.t("forums.cycle.title", { year: view.cycle.year })} forum={forum}>
      <h1>{ctx.t("forums.cycle.title", { year: view.cycle.year })}</h1>
      <CycleBody ctx={ctx} forum={forum} view={view} now={now} viewerRoles={viewerRoles} />
      {previous ? (
        <p>
          {ctx.t("forums.cycle.continues")}{" "}
          <a href={`/f/${forum.slug}/${previous.year}`}>
            {ctx.t("forums.cycle.title", { year: previous.year })}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** /tz: choose the zone times are shown in, without JavaScript. */
export function ZonePage({ ctx, zones, next }: { ctx: PageContext; zones: string[]; next: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t("forums.zone.title")}>
      <h1>{ctx.t("forums.zone.title")}</h1>
      <form method="post" action="/tz">
        <CsrfInput ctx={ctx} />
        <input type="hidden" name="next" value={next} />
        <label for="zone">{ctx.t("forums.zone.chooser")}</label>
        <select id="zone" name="zone">
          {zones.map((z) => (
            <option key={z} value={z} selected={ctx.timeZone === z}>
              {z.replace(/_/g, " ")}
            </option>
          ))}
        </select>
        <p>
          <button type="submit">{ctx.t("forums.zone.show")}</button>
        </p>
      </form>
    </Layout>
  );
}
