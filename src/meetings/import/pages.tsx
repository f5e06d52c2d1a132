import type { CycleRow } from "../../forums/index.js";
import type { FieldErrors } from "../../server/errors.js";
import {
  CsrfInput,
  ErrorSummary,
  Field,
  isolated,
  TextAreaField as TextArea,
  translateErrors,
} from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { MeetingFields } from "../meetings/fields.js";
import { base, type ForumRef, formatDay } from "../page-parts.js";
import { meetingTitle } from "../titles.js";
import type { CycleClash } from "./service.js";

export interface ImportWarningView {
  code: string;
  message: string;
}

/** Uploading a past summary report. */
export function ImportUploadPage({
  ctx,
  forum,
  cycle,
  error,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  error?: string;
}) {
  const title = ctx.t("meetings.import.title");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <p>
        <a href={`${base(forum, cycle)}/meetings`}>{ctx.t("meetings.list.title", { year: cycle.year })}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{ctx.t("meetings.import.intro")}</p>
      {error ? <ErrorSummary ctx={ctx} errors={{ file: error }} /> : null}
      <form method="post" action={`${base(forum, cycle)}/meetings/import`} enctype="multipart/form-data">
        <CsrfInput ctx={ctx} />
        <Field
          name="file"
          label={ctx.t("meetings.import.file")}
          hint={ctx.t("meetings.import.fileHint")}
          error={error}
        >
          {({ id, describedBy }) => (
            <input
              type="file"
              id={id}
              name="file"
              accept=".docx,.pdf,.txt"
              required
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <button type="submit">{ctx.t("meetings.import.read")}</button>
      </form>
    </Layout>
  );
}

/** The proposed record, prefilled and editable, with the parser's warnings first. */
export function ImportReviewPage({
  ctx,
  forum,
  cycle,
  fileName,
  values,
  warnings,
  clashes,
  refusedDuplicate,
  errors,
}: {
  ctx: PageContext;
  forum: ForumRef;
  cycle: CycleRow;
  fileName: string;
  values: Record<string, string>;
  warnings: ImportWarningView[];
  /** What the cycle already holds that this record clashes with (see cycleClashes). */
  clashes: CycleClash[];
  /** The record was confirmed and refused as a duplicate (409). */
  refusedDuplicate?: boolean;
  errors?: FieldErrors;
}) {
  const { other_year: otherYearError, ...fieldErrors } = errors ?? {};
  // The year goes into this one message on the page; the API gives the general wording.
  const shown: FieldErrors | undefined = errors
    ? {
        ...translateErrors(ctx, fieldErrors),
        ...(otherYearError
          ? { other_year: ctx.t("meetings.error.otherYearNamed", { year: cycle.year }) }
          : {}),
      }
    : undefined;
  const title = ctx.t("meetings.import.reviewTitle");
  const duplicate = clashes.find((c) => c.code === "duplicate_meeting");
  const otherYear = clashes.find((c) => c.code === "year_mismatch");
  const duplicateName = duplicate ? isolated(meetingTitle(ctx.t, duplicate.meeting)) : "";
  const duplicateDay = duplicate ? formatDay(ctx, duplicate.meeting.date) : "";
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <p class="lead">{ctx.t("meetings.import.reviewIntro", { file: isolated(fileName) })}</p>
      {duplicate ? (
        <div
          class={refusedDuplicate ? "error-summary" : "notice notice--warning"}
          role="alert"
          id="duplicate-meeting"
        >
          <p>
            {refusedDuplicate
              ? ctx.t("meetings.import.duplicateRefused", { meeting: duplicateName, date: duplicateDay })
              : ctx.t("meetings.import.duplicate", { meeting: duplicateName, date: duplicateDay })}
          </p>
          <p>
            <a href={duplicate.path}>{ctx.t("meetings.import.openExisting", { meeting: duplicateName })}</a>
          </p>
        </div>
      ) : null}
      {warnings.length ? (
        <div class="notice notice--warning" role="alert" aria-labelledby="warnings-title">
          <h2 id="warnings-title">{ctx.t("meetings.import.warnings", { count: warnings.length })}</h2>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorSummary ctx={ctx} errors={shown} />
      <form method="post" action={`${base(forum, cycle)}/meetings/import/confirm`} novalidate>
        <CsrfInput ctx={ctx} />
        <input type="hidden" name="file_name" value={fileName} />
        {otherYear ? (
          <div class="notice notice--warning" id="other-year">
            <fieldset class={shown?.other_year ? "field field--error" : "field"} id="field-other_year">
              <legend>
                {ctx.t("meetings.import.yearMismatch", {
                  date: formatDay(ctx, otherYear.date),
                  year: otherYear.cycleYear,
                })}
              </legend>
              {shown?.other_year ? <p class="field-error">{shown.other_year}</p> : null}
              <label class="checkbox">
                <input type="checkbox" name="other_year" value="yes" checked={values.other_year === "yes"} />{" "}
                {ctx.t("meetings.import.allowOtherYear", { year: otherYear.cycleYear })}
              </label>
              {otherYear.ownCyclePath ? (
                <p>
                  <button type="submit" class="button--secondary" formaction={otherYear.ownCyclePath}>
                    {ctx.t("meetings.import.otherCycle", { year: otherYear.date.slice(0, 4) })}
                  </button>
                </p>
              ) : null}
            </fieldset>
          </div>
        ) : null}
        <MeetingFields ctx={ctx} values={values} errors={shown} />
        <TextArea
          name="summary"
          label={ctx.t("meetings.summary.text")}
          hint={ctx.t("meetings.summary.textHint")}
          values={values}
          rows={20}
        />
        <TextArea
          name="participants"
          label={ctx.t("meetings.participants.title")}
          hint={ctx.t("meetings.participants.correctHint")}
          values={values}
          rows={10}
        />
        <TextArea
          name="contributions"
          label={ctx.t("meetings.contributions.title")}
          hint={ctx.t("meetings.import.contributionsHint")}
          values={values}
          rows={6}
        />
        <TextArea
          name="next_steps"
          label={ctx.t("meetings.actions.title")}
          hint={ctx.t("meetings.import.nextStepsHint")}
          values={values}
          rows={6}
          errors={shown}
        />
        <fieldset class={shown?.next_steps_status ? "field field--error" : "field"}>
          <legend>{ctx.t("meetings.import.stepsStatus")}</legend>
          {shown?.next_steps_status ? <p class="field-error">{shown.next_steps_status}</p> : null}
          {(["done", "open"] as const).map((status) => (
            <label key={status} class="radio">
              <input
                type="radio"
                id={status === "done" ? "field-next_steps_status" : undefined}
                name="next_steps_status"
                value={status}
                checked={(values.next_steps_status || "open") === status}
              />{" "}
              {ctx.t(status === "done" ? "meetings.import.stepsDone" : "meetings.import.stepsOpen")}
            </label>
          ))}
        </fieldset>
        <Field name="publish" label={ctx.t("meetings.import.publish")}>
          {({ id }) => (
            <input type="checkbox" id={id} name="publish" value="yes" checked={values.publish === "yes"} />
          )}
        </Field>
        <button type="submit">{ctx.t("meetings.import.create")}</button>
      </form>
    </Layout>
  );
}
