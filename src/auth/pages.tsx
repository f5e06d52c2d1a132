// Pages of sign-in, registration and the profile.

import type { FieldErrors } from "../server/errors.js";
import { CsrfInput, ErrorSummary, Field, translateErrors } from "../ui/components.js";
import { LOCALE_NAMES, LOCALES } from "../ui/i18n/locales.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";

/** The form asking for an e-mail address. */
export function SignInPage({
  ctx,
  email,
  next,
  errors,
  notice,
}: {
  ctx: PageContext;
  email?: string;
  next: string;
  errors?: FieldErrors;
  notice?: string;
}) {
  const shown = translateErrors(ctx, errors);
  return (
    <Layout ctx={ctx} title={ctx.t("auth.signIn.title")}>
      <h1>{ctx.t("auth.signIn.title")}</h1>
      {notice ? (
        <p class="notice notice--warning" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={shown} />
      <p class="lead">{ctx.t("auth.signIn.intro")}</p>
      <form method="post" action="/sign-in" novalidate>
        <CsrfInput ctx={ctx} />
        <input type="hidden" name="next" value={next} />
        <Field
          name="email"
          label={ctx.t("auth.email.label")}
          hint={ctx.t("auth.email.hint")}
          error={shown?.email}
        >
          {({ id, describedBy, invalid }) => (
            <input
              type="email"
              id={id}
              name="email"
              value={email ?? ""}
              autocomplete="email"
              required
              aria-describedby={describedBy}
              aria-invalid={invalid ? "true" : undefined}
            />
          )}
        </Field>
        <button type="submit">{ctx.t("auth.signIn.send")}</button>
      </form>
    </Layout>
  );
}

/** "Check your mail", with the six-digit code form for reading mail on another device. */
export function CheckMailPage({
  ctx,
  email,
  errors,
}: {
  ctx: PageContext;
  email: string;
  errors?: FieldErrors;
}) {
  const shown = translateErrors(ctx, errors);
  return (
    <Layout ctx={ctx} title={ctx.t("auth.checkMail.title")}>
      <h1>{ctx.t("auth.checkMail.title")}</h1>
      <ErrorSummary ctx={ctx} errors={shown} />
      <p class="lead">{ctx.t("auth.checkMail.body", { email, minutes: 15 })}</p>
      <h2>{ctx.t("auth.code.title")}</h2>
      <form method="post" action="/sign-in/code" novalidate>
        <CsrfInput ctx={ctx} />
        <input type="hidden" name="email" value={email} />
        <Field
          name="code"
          label={ctx.t("auth.code.label")}
          hint={ctx.t("auth.code.hint")}
          error={shown?.code}
        >
          {({ id, describedBy, invalid }) => (
            <input
              type="text"
              id={id}
              name="code"
              inputMode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9 ]*"
              maxLength={7}
              required
              aria-describedby={describedBy}
              aria-invalid={invalid ? "true" : undefined}
            />
          )}
        </Field>
        <button type="submit">{ctx.t("auth.code.submit")}</button>
      </form>
      <p>
        <a href="/sign-in">{ctx.t("auth.checkMail.again")}</a>
      </p>
    </Layout>
  );
}

/**
 * The page a link opens: one button, so mail scanners that follow links (some run scripts too) cannot use
 * it up. Deliberately not pressed by script.
 */
export function ConfirmLinkPage({ ctx, token, email }: { ctx: PageContext; token: string; email: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t("auth.link.title")}>
      <h1>{ctx.t("auth.link.title")}</h1>
      <p class="lead">{ctx.t("auth.link.body", { email })}</p>
      <form method="post" action={`/sign-in/link/${token}`}>
        <CsrfInput ctx={ctx} />
        <button type="submit">{ctx.t("auth.link.submit")}</button>
      </form>
    </Layout>
  );
}

/** Registration for an address without an account: name and organisation. */
export function RegisterPage({
  ctx,
  token,
  email,
  values,
  errors,
}: {
  ctx: PageContext;
  token: string;
  email: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const shown = translateErrors(ctx, errors);
  return (
    <Layout ctx={ctx} title={ctx.t("auth.register.title")}>
      <h1>{ctx.t("auth.register.title")}</h1>
      <ErrorSummary ctx={ctx} errors={shown} />
      <p class="lead">{ctx.t("auth.register.intro", { email })}</p>
      <form method="post" action={`/sign-in/link/${token}`} novalidate>
        <CsrfInput ctx={ctx} />
        <Field name="name" label={ctx.t("auth.profile.name")} error={shown?.name}>
          {({ id, describedBy, invalid }) => (
            <input
              type="text"
              id={id}
              name="name"
              value={values?.name ?? ""}
              autocomplete="name"
              required
              maxLength={200}
              aria-describedby={describedBy}
              aria-invalid={invalid ? "true" : undefined}
            />
          )}
        </Field>
        <Field
          name="organisation"
          label={ctx.t("auth.profile.organisation")}
          hint={ctx.t("auth.profile.organisationHint")}
        >
          {({ id, describedBy }) => (
            <input
              type="text"
              id={id}
              name="organisation"
              value={values?.organisation ?? ""}
              autocomplete="organization"
              maxLength={200}
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <button type="submit">{ctx.t("auth.register.submit")}</button>
      </form>
    </Layout>
  );
}

/** An expired, used or unknown link: explains and offers a new one. */
export function DeadLinkPage({ ctx, state }: { ctx: PageContext; state: "expired" | "used" | "unknown" }) {
  return (
    <Layout ctx={ctx} title={ctx.t(`auth.deadLink.${state}.title`)}>
      <h1>{ctx.t(`auth.deadLink.${state}.title`)}</h1>
      <p class="lead">{ctx.t(`auth.deadLink.${state}.body`, { minutes: 15 })}</p>
      <p>
        <a class="button" href="/sign-in">
          {ctx.t("auth.deadLink.newLink")}
        </a>
      </p>
    </Layout>
  );
}

export interface ProfileValues {
  name: string;
  honorific: string;
  organisation: string;
  stakeholder_group: string;
  country: string;
  preferred_language: string;
  time_zone: string;
}

/** The profile: name, honorific, organisation, stakeholder group, country, language and time zone. */
export function ProfilePage({
  ctx,
  email,
  values,
  errors,
  saved,
  sessions,
  countries,
  stakeholderGroups,
  zones,
  detectedZone,
}: {
  ctx: PageContext;
  email: string;
  values: ProfileValues;
  errors?: FieldErrors;
  saved?: boolean;
  sessions: number;
  countries: readonly { value: string; label: string }[];
  stakeholderGroups: readonly string[];
  zones: string[];
  detectedZone?: string;
}) {
  const shown = translateErrors(ctx, errors);
  return (
    <Layout ctx={ctx} title={ctx.t("auth.profile.title")}>
      <h1>{ctx.t("auth.profile.title")}</h1>
      {saved ? (
        <p class="notice notice--success" role="status">
          {ctx.t("auth.profile.saved")}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={shown} />
      <p>{ctx.t("auth.profile.email", { email })}</p>
      <p>
        <a href="/me/actions">{ctx.t("meetings.mine.title")}</a>
      </p>
      <form method="post" action="/me" novalidate>
        <CsrfInput ctx={ctx} />
        <Field
          name="honorific"
          label={ctx.t("auth.profile.honorific")}
          hint={ctx.t("auth.profile.honorificHint")}
        >
          {({ id, describedBy }) => (
            <input
              type="text"
              id={id}
              name="honorific"
              value={values.honorific}
              maxLength={40}
              aria-describedby={describedBy}
              autocomplete="honorific-prefix"
            />
          )}
        </Field>
        <Field name="name" label={ctx.t("auth.profile.name")} error={shown?.name}>
          {({ id, describedBy, invalid }) => (
            <input
              type="text"
              id={id}
              name="name"
              value={values.name}
              required
              maxLength={200}
              autocomplete="name"
              aria-describedby={describedBy}
              aria-invalid={invalid ? "true" : undefined}
            />
          )}
        </Field>
        <Field name="organisation" label={ctx.t("auth.profile.organisation")}>
          {({ id }) => (
            <input
              type="text"
              id={id}
              name="organisation"
              value={values.organisation}
              maxLength={200}
              autocomplete="organization"
            />
          )}
        </Field>
        <Field
          name="stakeholder_group"
          label={ctx.t("auth.profile.stakeholderGroup")}
          error={shown?.stakeholder_group}
        >
          {({ id }) => (
            <select id={id} name="stakeholder_group">
              <option value="">{ctx.t("auth.profile.notSaid")}</option>
              {stakeholderGroups.map((g) => (
                <option key={g} value={g} selected={values.stakeholder_group === g}>
                  {ctx.t(`geo.stakeholder.${g}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="country" label={ctx.t("auth.profile.country")} error={shown?.country}>
          {({ id }) => (
            <select id={id} name="country" autocomplete="country">
              <option value="">{ctx.t("auth.profile.notSaid")}</option>
              {countries.map((c) => (
                <option key={c.value} value={c.value} selected={values.country === c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="preferred_language" label={ctx.t("auth.profile.language")}>
          {({ id }) => (
            <select id={id} name="preferred_language">
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l} selected={values.preferred_language === l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="time_zone"
          label={ctx.t("auth.profile.timeZone")}
          hint={
            detectedZone
              ? ctx.t("auth.profile.timeZoneDetected", { zone: detectedZone })
              : ctx.t("auth.profile.timeZoneHint")
          }
          error={shown?.time_zone}
        >
          {({ id, describedBy }) => (
            <select id={id} name="time_zone" aria-describedby={describedBy}>
              <option value="">{ctx.t("auth.profile.timeZoneAuto")}</option>
              {zones.map((z) => (
                <option key={z} value={z} selected={values.time_zone === z}>
                  {z.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">{ctx.t("auth.profile.save")}</button>
      </form>
      <h2>{ctx.t("auth.sessions.title")}</h2>
      <p>{ctx.t("auth.sessions.count", { count: sessions })}</p>
      <form method="post" action="/sign-out/everywhere">
        <CsrfInput ctx={ctx} />
        <button type="submit" class="button--secondary">
          {ctx.t("auth.sessions.signOutEverywhere")}
        </button>
      </form>
    </Layout>
  );
}
