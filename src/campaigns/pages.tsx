// The secretariat's campaign pages: a cycle's campaigns (each once, with its count, its representative text and
// when its copies arrived), and one campaign with its members and, for a member, what it adds to the template.
import type { ForumRow } from "../forums/index.js";
import { CsrfInput, Instant, Notice, UserText } from "../ui/components.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";
import type { DiffPart } from "./detection/index.js";
import type { CampaignRow, CampaignRunRow } from "./queries.js";
import { BURST_MINUTES } from "./signals.js";
import type { CampaignView } from "./view.js";

/** Where a cycle's campaign pages live. */
export function campaignsPath(forumSlug: string, year: number): string {
  return `/f/${forumSlug}/${year}/campaigns`;
}

function RunState({ ctx, run }: { ctx: PageContext; run: CampaignRunRow | undefined }) {
  if (!run) return <p>{ctx.t("campaigns.list.notRun")}</p>;
  return (
    <p role="status">
      {ctx.t("campaigns.run.state", {
        status: run.status,
        processed: run.processed,
        campaigns: run.campaigns,
      })}
    </p>
  );
}

/** A cycle's campaigns, largest first, and the form to detect them again. */
export function CampaignsPage(props: {
  ctx: PageContext;
  forum: ForumRow;
  year: number;
  campaigns: CampaignRow[];
  run: CampaignRunRow | undefined;
  queued: boolean;
}) {
  const { ctx, forum, year, campaigns } = props;
  const base = campaignsPath(forum.slug, year);
  return (
    <Layout ctx={ctx} title={ctx.t("campaigns.list.title", { year })} forum={forum}>
      <h1>{ctx.t("campaigns.list.title", { year })}</h1>
      {props.queued ? <Notice text={ctx.t("campaigns.run.queued")} /> : null}
      <p>{ctx.t("campaigns.list.intro")}</p>
      <RunState ctx={ctx} run={props.run} />
      <form method="post" action={`${base}/detect`}>
        <CsrfInput ctx={ctx} />
        <button type="submit">{ctx.t(props.run ? "campaigns.run.start" : "campaigns.run.first")}</button>
      </form>
      {campaigns.length === 0 ? (
        props.run?.status === "done" ? (
          <p>{ctx.t("campaigns.list.none")}</p>
        ) : null
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t("campaigns.list.size")}</th>
              <th scope="col">{ctx.t("campaigns.list.excerpt")}</th>
              <th scope="col">{ctx.t("campaigns.list.first")}</th>
              <th scope="col">{ctx.t("campaigns.list.last")}</th>
              <th scope="col">{ctx.t("campaigns.list.status")}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={`${base}/${c.id}`}>{c.size}</a>
                </td>
                <td>
                  <UserText text={c.excerpt} />
                </td>
                <td>{c.first_at ? <Instant ctx={ctx} at={c.first_at} /> : null}</td>
                <td>{c.last_at ? <Instant ctx={ctx} at={c.last_at} /> : null}</td>
                <td>{ctx.t(`campaigns.status.${c.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function DiffView({ ctx, parts }: { ctx: PageContext; parts: DiffPart[] }) {
  return (
    <section aria-labelledby="campaign-diff">
      <h2 id="campaign-diff">{ctx.t("campaigns.diff.title")}</h2>
      <p class="campaign-diff">
        {parts.map((part, i) =>
          part.kind === "same" ? (
            <span key={i}>{part.text} </span>
          ) : part.kind === "added" ? (
            <ins key={i} title={ctx.t("campaigns.diff.added")}>
              {part.text}{" "}
            </ins>
          ) : (
            <del key={i} title={ctx.t("campaigns.diff.removed")}>
              {part.text}{" "}
            </del>
          ),
        )}
      </p>
    </section>
  );
}

/** One campaign: its decision, representative, signals, arrivals by day, a page of copies with what each adds. */
export function CampaignPage(props: {
  ctx: PageContext;
  forum: ForumRow;
  year: number;
  view: CampaignView;
  compared?: { memberId: string; parts: DiffPart[] } | undefined;
  split?: boolean;
}) {
  const { ctx, forum, year } = props;
  const { campaign, signals, copies } = props.view;
  const base = campaignsPath(forum.slug, year);
  const self = `${base}/${campaign.id}`;
  const title = ctx.t("campaigns.one.title", { size: campaign.size });
  const busiest = Math.max(1, ...signals.days.map((d) => d.count));
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={base}>{ctx.t("campaigns.one.back")}</a>
      </p>
      <h1>{title}</h1>
      {props.split ? <Notice text={ctx.t("campaigns.split.done")} /> : null}
      <p>{ctx.t(`campaigns.status.${campaign.status}`)}</p>
      <form method="post" action={`${self}/decision`} class="inline">
        <CsrfInput ctx={ctx} />
        <button type="submit" name="decision" value="confirmed">
          {ctx.t("campaigns.one.confirm")}
        </button>{" "}
        <button type="submit" name="decision" value="dismissed" class="button--secondary">
          {ctx.t("campaigns.one.dismiss")}
        </button>
      </form>
      <h2>{ctx.t("campaigns.one.representative")}</h2>
      <blockquote>
        <UserText text={props.view.template} />
      </blockquote>
      {props.compared ? <DiffView ctx={ctx} parts={props.compared.parts} /> : null}

      <h2>{ctx.t("campaigns.signals.title")}</h2>
      {signals.considered < campaign.size ? (
        <p>{ctx.t("campaigns.signals.considered", { count: signals.considered })}</p>
      ) : null}
      <ul>
        {signals.burst ? (
          <li>
            {ctx.t("campaigns.signals.burst", { count: signals.burst.count, minutes: BURST_MINUTES })}{" "}
            <Instant ctx={ctx} at={signals.burst.from} />
          </li>
        ) : null}
        {signals.repeatedAddresses.length === 0 ? (
          <li>{ctx.t("campaigns.signals.noRepeats")}</li>
        ) : (
          signals.repeatedAddresses.map((a) => (
            <li key={a.address}>
              {ctx.t("campaigns.signals.repeated", { address: a.address, count: a.count })}
            </li>
          ))
        )}
      </ul>
      {signals.domains.length ? (
        <table>
          <caption>{ctx.t("campaigns.signals.domains")}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.t("campaigns.signals.domain")}</th>
              <th scope="col">{ctx.t("campaigns.list.size")}</th>
            </tr>
          </thead>
          <tbody>
            {signals.domains.map((d) => (
              <tr key={d.domain}>
                <td>{d.domain}</td>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <h2>{ctx.t("campaigns.timeline.title")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{ctx.t("campaigns.timeline.day")}</th>
            <th scope="col">{ctx.t("campaigns.list.size")}</th>
            <th scope="col">
              <span class="visually-hidden">{ctx.t("campaigns.timeline.bar")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {signals.days.map((d) => (
            <tr key={d.day}>
              <td>{d.day}</td>
              <td>{d.count}</td>
              <td>
                <meter min={0} max={busiest} value={d.count} aria-label={`${d.day}: ${d.count}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{ctx.t("campaigns.one.members")}</h2>
      <form method="post" action={`${self}/split`}>
        <CsrfInput ctx={ctx} />
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t("campaigns.copies.choose")}</th>
              <th scope="col">{ctx.t("campaigns.copies.who")}</th>
              <th scope="col">{ctx.t("campaigns.copies.received")}</th>
              <th scope="col">{ctx.t("campaigns.copies.adds")}</th>
            </tr>
          </thead>
          <tbody>
            {copies.map((c) => (
              <tr key={c.id}>
                <td>
                  <input
                    type="checkbox"
                    name="member"
                    value={c.id}
                    id={`m-${c.id}`}
                    aria-label={ctx.t("campaigns.copies.chooseOne", { who: c.reference ?? c.id })}
                  />
                </td>
                <td>
                  <a href={`/f/${forum.slug}/${year}/contributions/manage/${c.id}`}>{c.reference ?? c.id}</a>{" "}
                  <UserText text={c.contributorName} />
                </td>
                <td>{c.receivedAt ? <Instant ctx={ctx} at={c.receivedAt} /> : null}</td>
                <td>
                  {c.additions.length ? (
                    <ins>
                      <UserText text={c.additions.join(" … ")} />
                    </ins>
                  ) : (
                    ctx.t("campaigns.copies.asSent")
                  )}
                  {c.removals ? ` ${ctx.t("campaigns.copies.changes", { count: c.removals })}` : null}{" "}
                  <a href={`${self}?member=${c.id}&from=${props.view.from}`}>
                    {ctx.t("campaigns.one.compare")}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" class="button--secondary">
          {ctx.t("campaigns.split.button")}
        </button>
      </form>
      {props.view.next !== null ? (
        <p>
          <a href={`${self}?from=${props.view.next}`}>{ctx.t("campaigns.one.more")}</a>
        </p>
      ) : null}
    </Layout>
  );
}
