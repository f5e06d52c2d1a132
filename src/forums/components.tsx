// Showing milestones: each in the reader's zone and in its own zone, named; Anywhere on Earth spelled out.
import type { PageContext } from "../ui/page-context.js";
import type { MilestoneRow } from "./queries.js";
import { isDeadlineKind, isMilestoneKind } from "./time/milestone-kinds.js";
import { countdown } from "./time/timeliness.js";
import { describeZone, formatInZone, instantToZoned } from "./time/zones.js";

/** A zone's name as a reader sees it: "Anywhere on Earth (UTC−12)", or "Central European Time (UTC+01:00)". */
export function zoneLabel(ctx: PageContext, timeZone: string, at: Date): string {
  const label = describeZone(timeZone, at, ctx.locale);
  if (label.kind === "aoe") return ctx.t("forums.zone.aoe");
  const name = label.longName ?? label.name.replace(/_/g, " ");
  return `${name} (${label.offset})`;
}

/** The words for a milestone's kind (or its own label). */
export function milestoneName(ctx: PageContext, m: Pick<MilestoneRow, "kind" | "label">): string {
  if (m.kind === "custom" || !isMilestoneKind(m.kind))
    return m.label || ctx.t("forums.milestone.kind.custom");
  const name = ctx.t(`forums.milestone.kind.${m.kind}`);
  return m.label ? `${name}: ${m.label}` : name;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A milestone's date as it would be typed again: the date alone for a whole day, else the time on its own clock. */
export function milestoneAtText(m: Pick<MilestoneRow, "at" | "time_zone" | "all_day">): string {
  const z = instantToZoned(m.at, m.time_zone);
  const date = `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)}`;
  if (m.all_day) return date;
  const time = `${pad(z.hour)}:${pad(z.minute)}`;
  return z.second ? `${date}T${time}:${pad(z.second)}` : `${date}T${time}`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "20:59" or "8:59 PM" as the locale writes a time, on a zone's clock, without the zone's name. */
function clockTime(at: Date, timeZone: string, locale: string): string {
  const key = `${locale}|${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone });
    timeFormats.set(key, format);
  }
  return format.format(at);
}

/** A date and time on a zone's clock, e.g. "Saturday, 16 September 2017, 20:59". */
export function zonedDateTime(ctx: PageContext, at: Date, timeZone: string): string {
  return `${formatInZone(at, timeZone, ctx.locale, "weekday-date")}, ${clockTime(at, timeZone, ctx.locale)}`;
}

/**
 * When a milestone is, as one block that wraps like a sentence on a phone: its own day (or time) and zone, then
 * the same instant on the reader's clock when we know it and it differs ("18 December 2026, end of the day,
 * Anywhere on Earth (UTC−12) — 19 December, 13:59 for you"). The reader's zone is named once per page, by
 * `ZoneLink`, not on every row.
 */
export function MilestoneWhen({
  ctx,
  m,
  long = false,
}: {
  ctx: PageContext;
  m: Pick<MilestoneRow, "at" | "time_zone" | "all_day" | "kind">;
  /** With the weekday ("Friday, 15 September 2017"), where there is room: the cycle's timeline. */
  long?: boolean;
}) {
  const deadline = isMilestoneKind(m.kind) && isDeadlineKind(m.kind);
  const own = m.all_day
    ? ctx.t(deadline ? "forums.when.endOfDay" : "forums.when.startOfDay", {
        date: formatInZone(m.at, m.time_zone, ctx.locale, long ? "weekday-date" : "date"),
      })
    : zonedDateTime(ctx, m.at, m.time_zone);
  const reader = ctx.timeZone && ctx.timeZone !== m.time_zone ? ctx.timeZone : undefined;
  return (
    <span class="when">
      <time dateTime={m.at.toISOString()}>{own}</time>
      {ctx.t("forums.when.separator")}
      <span class="zone">{zoneLabel(ctx, m.time_zone, m.at)}</span>
      {reader ? (
        <>
          {" — "}
          <span class="when__reader">
            {ctx.t("forums.when.forYou", { when: formatInZone(m.at, reader, ctx.locale, "day-month-time") })}
          </span>
        </>
      ) : null}
    </span>
  );
}

/** "Closes in 3 days, 4 hours" / "closed 2 hours ago". */
export function countdownText(ctx: PageContext, now: Date, target: Date): string {
  const c = countdown(now, target);
  return ctx.t(c.past ? "forums.countdown.ago" : "forums.countdown.in", {
    days: c.days,
    hours: c.hours,
    minutes: c.minutes,
  });
}

/** A milestone's name, its own label marked with its language when it is the original standing in. */
function MilestoneName({ ctx, m }: { ctx: PageContext; m: MilestoneRow & { labelLang?: string } }) {
  if (!m.labelLang || !m.label) return <>{milestoneName(ctx, m)}</>;
  const label = <bdi lang={m.labelLang}>{m.label}</bdi>;
  if (m.kind === "custom" || !isMilestoneKind(m.kind)) return label;
  return (
    <>
      {ctx.t(`forums.milestone.kind.${m.kind}`)}
      {ctx.t("forums.when.labelColon")}
      {label}
    </>
  );
}

/** A cycle's timeline: every milestone in time order, past ones marked. */
export function Timeline({
  ctx,
  milestones,
  now,
}: {
  ctx: PageContext;
  /** `labelLang`: the language of a label shown untranslated (content translations). */
  milestones: (MilestoneRow & { labelLang?: string })[];
  now: Date;
}) {
  if (milestones.length === 0) return <p class="muted">{ctx.t("forums.timeline.empty")}</p>;
  return (
    <ol class="timeline">
      {milestones.map((m) => (
        <li
          key={m.id}
          class={m.at.getTime() < now.getTime() ? "timeline__item timeline__item--past" : "timeline__item"}
        >
          <strong>
            <MilestoneName ctx={ctx} m={m} />
          </strong>
          <br />
          <MilestoneWhen ctx={ctx} m={m} long />
        </li>
      ))}
    </ol>
  );
}

/**
 * Once per page that shows times: which zone they are also shown in, and a link to choose it (without
 * JavaScript; the script tells the browser's zone itself).
 */
export function ZoneLink({ ctx }: { ctx: PageContext }) {
  return (
    <p class="muted">
      {ctx.timeZone
        ? ctx.t("forums.zone.current", { zone: ctx.timeZone.replace(/_/g, " ") })
        : ctx.t("forums.zone.unknown")}{" "}
      <a href={`/tz?next=${encodeURIComponent(ctx.path)}`}>{ctx.t("forums.zone.change")}</a>
    </p>
  );
}
