import type { CycleRow, ForumRow } from "../forums/index.js";
import { formatInZone, startOfDayInZone } from "../forums/index.js";
import type { PageContext } from "../ui/page-context.js";
import { inlineParts, type ParsedSummary } from "./format.js";
import { zoneLabel } from "./polls/mail.js";
import type { ActionRow } from "./queries.js";
export type ForumRef = Pick<ForumRow, "slug" | "name" | "time_zone">;

export const base = (forum: ForumRef, cycle: Pick<CycleRow, "year">) => `/f/${forum.slug}/${cycle.year}`;

/** The reader's zone: their profile's or browser's, else the forum's. */
export function readerZone(ctx: PageContext, forum: { time_zone: string }): string {
  return ctx.timeZone ?? forum.time_zone ?? "UTC";
}

/** "Japan Standard Time (Asia/Tokyo, UTC+09:00)". */
export function zoneName(ctx: PageContext, zone: string, at: Date): string {
  return zoneLabel(ctx.t, ctx.locale, zone, at);
}

export function formatDay(ctx: Pick<PageContext, "locale">, date: string): string {
  return formatInZone(startOfDayInZone(date, "UTC"), "UTC", ctx.locale, "date");
}

/** Text with its URLs as links and "[1]" as footnote references. */
export function RichText({ text, footnotes }: { text: string; footnotes?: boolean }) {
  return (
    <>
      {inlineParts(text).map((part, index) =>
        part.kind === "url" ? (
          <a key={index} href={part.value}>
            {part.value}
          </a>
        ) : part.kind === "ref" && footnotes ? (
          <sup key={index}>
            <a href={`#footnote-${part.value}`} id={`ref-${part.value}`}>
              {part.value}
            </a>
          </sup>
        ) : (
          <span key={index}>{part.kind === "ref" ? `[${part.value}]` : part.value}</span>
        ),
      )}
    </>
  );
}

export function SummaryBody({ ctx, summary }: { ctx: PageContext; summary: ParsedSummary }) {
  return (
    <>
      <ol class="summary-paragraphs">
        {summary.paragraphs.map((p, i) => (
          <li key={i} value={p.number}>
            {p.text.split("\n").map((line, i) => (
              <p key={i} dir="auto">
                <RichText text={line} footnotes />
              </p>
            ))}
          </li>
        ))}
      </ol>
      {summary.footnotes.length ? (
        <section aria-labelledby="footnotes-title">
          <h3 id="footnotes-title">{ctx.t("meetings.summary.footnotes")}</h3>
          <ol class="footnotes">
            {summary.footnotes.map((f) => (
              <li key={f.marker} id={`footnote-${f.marker}`} value={Number(f.marker)}>
                <bdi>
                  <RichText text={f.text} />
                </bdi>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

/** When a next step is due, as worded, else its date with its precision ("on or around 15 August 2017"). */
export function dueOf(
  ctx: Pick<PageContext, "t" | "locale">,
  action: Pick<ActionRow, "due_text" | "due_date" | "due_precision">,
): string {
  if (action.due_text) return action.due_text;
  if (!action.due_date) return "";
  return ctx.t(`meetings.due.${action.due_precision ?? "exact"}`, { date: formatDay(ctx, action.due_date) });
}
