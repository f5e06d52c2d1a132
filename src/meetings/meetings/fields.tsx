import { Field, TextAreaField as TextArea, TextField as TextInput } from "../../ui/components.js";
import type { PageContext } from "../../ui/page-context.js";
import type { MeetingKind } from "../tables.js";

export const KINDS: MeetingKind[] = ["virtual", "informal", "annual_session"];

export function KindSelect({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: Record<string, string>;
  errors?: Record<string, string>;
}) {
  return (
    <Field name="kind" label={ctx.t("meetings.field.kind")} error={errors?.kind}>
      {({ id }) => (
        <select id={id} name="kind">
          {KINDS.map((k) => (
            <option key={k} value={k} selected={values.kind === k}>
              {ctx.t(`meetings.kind.${k}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The meeting's details as form fields (new, edit, and the import review). */
export function MeetingFields({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: Record<string, string>;
  errors?: Record<string, string>;
}) {
  return (
    <>
      <KindSelect ctx={ctx} values={values} errors={errors} />
      <TextInput
        name="number"
        label={ctx.t("meetings.field.number")}
        hint={ctx.t("meetings.field.numberHint")}
        type="number"
        values={values}
        errors={errors}
      />
      <TextInput
        name="title"
        label={ctx.t("meetings.field.title")}
        hint={ctx.t("meetings.field.titleHint")}
        values={values}
        errors={errors}
      />
      <TextInput
        name="date"
        label={ctx.t("meetings.field.date")}
        type="date"
        required
        values={values}
        errors={errors}
      />
      <TextInput
        name="start_time"
        label={ctx.t("meetings.field.startTime")}
        type="time"
        values={values}
        errors={errors}
      />
      <TextInput
        name="end_time"
        label={ctx.t("meetings.field.endTime")}
        type="time"
        values={values}
        errors={errors}
      />
      <TextInput
        name="time_zone"
        label={ctx.t("meetings.field.timeZone")}
        hint={ctx.t("meetings.field.timeZoneHint")}
        values={values}
        errors={errors}
      />
      <TextInput name="room" label={ctx.t("meetings.field.room")} values={values} errors={errors} />
      <TextInput name="organiser" label={ctx.t("meetings.field.organiser")} values={values} errors={errors} />
      <TextInput
        name="facilitator"
        label={ctx.t("meetings.field.facilitator")}
        values={values}
        errors={errors}
      />
      <TextInput name="moderator" label={ctx.t("meetings.field.moderator")} values={values} errors={errors} />
      <TextArea name="purpose" label={ctx.t("meetings.field.purpose")} values={values} errors={errors} />
      <TextArea
        name="agenda"
        label={ctx.t("meetings.field.agenda")}
        hint={ctx.t("meetings.field.agendaHint")}
        values={values}
        errors={errors}
      />
      <TextInput
        name="join_url"
        label={ctx.t("meetings.field.joinUrl")}
        type="url"
        values={values}
        errors={errors}
      />
      <TextInput
        name="recording_stream_url"
        label={ctx.t("meetings.field.streamUrl")}
        type="url"
        values={values}
        errors={errors}
      />
      <TextInput
        name="recording_download_url"
        label={ctx.t("meetings.field.downloadUrl")}
        type="url"
        values={values}
        errors={errors}
      />
      <TextInput
        name="recording_password"
        label={ctx.t("meetings.field.password")}
        values={values}
        errors={errors}
      />
    </>
  );
}
