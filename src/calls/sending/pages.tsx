// Sending the call: recipients, their status, sending and reminders; and unsubscribing from a forum's calls.
import type { ComponentChildren } from "preact";
import { REGIONS, STAKEHOLDER_GROUPS, SUBREGIONS } from "../../geo/countries.js";
import type { FieldErrors } from "../../server/errors.js";
import { CsrfInput, ErrorSummary, Field, Instant, isolated, Notice, TextInput } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { base, type Cycle, type Forum, langName, type Values } from "../page-parts.js";
import type { RecipientRow, ReminderRow } from "../queries.js";
import { shownErrors } from "../view.js";
import type { RecipientProblem } from "./recipients.js";
import type { PendingRecipient } from "./service.js";

/** A checkbox with its label after it and its error above, for confirmations the server requires. */
export function ConfirmBox({
  name,
  label,
  checked,
  error,
}: {
  name: string;
  label: string;
  checked: boolean;
  error?: string;
}) {
  const id = `field-${name}`;
  return (
    <div class={error ? "field field--error" : "field"}>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input
        type="checkbox"
        id={id}
        name={name}
        value="1"
        checked={checked}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? "true" : undefined}
      />{" "}
      <label for={id} class="label--inline">
        {label}
      </label>
    </div>
  );
}

const STATUSES = ["ldc", "lldc", "sids", "developing", "developed"] as const;

/** What a filter of contacts can choose from: the forum's tags and NRIs. */
export interface OutreachChoices {
  tags: string[];
  nris: { id: string; name: string }[];
}

/** The selects of a filter of the forum's contacts, their names prefixed (one filter per form). */
function ContactFilterFields({
  ctx,
  prefix,
  values,
  choices,
  withTag = true,
  withNotContributed = true,
}: {
  ctx: PageContext;
  prefix: string;
  values: Values;
  choices: OutreachChoices;
  withTag?: boolean;
  withNotContributed?: boolean;
}) {
  const t = ctx.t;
  const select = (name: string, label: string, options: { value: string; label: string }[]) => (
    <Field name={`${prefix}${name}`} label={label}>
      {({ id }) => (
        <select id={id} name={`${prefix}${name}`}>
          <option value="">{t("contacts.filter.any")}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value} selected={values[`${prefix}${name}`] === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <div class="filters">
      {select(
        "group",
        t("contacts.field.group"),
        STAKEHOLDER_GROUPS.map((g) => ({ value: g, label: t(`geo.stakeholder.${g}`) })),
      )}
      {select("region", t("contacts.field.region"), [
        ...REGIONS.map((r) => ({ value: r, label: t(`geo.region.${r}`) })),
        ...SUBREGIONS.map((r) => ({ value: r, label: t(`geo.subregion.${r}`) })),
      ])}
      {select(
        "status",
        t("contacts.field.status"),
        STATUSES.map((s) => ({ value: s, label: t(`contacts.status.${s}`) })),
      )}
      {select("nri", t("contacts.field.nri"), [
        { value: "any", label: t("contacts.nri.anyNri") },
        ...choices.nris.map((n) => ({ value: n.id, label: n.name })),
      ])}
      {withTag
        ? select(
            "tag",
            t("contacts.field.tags"),
            choices.tags.map((tag) => ({ value: tag, label: tag })),
          )
        : null}
      {withNotContributed ? (
        <div class="field">
          <input
            type="checkbox"
            id={`field-${prefix}not_contributed`}
            name={`${prefix}not_contributed`}
            value="1"
            checked={values[`${prefix}not_contributed`] === "1"}
          />{" "}
          <label for={`field-${prefix}not_contributed`} class="label--inline">
            {t("calls.outreach.notContributed")}
          </label>
        </div>
      ) : null}
    </div>
  );
}

/** A stored reminder's filter of contacts in words ("Government · Western Africa · any NRI"). */
function describeAudience(
  ctx: PageContext,
  audience: Record<string, string>,
  choices: OutreachChoices,
): string {
  const t = ctx.t;
  const parts: string[] = [];
  if (audience.group) parts.push(t(`geo.stakeholder.${audience.group}`));
  if (audience.region)
    parts.push(
      (REGIONS as readonly string[]).includes(audience.region)
        ? t(`geo.region.${audience.region}`)
        : t(`geo.subregion.${audience.region}`),
    );
  if (audience.status) parts.push(t(`contacts.status.${audience.status}`));
  if (audience.nri)
    parts.push(
      audience.nri === "any"
        ? t("contacts.nri.anyNri")
        : (choices.nris.find((n) => n.id === audience.nri)?.name ?? t("contacts.field.nri")),
    );
  if (audience.tag) parts.push(audience.tag);
  return parts.join(" · ") || t("contacts.filter.any");
}

export interface RecipientStatus {
  recipient: RecipientRow;
  last?: { kind: "call" | "reminder"; at: Date; status: string; error: string | null };
}

/** The secretariat's page for sending the call: recipients, their status, sending and reminders. */
export function SendPage({
  ctx,
  forum,
  cycle,
  hasCall,
  recipients,
  reminders,
  pending,
  closedOn,
  languages,
  timeZone,
  notice,
  errors,
  values,
  problems,
  csvProblems,
  outreach,
}: {
  ctx: PageContext;
  forum: Forum;
  cycle: Cycle;
  hasCall: boolean;
  recipients: RecipientStatus[];
  reminders: ReminderRow[];
  /** Who the call would go to if sent now. */
  pending: PendingRecipient[];
  /** Set when the call has closed: when, in its own zone (null when the cycle is closed without a date). */
  closedOn?: { when: string; zone: string } | null;
  languages: string[];
  timeZone: string;
  notice?: string;
  errors?: FieldErrors;
  values?: Values;
  problems?: RecipientProblem[];
  csvProblems?: RecipientProblem[];
  outreach: OutreachChoices;
}) {
  const t = ctx.t;
  const shown = shownErrors(ctx, errors);
  const root = `${base(forum, cycle)}/call`;
  const vals = values ?? {};
  const fromList = pending.filter((p) => p.fromList).length;
  const problemList = (list: RecipientProblem[] | undefined, id: string) =>
    list?.length ? (
      <ul class="field-error" id={id}>
        {list.map((p) => (
          <li key={p.line}>
            {t("calls.recipients.problem", { line: p.line, text: p.text, reason: t(p.reason) })}
          </li>
        ))}
      </ul>
    ) : null;
  const statusText = (r: RecipientStatus): ComponentChildren => {
    if (r.recipient.unsubscribed_at) return t("calls.recipients.unsubscribed");
    if (!r.last) return t("calls.recipients.notSent");
    return (
      <>
        {t(`calls.recipients.kind.${r.last.kind}`)}: {t(`mail.status.${r.last.status}`)}
        {r.last.error ? ` (${r.last.error})` : ""}
        <br />
        <Instant ctx={ctx} at={r.last.at} />
      </>
    );
  };
  return (
    <Layout ctx={ctx} title={t("calls.send.title")} forum={forum}>
      <h1>{t("calls.send.title")}</h1>
      <Notice text={notice} />
      <ErrorSummary ctx={ctx} errors={shown} />
      {!hasCall ? (
        <p>
          {t("calls.send.noCall")} <a href={`${root}/edit`}>{t("calls.builder.editCall")}</a>
        </p>
      ) : (
        <>
          <p class="notice">{t("calls.send.mailingListIncluded")}</p>
          <section aria-labelledby="from-contacts">
            <h2 id="from-contacts">{t("calls.outreach.title")}</h2>
            <p>{t("calls.outreach.intro")}</p>
            {shown?.contacts ? (
              <p class="field-error" id="field-contacts">
                {shown.contacts}
              </p>
            ) : null}
            <form method="post" action={`${root}/recipients/contacts`} novalidate>
              <CsrfInput ctx={ctx} />
              <ContactFilterFields ctx={ctx} prefix="pick_" values={vals} choices={outreach} />
              <button type="submit">{t("calls.outreach.add")}</button>
            </form>
          </section>
          <section aria-labelledby="paste">
            <h2 id="paste">{t("calls.recipients.pasteTitle")}</h2>
            <form method="post" action={`${root}/recipients`} novalidate>
              <CsrfInput ctx={ctx} />
              <div class={shown?.recipients ? "field field--error" : "field"}>
                <label for="field-recipients">{t("calls.recipients.pasteLabel")}</label>
                <p class="hint" id="field-recipients-hint">
                  {t("calls.recipients.pasteHint")}
                </p>
                {shown?.recipients ? (
                  <p class="field-error" id="field-recipients-error">
                    {shown.recipients}
                  </p>
                ) : null}
                {problemList(problems, "field-recipients-problems")}
                <textarea
                  id="field-recipients"
                  name="recipients"
                  rows={6}
                  aria-describedby={`field-recipients-hint${shown?.recipients ? " field-recipients-error field-recipients-problems" : ""}`}
                  aria-invalid={shown?.recipients ? "true" : undefined}
                >
                  {vals.recipients ?? ""}
                </textarea>
              </div>
              <Field name="tags" label={t("calls.recipients.tags")} hint={t("calls.recipients.tagsHint")}>
                {(ids) => <TextInput name="tags" value={vals.tags} maxLength={200} {...ids} />}
              </Field>
              <Field name="language" label={t("calls.recipients.language")}>
                {({ id }) => (
                  <select id={id} name="language">
                    <option value="">{t("calls.recipients.languageUnknown")}</option>
                    {languages.map((l) => (
                      <option key={l} value={l} selected={vals.language === l}>
                        {langName(l)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit">{t("calls.recipients.add")}</button>
            </form>
          </section>
          <section aria-labelledby="csv">
            <h2 id="csv">{t("calls.recipients.csvTitle")}</h2>
            <form method="post" action={`${root}/recipients/csv`} encType="multipart/form-data" novalidate>
              <CsrfInput ctx={ctx} />
              <div class={shown?.csv ? "field field--error" : "field"}>
                <label for="field-csv">{t("calls.recipients.csvLabel")}</label>
                <p class="hint" id="field-csv-hint">
                  {t("calls.recipients.csvHint")}
                </p>
                {shown?.csv ? (
                  <p class="field-error" id="field-csv-error">
                    {shown.csv}
                  </p>
                ) : null}
                {problemList(csvProblems, "field-csv-problems")}
                <input
                  type="file"
                  id="field-csv"
                  name="csv"
                  accept=".csv,text/csv"
                  aria-describedby={`field-csv-hint${shown?.csv ? " field-csv-error field-csv-problems" : ""}`}
                />
              </div>
              <Field name="csv_tags" label={t("calls.recipients.tags")} hint={t("calls.recipients.tagsHint")}>
                {(ids) => <TextInput name="tags" value={vals.csv_tags} maxLength={200} {...ids} />}
              </Field>
              <button type="submit">{t("calls.recipients.upload")}</button>
            </form>
          </section>
          <section aria-labelledby="send">
            <h2 id="send">{t("calls.send.sendTitle")}</h2>
            {closedOn !== undefined ? (
              <p class="notice notice--warning">
                {closedOn
                  ? t("calls.send.closed", { date: closedOn.when, zone: closedOn.zone })
                  : t("calls.send.cycleClosed")}
              </p>
            ) : null}
            {shown?.send ? (
              <p class="field-error" id="field-send">
                {shown.send}
              </p>
            ) : null}
            {pending.length ? (
              <form method="post" action={`${root}/send`} novalidate>
                <CsrfInput ctx={ctx} />
                <input type="hidden" name="expected" value={String(pending.length)} />
                <p>
                  {t("calls.send.willReceive", {
                    count: pending.length,
                    added: pending.length - fromList,
                    list: fromList,
                  })}
                </p>
                <details>
                  <summary>{t("calls.send.showWho", { count: pending.length })}</summary>
                  <ul>
                    {pending.map((p) => (
                      <li key={p.email}>
                        {p.name ? `${p.name} <${p.email}>` : p.email}
                        {p.fromList ? <span class="muted"> · {t("calls.send.fromList")}</span> : null}
                      </li>
                    ))}
                  </ul>
                </details>
                <ConfirmBox
                  name="confirm"
                  label={t("calls.send.confirm", { count: pending.length })}
                  checked={vals.confirm === "1"}
                  error={shown?.confirm}
                />
                {closedOn !== undefined ? (
                  <ConfirmBox
                    name="confirm_closed"
                    label={t("calls.send.confirmClosed")}
                    checked={vals.confirm_closed === "1"}
                    error={shown?.confirm_closed}
                  />
                ) : null}
                <button type="submit">{t("calls.send.submit", { count: pending.length })}</button>
              </form>
            ) : !shown?.send ? (
              <p>{t(recipients.length ? "calls.send.allSent" : "calls.send.nobody")}</p>
            ) : null}
          </section>
          <section aria-labelledby="recipients">
            <h2 id="recipients">{t("calls.recipients.title", { count: recipients.length })}</h2>
            {recipients.length ? (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("calls.recipients.who")}</th>
                      <th scope="col">{t("calls.recipients.details")}</th>
                      <th scope="col">{t("calls.recipients.tags")}</th>
                      <th scope="col">{t("calls.recipients.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {recipients.map((r) => (
                      <tr key={r.recipient.id}>
                        <td>
                          {r.recipient.name}
                          <br />
                          <span class="muted">{r.recipient.email}</span>
                        </td>
                        <td>
                          {[
                            r.recipient.organisation,
                            r.recipient.stakeholder_group
                              ? t(`geo.stakeholder.${r.recipient.stakeholder_group}`)
                              : "",
                            r.recipient.country,
                            r.recipient.language ? langName(r.recipient.language) : "",
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                        </td>
                        <td>{r.recipient.tags.join(", ")}</td>
                        <td>{statusText(r)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t("calls.recipients.empty")}</p>
            )}
          </section>
          <section aria-labelledby="reminders">
            <h2 id="reminders">{t("calls.reminder.title")}</h2>
            {shown?.reminders ? (
              <p class="field-error" id="field-reminders">
                {shown.reminders}
              </p>
            ) : null}
            {reminders.length ? (
              <ul>
                {reminders.map((r) => (
                  <li key={r.id}>
                    <Instant ctx={ctx} at={r.run_at} timeZone={timeZone} /> ·{" "}
                    {r.audience
                      ? t("calls.outreach.toContacts", {
                          filter: describeAudience(ctx, r.audience, outreach),
                        })
                      : r.tag
                        ? t("calls.reminder.toTag", { tag: r.tag })
                        : t("calls.reminder.toAll")}{" "}
                    · {t(`calls.reminder.status.${r.status}`, { count: r.sent_count })}
                    {r.status === "scheduled" ? (
                      <form method="post" action={`${root}/reminders/${r.id}/cancel`} class="inline">
                        <CsrfInput ctx={ctx} />{" "}
                        <button type="submit" class="button--secondary">
                          {t("calls.reminder.cancel")}
                        </button>
                      </form>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("calls.reminder.none")}</p>
            )}
            <form method="post" action={`${root}/reminders`} novalidate>
              <CsrfInput ctx={ctx} />
              <Field
                name="run_at"
                label={t("calls.reminder.when")}
                hint={t("calls.reminder.whenHint", { zone: timeZone })}
                error={shown?.run_at}
              >
                {(ids) => <TextInput type="datetime-local" name="run_at" value={vals.run_at} {...ids} />}
              </Field>
              <Field name="tag" label={t("calls.reminder.tag")} hint={t("calls.reminder.tagHint")}>
                {(ids) => <TextInput name="tag" value={vals.tag} maxLength={40} {...ids} />}
              </Field>
              <fieldset>
                <legend>{t("calls.outreach.reminderAudience")}</legend>
                <p class="hint">{t("calls.outreach.reminderHint")}</p>
                <ContactFilterFields
                  ctx={ctx}
                  prefix="reminder_"
                  values={vals}
                  choices={outreach}
                  withTag={false}
                  withNotContributed={false}
                />
              </fieldset>
              <button type="submit">{t("calls.reminder.schedule")}</button>{" "}
              <button type="submit" name="send_now" value="1" class="button--secondary">
                {t("calls.outreach.sendNow")}
              </button>
            </form>
          </section>
          <section aria-labelledby="announce">
            <h2 id="announce">{t("calls.announce.title")}</h2>
            <p>{t("calls.announce.intro")}</p>
            <form method="post" action={`${root}/announce`} novalidate>
              <CsrfInput ctx={ctx} />
              <ContactFilterFields ctx={ctx} prefix="announce_" values={vals} choices={outreach} />
              <Field
                name="announce_subject"
                label={t("calls.announce.subject")}
                error={shown?.announce_subject}
              >
                {(ids) => (
                  <TextInput name="announce_subject" value={vals.announce_subject} maxLength={200} {...ids} />
                )}
              </Field>
              <Field name="announce_body" label={t("calls.announce.body")} error={shown?.announce_body}>
                {({ id, describedBy, invalid }) => (
                  <textarea
                    id={id}
                    name="announce_body"
                    rows={6}
                    aria-describedby={describedBy}
                    aria-invalid={invalid ? "true" : undefined}
                  >
                    {vals.announce_body ?? ""}
                  </textarea>
                )}
              </Field>
              <ConfirmBox
                name="announce_confirm"
                label={t("calls.announce.confirm")}
                checked={vals.announce_confirm === "1"}
                error={shown?.announce_confirm}
              />
              <button type="submit">{t("calls.announce.submit")}</button>
            </form>
          </section>
        </>
      )}
    </Layout>
  );
}

/** Unsubscribing from a forum's calls: a button (so mail scanners cannot do it), then a confirmation. */
export function UnsubscribePage({
  ctx,
  forum,
  email,
  sig,
  done,
}: {
  ctx: PageContext;
  forum: Forum;
  email: string;
  sig: string;
  done: boolean;
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t("calls.unsubscribe.title")} forum={forum}>
      <h1>{t("calls.unsubscribe.title")}</h1>
      {done ? (
        <p class="notice notice--success" role="status">
          {t("calls.unsubscribe.done", { email, forum: isolated(forum.name) })}
        </p>
      ) : (
        <form
          method="post"
          action={`/f/${forum.slug}/calls/unsubscribe?email=${encodeURIComponent(email)}&sig=${encodeURIComponent(sig)}`}
        >
          <CsrfInput ctx={ctx} />
          <p>{t("calls.unsubscribe.confirm", { email, forum: isolated(forum.name) })}</p>
          <button type="submit">{t("calls.unsubscribe.submit")}</button>
        </form>
      )}
    </Layout>
  );
}
