// The reading tracker's pages: a member's reading list, a contribution as a member reads it (with its
// impressions), and the secretariat's table of who has read what. Plain forms: everything works without
// JavaScript.
import type { Answers, PublishedQuestionnaire, Question } from "../../calls/index.js";
import { pickText } from "../../calls/index.js";
import { countryName, isCountryCode } from "../../geo/countries.js";
import { languageName } from "../../geo/languages.js";
import type { FieldErrors } from "../../server/errors.js";
import { CsrfInput, Message, Notice, UserText } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { paragraphsOf } from "../../ui/text.js";
import type { Mentionable } from "../impressions/mentions.js";
import { ImpressionsSection } from "../impressions/pages.js";
import type { ImpressionNode } from "../impressions/service.js";
import { Day, Sender, WorkspaceNav, workspacePath } from "../page-parts.js";
import type { ContributionRow } from "../published.js";
import type { ReadingItem } from "./service.js";

interface PlaceProps {
  ctx: PageContext;
  forum: { slug: string; name: string };
  year: number;
  overseer: boolean;
}

/** Which rows of the reading list are shown. */
export type ListShow = "all" | "unread" | "new";

/** A form that marks one contribution read or unread. */
function MarkForm({
  ctx,
  action,
  read,
  reference,
  back,
}: {
  ctx: PageContext;
  action: string;
  read: boolean;
  reference: string;
  back: "list" | "page";
}) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfInput ctx={ctx} />
      <input type="hidden" name="read" value={read ? "0" : "1"} />
      <input type="hidden" name="back" value={back} />
      <button type="submit" class="button--secondary">
        {read ? ctx.t("reading.markUnread") : ctx.t("reading.markRead")}
        <span class="visually-hidden"> {reference}</span>
      </button>
    </form>
  );
}

/** A member's reading list: progress, what is new since the previous visit, and each contribution's state. */
export function ReadingListPage({
  ctx,
  forum,
  year,
  overseer,
  items,
  total,
  read,
  fresh,
  previousVisit,
  show,
  done,
}: PlaceProps & {
  items: ReadingItem[];
  total: number;
  read: number;
  fresh: number;
  previousVisit: Date | null;
  show: ListShow;
  done?: string;
}) {
  const t = ctx.t;
  const base = workspacePath(forum.slug, year);
  const title = t("reading.list.title", { year });
  const shown = items.filter((i) => (show === "unread" ? !i.readAt : show === "new" ? i.isNew : true));
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <WorkspaceNav ctx={ctx} forumSlug={forum.slug} year={year} current="list" overseer={overseer} />
      <Notice text={done ? t(`reading.done.${done}`) : undefined} />
      <p id="reading-progress">{t("reading.list.progress", { read, total })}</p>
      <progress max={Math.max(total, 1)} value={read} aria-labelledby="reading-progress" />
      <p>
        {previousVisit ? (
          <Message
            ctx={ctx}
            id="reading.list.newSince"
            values={{ count: fresh, date: <Day ctx={ctx} at={previousVisit} /> }}
          />
        ) : read ? (
          t("reading.list.firstVisitUnderway", { unread: total - read })
        ) : (
          t("reading.list.firstVisit")
        )}
      </p>
      <nav class="reading-filter" aria-label={t("reading.list.showLabel")}>
        <ul class="inline-list">
          {(["all", "unread", "new"] as const).map((s) => (
            <li key={s}>
              <a
                href={s === "all" ? base : `${base}?show=${s}`}
                aria-current={s === show ? "page" : undefined}
              >
                {t(`reading.list.show.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {shown.length ? (
        <div class="table-wrap">
          <table class="reading-list">
            <caption>{t(`reading.list.caption.${show}`, { count: shown.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reading.col.contribution")}</th>
                <th scope="col">{t("reading.col.from")}</th>
                <th scope="col">{t("reading.col.published")}</th>
                <th scope="col">{t("reading.col.state")}</th>
                <th scope="col">{t("reading.col.notes")}</th>
                <th scope="col">
                  <span class="visually-hidden">{t("reading.col.action")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => {
                const c = item.contribution;
                const reference = c.reference ?? "";
                return (
                  <tr key={c.id} class={item.readAt ? "is-read" : "is-unread"}>
                    <th scope="row">
                      <a href={`${base}/${reference}`}>{reference}</a>
                    </th>
                    <td>
                      <Sender ctx={ctx} c={c} />
                    </td>
                    <td>{c.published_at ? <Day ctx={ctx} at={c.published_at} /> : null}</td>
                    <td>
                      {item.readAt ? (
                        <Message
                          ctx={ctx}
                          id="reading.state.readOn"
                          values={{ date: <Day ctx={ctx} at={item.readAt} /> }}
                        />
                      ) : (
                        <strong>{t("reading.state.unread")}</strong>
                      )}
                      {item.isNew ? (
                        <>
                          {" "}
                          <span class="badge">{t("reading.state.new")}</span>
                        </>
                      ) : null}
                    </td>
                    <td>{item.notes ? t("reading.notes.count", { count: item.notes }) : ""}</td>
                    <td>
                      <MarkForm
                        ctx={ctx}
                        action={`${base}/${reference}/read`}
                        read={Boolean(item.readAt)}
                        reference={reference}
                        back="list"
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(`reading.list.empty.${show}`)}</p>
      )}
    </Layout>
  );
}

/** The readable text of one answer: choices by their labels, lists item by item. */
function answerLines(
  q: Question,
  value: unknown,
  ctx: PageContext,
  original: PublishedQuestionnaire["originalLanguage"],
): string[] {
  const label = (options: { id: string; label: Record<string, string | undefined> }[], id: unknown) =>
    pickText(options.find((o) => o.id === id)?.label, ctx.locale, original) || String(id);
  switch (q.type) {
    case "short_text":
    case "long_text":
      return typeof value === "string" ? paragraphsOf(value) : [];
    case "single_choice":
      return typeof value === "string" ? [label(q.options, value)] : [];
    case "multiple_choice": {
      const v = (value ?? {}) as { selected?: unknown; other?: unknown };
      const selected = Array.isArray(v.selected) ? v.selected.map((id) => label(q.options, id)) : [];
      return [...selected, ...(typeof v.other === "string" && v.other ? [v.other] : [])];
    }
    case "item_list": {
      const v = (value ?? {}) as Record<string, unknown>;
      return q.items
        .filter((item) => typeof v[item.id] === "string" && v[item.id])
        .map((item) => `${pickText(item.label, ctx.locale, original)}: ${String(v[item.id])}`);
    }
    case "link_list":
      return Array.isArray(value)
        ? value.map((l) => {
            const link = (l ?? {}) as { url?: unknown; title?: unknown };
            return [link.title, link.url].filter((x) => typeof x === "string" && x).join(" — ");
          })
        : [];
    default:
      return [];
  }
}

function AnswersList({
  ctx,
  questionnaire,
  answers,
}: {
  ctx: PageContext;
  questionnaire: PublishedQuestionnaire;
  answers: Answers;
}) {
  const rows = questionnaire.sections
    .flatMap((s) => s.questions)
    .map((q) => ({ q, lines: answerLines(q, answers[q.id], ctx, questionnaire.originalLanguage) }))
    .filter((r) => r.lines.length);
  if (!rows.length) return null;
  return (
    <section aria-labelledby="answers-title">
      <h2 id="answers-title">{ctx.t("reading.contribution.answers")}</h2>
      <dl class="answers">
        {rows.map(({ q, lines }) => (
          <div key={q.id}>
            <dt>{pickText(q.label, ctx.locale, questionnaire.originalLanguage)}</dt>
            {lines.map((line, i) => (
              <dd key={i}>
                <UserText text={line} />
              </dd>
            ))}
          </div>
        ))}
      </dl>
    </section>
  );
}

/** A published contribution as a member reads it in the workspace, with the impressions on it. */
export function ContributionReadingPage({
  ctx,
  forum,
  year,
  overseer,
  contribution: c,
  questionnaire,
  readAt,
  threads,
  people,
  values,
  errors,
  done,
}: PlaceProps & {
  contribution: ContributionRow;
  questionnaire: PublishedQuestionnaire | undefined;
  readAt: Date;
  threads: ImpressionNode[];
  people: Mentionable[];
  values?: Record<string, string>;
  errors?: FieldErrors;
  done?: string;
}) {
  const t = ctx.t;
  const base = workspacePath(forum.slug, year);
  const reference = c.reference ?? "";
  return (
    <Layout ctx={ctx} title={`${reference} · ${t("reading.contribution.title")}`} forum={forum}>
      <h1>
        {reference}: <Sender ctx={ctx} c={c} />
      </h1>
      <WorkspaceNav ctx={ctx} forumSlug={forum.slug} year={year} current="contribution" overseer={overseer} />
      <Notice text={done ? t(`reading.done.${done}`) : undefined} />
      <div class="reading-state">
        <p>
          <Message
            ctx={ctx}
            id="reading.contribution.readOn"
            values={{ date: <Day ctx={ctx} at={readAt} /> }}
          />
        </p>
        <MarkForm ctx={ctx} action={`${base}/${reference}/read`} read reference={reference} back="list" />
      </div>
      <dl class="facts">
        {c.stakeholder_group ? (
          <>
            <dt>{t("reading.stats.dimension.group")}</dt>
            <dd>{t(`geo.stakeholder.${c.stakeholder_group}`)}</dd>
          </>
        ) : null}
        {c.country && isCountryCode(c.country) ? (
          <>
            <dt>{t("reading.stats.dimension.country")}</dt>
            <dd>
              {countryName(c.country, ctx.locale)}
              {c.region ? ` (${t(`geo.region.${c.region}`)})` : ""}
            </dd>
          </>
        ) : null}
        {c.language ? (
          <>
            <dt>{t("reading.stats.dimension.language")}</dt>
            <dd>{languageName(c.language, ctx.locale)}</dd>
          </>
        ) : null}
        {c.timeliness ? (
          <>
            <dt>{t("reading.stats.dimension.timeliness")}</dt>
            <dd>{t(`reading.stats.timeliness.${c.timeliness}`)}</dd>
          </>
        ) : null}
      </dl>
      {c.body_text ? (
        <section aria-labelledby="text-title">
          <h2 id="text-title">{t("reading.contribution.text")}</h2>
          {paragraphsOf(c.body_text).map((para, i) => (
            <p key={i}>
              <UserText text={para} />
            </p>
          ))}
        </section>
      ) : null}
      {questionnaire ? <AnswersList ctx={ctx} questionnaire={questionnaire} answers={c.answers} /> : null}
      <p>
        <a href={`/f/${forum.slug}/${year}/contributions/${reference}`}>{t("reading.contribution.public")}</a>
      </p>
      <ImpressionsSection
        ctx={ctx}
        action={`${base}/${reference}/impressions`}
        threads={threads}
        people={people}
        values={values}
        errors={errors}
      />
      <p>
        <a href={base}>{t("reading.contribution.back")}</a>
      </p>
    </Layout>
  );
}

/** The secretariat's table: each member with how many contributions they have read, each contribution with its readers. */
export function WhoHasReadPage({
  ctx,
  forum,
  year,
  total,
  members,
  contributions,
}: Omit<PlaceProps, "overseer"> & {
  total: number;
  members: { id: string; name: string; read: number }[];
  contributions: { contribution: ContributionRow; readers: string[] }[];
}) {
  const t = ctx.t;
  const base = workspacePath(forum.slug, year);
  const title = t("reading.who.title", { year });
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <WorkspaceNav ctx={ctx} forumSlug={forum.slug} year={year} current="who" overseer />
      <table>
        <caption>{t("reading.who.members", { total })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("reading.col.member")}</th>
            <th scope="col">{t("reading.col.read")}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <UserText text={m.name} />
              </th>
              <td>{t("reading.list.progress", { read: m.read, total })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{t("reading.who.contributions")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("reading.col.contribution")}</th>
            <th scope="col">{t("reading.col.readers")}</th>
          </tr>
        </thead>
        <tbody>
          {contributions.map(({ contribution: c, readers }) => (
            <tr key={c.id}>
              <th scope="row">
                <a href={`${base}/${c.reference ?? ""}`}>{c.reference}</a>
              </th>
              <td>
                {readers.length ? (
                  <>
                    {t("reading.who.readBy", { count: readers.length })}{" "}
                    {readers.map((name, i) => (
                      <span key={i}>
                        {i ? ", " : ""}
                        <UserText text={name} />
                      </span>
                    ))}
                  </>
                ) : (
                  t("reading.who.nobody")
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
