import { Field } from "../ui/components.js";
export function TextInput({
  name,
  label,
  hint,
  values,
  errors,
  type = "text",
  required,
}: {
  name: string;
  label: string;
  hint?: string;
  values: Record<string, string>;
  errors?: Record<string, string>;
  type?: "text" | "number" | "date" | "time" | "url";
  required?: boolean;
}) {
  return (
    <Field name={name} label={label} hint={hint} error={errors?.[name]}>
      {({ id, describedBy, invalid }) => (
        <input
          // Preact types each input type apart; the union is one element here.
          type={type as "text"}
          id={id}
          name={name}
          value={values[name] ?? ""}
          required={required}
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
        />
      )}
    </Field>
  );
}

export function TextArea({
  name,
  label,
  hint,
  values,
  errors,
  rows = 4,
}: {
  name: string;
  label: string;
  hint?: string;
  values: Record<string, string>;
  errors?: Record<string, string>;
  rows?: number;
}) {
  return (
    <Field name={name} label={label} hint={hint} error={errors?.[name]}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          name={name}
          rows={rows}
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
        >
          {values[name] ?? ""}
        </textarea>
      )}
    </Field>
  );
}
