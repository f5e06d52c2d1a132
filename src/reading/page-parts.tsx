// Pieces shared by the workspace's pages: its navigation, dates, and a contribution's sender.
import { countryName, isCountryCode } from "../geo/countries.js";
import { UserText } from "../ui/components.js";
import type { PageContext } from "../ui/page-context.js";
import { type ContributionRow, contributorOf } from "./published.js";

/** The workspace's address for a cycle. */
export const workspacePath = (forumSlug: string, year: number) => `/f/${forumSlug}/${year}/reading`;

/** The workspace's navigation: the reading list, statistics and (for the secretariat) who has read what. */
export function WorkspaceNav({
  ctx,
  forumSlug,
  year,
  current,
  overseer,
}: {
  ctx: PageContext;
  forumSlug: string;
  year: number;
  current: "list" | "statistics" | "who" | "contribution";
  overseer: boolean;
}) {
  const base = workspacePath(forumSlug, year);
  const links: { key: typeof current; href: string; label: string }[] = [
    { key: "list", href: base, label: ctx.t("reading.nav.list") },
    { key: "statistics", href: `${base}/statistics`, label: ctx.t("reading.nav.statistics") },
    ...(overseer ? [{ key: "who" as const, href: `${base}/who`, label: ctx.t("reading.nav.who") }] : []),
  ];
  return (
    <nav class="workspace-nav" aria-label={ctx.t("reading.nav.label", { year })}>
      <ul>
        {links.map((l) => (
          <li key={l.key}>
            <a href={l.href} aria-current={l.key === current ? "page" : undefined}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A day, in the reader's zone, as a <time> element. */
export function Day({ ctx, at }: { ctx: PageContext; at: Date }) {
  const zone = ctx.timeZone ?? "UTC";
  const key = `${ctx.locale}|${zone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(ctx.locale, { dateStyle: "medium", timeZone: zone });
    dateFormats.set(key, format);
  }
  return <time dateTime={at.toISOString()}>{format.format(at)}</time>;
}

/** Who sent a contribution as the public may know it: never the name of someone who asked to stay anonymous. */
export function Sender({ ctx, c }: { ctx: PageContext; c: ContributionRow }) {
  const who = contributorOf(c);
  if (who.anonymous) {
    const details = [
      c.stakeholder_group ? ctx.t(`geo.stakeholder.${c.stakeholder_group}`) : "",
      c.country && isCountryCode(c.country) ? countryName(c.country, ctx.locale) : "",
    ]
      .filter(Boolean)
      .join(", ");
    return <>{ctx.t("reading.anonymous", { details })}</>;
  }
  return (
    <>
      <UserText text={who.person} />
      {who.person && who.organisation ? " / " : null}
      <UserText text={who.organisation} />
    </>
  );
}
