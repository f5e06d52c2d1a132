// The site administrator's page for personal data requests: export one address's data, or erase it.
import type { FieldErrors } from "../server/errors.js";
import { CsrfInput, ErrorSummary, Notice, TextField, translateErrors } from "../ui/components.js";
import { Layout } from "../ui/layout.js";
import type { PageContext } from "../ui/page-context.js";

/** The form's values and errors, and what the last erase did. */
export interface PrivacyPageState {
  values: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}

/** /admin/privacy: an export form and an erase form with its confirmation. */
export function PrivacyPage({ ctx, state }: { ctx: PageContext; state: PrivacyPageState }) {
  const errors = translateErrors(ctx, state.errors);
  return (
    <Layout ctx={ctx} title={ctx.t("privacy.title")}>
      <p>
        <a href="/admin">{ctx.t("admin.title")}</a>
      </p>
      <h1>{ctx.t("privacy.title")}</h1>
      <Notice text={state.notice} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="lead">{ctx.t("privacy.lead")}</p>
      <section aria-labelledby="privacy-export">
        <h2 id="privacy-export">{ctx.t("privacy.export.heading")}</h2>
        <p>{ctx.t("privacy.export.help")}</p>
        <form method="post" action="/admin/privacy/export">
          <CsrfInput ctx={ctx} />
          <TextField
            name="email"
            label={ctx.t("privacy.email")}
            values={state.values}
            errors={errors}
            required
          />
          <button type="submit">{ctx.t("privacy.export.button")}</button>
        </form>
      </section>
      <section aria-labelledby="privacy-erase">
        <h2 id="privacy-erase">{ctx.t("privacy.erase.heading")}</h2>
        <p>{ctx.t("privacy.erase.help")}</p>
        <form method="post" action="/admin/privacy/erase">
          <CsrfInput ctx={ctx} />
          <TextField
            name="erase_email"
            label={ctx.t("privacy.email")}
            values={state.values}
            errors={errors}
            required
          />
          <TextField
            name="erase_confirm"
            label={ctx.t("privacy.erase.confirm")}
            values={state.values}
            errors={errors}
            required
          />
          <button type="submit" class="button--danger">
            {ctx.t("privacy.erase.button")}
          </button>
        </form>
      </section>
    </Layout>
  );
}
