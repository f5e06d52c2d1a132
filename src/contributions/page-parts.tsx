import type { PublishedQuestionnaire } from "../calls/index.js";
import { formatBytes } from "../files/refusals.js";
import type { CycleRow, ForumRow, MilestoneRow } from "../forums/index.js";
import { formatInZone, MilestoneWhen, ZoneLink, zoneLabel } from "../forums/index.js";
import { countryName, isCountryCode } from "../geo/countries.js";
import { UserText } from "../ui/components.js";
import type { PageContext } from "../ui/page-context.js";
import { paragraphsOf } from "../ui/text.js";
import { deadlineStory } from "./deadline-policy.js";
import type { ContributionFileRow, ContributionRow } from "./queries.js";
import { AnswersView } from "./submit/answer-form.js";
import { LICENCES } from "./submit/details.js";

/** The cycle's milestones as stored: each with its own zone and whether it is a whole day. */
export type Milestones = readonly MilestoneRow[];

export const TIMELINESS = ["on_time", "guaranteed", "late"] as const;

export const forumOf = (forum: ForumRow) => ({ slug: forum.slug, name: forum.name });
export const base = (forum: ForumRow, cycle: CycleRow) => `/f/${forum.slug}/${cycle.year}`;

/** An instant in the reader's zone, or the forum's when the reader's is unknown. */
export function When({
  ctx,
  at,
  forum,
  seconds,
}: {
  ctx: PageContext;
  at: Date;
  forum: ForumRow;
  seconds?: boolean;
}) {
  const zone = ctx.timeZone ?? forum.time_zone;
  return (
    <time dateTime={at.toISOString()}>
      {formatInZone(at, zone, ctx.locale, seconds ? "date-time-seconds" : "date-time")}
    </time>
  );
}

/** "Mr. Ben Wallis / Microsoft", as the records list contributors; anonymised ones by group and country. */
export function contributorLabel(
  c: Pick<
    ContributionRow,
    "consent" | "honorific" | "contributor_name" | "organisation" | "stakeholder_group" | "country"
  >,
  t: PageContext["t"],
  locale: PageContext["locale"],
): string {
  if (c.consent === "anonymous") {
    const group = c.stakeholder_group ? t(`geo.stakeholder.${c.stakeholder_group}`) : "";
    const country = c.country && isCountryCode(c.country) ? countryName(c.country, locale) : "";
    return t("contributions.anonymous", { details: [group, country].filter(Boolean).join(", ") });
  }
  const person = [c.honorific, c.contributor_name].filter(Boolean).join(" ");
  return [person, c.organisation].filter(Boolean).join(" / ");
}

/**
 * Who sent a contribution, on a page: the name and organisation as `contributorLabel` (or, for the
 * secretariat, `moderatorLabel`) gives them, each isolated so a right-to-left name or a stray override
 * cannot reorder the " / " and what follows.
 */
export function ContributorName({
  ctx,
  c,
  forModerator = false,
}: {
  ctx: PageContext;
  c: Pick<
    ContributionRow,
    "consent" | "honorific" | "contributor_name" | "organisation" | "stakeholder_group" | "country"
  >;
  forModerator?: boolean;
}) {
  const person = [c.honorific, c.contributor_name].filter(Boolean).join(" ");
  const hidden = forModerator ? !person && !c.organisation : c.consent === "anonymous";
  if (hidden) return <>{contributorLabel({ ...c, consent: "anonymous" }, ctx.t, ctx.locale)}</>;
  return (
    <>
      <UserText text={person} />
      {person && c.organisation ? " / " : null}
      <UserText text={c.organisation} />
    </>
  );
}

export const receiptClocks = new Map<string, Intl.DateTimeFormat>();

/**
 * When a contribution was received, always on the forum's clock with the zone named, so the receipt, the
 * receipt mail and the private page give the same time whoever reads them.
 */
export function ReceivedWhen({ ctx, at, forum }: { ctx: PageContext; at: Date; forum: ForumRow }) {
  const key = `${ctx.locale}|${forum.time_zone}`;
  let clock = receiptClocks.get(key);
  if (!clock) {
    clock = new Intl.DateTimeFormat(ctx.locale, { timeStyle: "medium", timeZone: forum.time_zone });
    receiptClocks.set(key, clock);
  }
  return (
    <time dateTime={at.toISOString()}>
      {formatInZone(at, forum.time_zone, ctx.locale, "date")}, {clock.format(at)}{" "}
      <span class="zone">{zoneLabel(ctx, forum.time_zone, at)}</span>
    </time>
  );
}

/** The timeliness badge. */
export function TimelinessBadge({ ctx, timeliness }: { ctx: PageContext; timeliness: string | null }) {
  if (!timeliness) return null;
  return <span class={`badge badge--${timeliness}`}>{ctx.t(`contributions.timeliness.${timeliness}`)}</span>;
}

export function SampleBadge({ ctx, row }: { ctx: PageContext; row: Pick<ContributionRow, "is_sample"> }) {
  return row.is_sample ? <span class="badge">{ctx.t("contributions.sample")}</span> : null;
}

export function Deadlines({ ctx, milestones }: { ctx: PageContext; milestones: Milestones }) {
  const kinds = ["soft_deadline", "inclusion_cutoff", "call_closes"] as const;
  // As the call page shows them: the deadline's own day and zone, then the reader's time when known.
  const shown = kinds.flatMap((kind) => milestones.filter((m) => m.kind === kind));
  if (shown.length === 0) return null;
  // What each deadline means, in the words the call page uses (one policy: forums/time/timeliness.ts).
  const story = deadlineStory(milestones, ctx.locale, ctx.t);
  return (
    <>
      <dl class="facts">
        {shown.map((m) => (
          <div key={m.kind}>
            <dt>{ctx.t(`contributions.deadline.${m.kind}`)}</dt>
            <dd>
              <MilestoneWhen ctx={ctx} m={m} />
            </dd>
          </div>
        ))}
      </dl>
      <ZoneLink ctx={ctx} />
      <ul class="deadline-story">
        {story.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
    </>
  );
}

/** A licence as readers see it: a known licence by its name, any other in the secretariat's own words. */
export function licenceLabel(t: PageContext["t"], licence: string): string {
  return (LICENCES as readonly string[]).includes(licence) ? t(`contributions.licence.${licence}`) : licence;
}

export function ContributionBody({
  ctx,
  forum,
  cycle,
  contribution: c,
  files,
  questionnaire,
  downloads,
}: {
  ctx: PageContext;
  forum: ForumRow;
  cycle: CycleRow;
  contribution: ContributionRow;
  files: ContributionFileRow[];
  questionnaire: PublishedQuestionnaire | undefined;
  downloads: boolean;
}) {
  const t = ctx.t;
  return (
    <>
      {c.body_text ? (
        <section aria-labelledby="text-title">
          <h2 id="text-title">{t("contributions.field.text")}</h2>
          {paragraphsOf(c.body_text).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </section>
      ) : null}
      {questionnaire && Object.keys(c.answers).length ? (
        <section aria-labelledby="answers-title">
          <h2 id="answers-title">{t("contributions.field.answers")}</h2>
          <AnswersView questionnaire={questionnaire} answers={c.answers} locale={ctx.locale} t={t} />
        </section>
      ) : null}
      {files.length ? (
        <section aria-labelledby="files-title">
          <h2 id="files-title">{t("contributions.field.files")}</h2>
          <ul>
            {files.map((f) => (
              <li key={f.id}>
                {downloads && c.reference ? (
                  <a href={`${base(forum, cycle)}/contributions/${c.reference}/files/${f.id}`} download>
                    <UserText text={f.file_name} />
                  </a>
                ) : (
                  <UserText text={f.file_name} />
                )}{" "}
                ({t(`contributions.file.role.${f.role}`)}, {formatBytes(f.size)},{" "}
                {f.detected_type.toUpperCase()})
                {f.extraction_status === "done" && f.extracted_text ? (
                  <details>
                    <summary>{t("contributions.file.text")}</summary>
                    <div class="extracted-text" lang={f.language ?? undefined}>
                      {paragraphsOf(f.extracted_text)
                        .slice(0, 400)
                        .map((para, i) => (
                          <p key={i}>{para}</p>
                        ))}
                    </div>
                  </details>
                ) : (
                  <span class="muted"> {t(`contributions.file.extraction.${f.extraction_status}`)}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
