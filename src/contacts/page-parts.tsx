// Small pieces the contacts pages share: the section's navigation and labels derived from geo's codes.
import type { PageContext } from "../ui/page-context.js";

/** The contacts section's links, the current one marked. */
export function ContactsNav({
  ctx,
  forumSlug,
  current,
  canManage,
}: {
  ctx: PageContext;
  forumSlug: string;
  current: "list" | "gaps" | "coverage" | "import" | "new" | "nris" | "duplicates";
  canManage: boolean;
}) {
  const base = `/f/${forumSlug}/contacts`;
  const links = [
    { key: "list", href: base, label: ctx.t("contacts.nav.list") },
    { key: "gaps", href: `${base}/gaps`, label: ctx.t("contacts.nav.gaps") },
    { key: "coverage", href: `${base}/coverage`, label: ctx.t("contacts.nav.coverage") },
    { key: "nris", href: `${base}/nris`, label: ctx.t("contacts.nav.nris") },
    ...(canManage
      ? [
          { key: "new", href: `${base}/new`, label: ctx.t("contacts.nav.new") },
          { key: "import", href: `${base}/import`, label: ctx.t("contacts.nav.import") },
          { key: "duplicates", href: `${base}/duplicates`, label: ctx.t("contacts.nav.duplicates") },
        ]
      : []),
  ];
  return (
    <nav aria-label={ctx.t("contacts.nav.label")} class="subnav">
      <ul class="inline-list">
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

/** A stakeholder group's label, or "no group". */
export function groupLabel(ctx: PageContext, group: string | null): string {
  return group ? ctx.t(`geo.stakeholder.${group}`) : ctx.t("contacts.field.noGroup");
}

/** A region's or sub-region's label. */
export function regionLabel(ctx: PageContext, region: string | null): string {
  return region
    ? region.includes("_") || !["africa", "americas", "asia", "europe", "oceania"].includes(region)
      ? ctx.t(`geo.subregion.${region}`)
      : ctx.t(`geo.region.${region}`)
    : ctx.t("geo.region.none");
}

/** The development statuses of a country in words ("least developed country, landlocked"), or "". */
export function statusLabel(
  ctx: PageContext,
  c: { ldc: boolean; lldc: boolean; sids: boolean; developing: boolean },
): string {
  return [
    c.ldc ? ctx.t("geo.ldc") : "",
    c.lldc ? ctx.t("geo.lldc") : "",
    c.sids ? ctx.t("geo.sids") : "",
    !c.ldc && !c.lldc && !c.sids && c.developing ? ctx.t("geo.developing") : "",
  ]
    .filter(Boolean)
    .join(", ");
}
