import { formatInZone } from "../../forums/index.js";
import { CsrfInput } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { dueOf, zoneName } from "../page-parts.js";
import type { ActionRow } from "../queries.js";
import type { MeetingKind } from "../tables.js";
import { meetingTitle } from "../titles.js";

/** A person's open next steps across forums. */
export function MyActionsPage({
  ctx,
  actions,
  polls,
}: {
  ctx: PageContext;
  actions: (ActionRow & {
    kind: MeetingKind;
    number: number | null;
    title: string;
    slug: string;
    year: number;
    forum_slug: string;
    forum_name: string;
  })[];
  /** Open polls the person is asked to answer and has not. */
  polls: {
    id: string;
    title: string;
    kind: MeetingKind;
    number: number | null;
    closes_at: Date | null;
    /** The poll's own zone: its closing time is shown in it when the reader's zone is not known. */
    time_zone: string;
    year: number;
    forum_slug: string;
    forum_name: string;
  }[];
}) {
  const title = ctx.t("meetings.mine.title");
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{ctx.t("meetings.mine.count", { count: actions.length })}</p>
      {actions.length ? (
        <ul class="my-actions">
          {actions.map((a) => (
            <li key={a.id}>
              <strong>{a.text}</strong>
              {dueOf(ctx, a) ? ` (${dueOf(ctx, a)})` : ""} —{" "}
              <a href={`/f/${a.forum_slug}/${a.year}/meetings/${a.slug}`}>
                {a.forum_name}: {meetingTitle(ctx.t, a)}
              </a>{" "}
              <form
                method="post"
                action={`/f/${a.forum_slug}/${a.year}/meetings/${a.slug}/actions/${a.id}`}
                class="inline"
              >
                <CsrfInput ctx={ctx} />
                <input type="hidden" name="status" value="done" />
                <input type="hidden" name="back" value="mine" />
                <button type="submit" class="button--secondary">
                  {ctx.t("meetings.action.markDone")}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
      {polls.length ? (
        <section aria-labelledby="my-polls-title">
          <h2 id="my-polls-title">{ctx.t("meetings.mine.polls")}</h2>
          <ul class="my-polls">
            {polls.map((p) => (
              <li key={p.id}>
                <a href={`/f/${p.forum_slug}/${p.year}/polls/${p.id}`}>
                  {p.forum_name}: {meetingTitle(ctx.t, p)}
                </a>
                {p.closes_at
                  ? ` (${ctx.t("meetings.mine.answerBy", {
                      when: formatInZone(
                        p.closes_at,
                        ctx.timeZone ?? p.time_zone,
                        ctx.locale,
                        "date-time-unzoned",
                      ),
                      zone: zoneName(ctx, ctx.timeZone ?? p.time_zone, p.closes_at),
                    })})`
                  : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
