// Importing contacts: the form (a file or a pasted list), the report naming each bad row and why, and the
// choice between importing the good rows and importing nothing.
import { CsrfInput } from "../../ui/components.js";
import { Layout } from "../../ui/layout.js";
import type { PageContext } from "../../ui/page-context.js";
import { ContactsNav } from "../page-parts.js";
import type { ImportReport } from "./service.js";

type Forum = { slug: string; name: string };

/** The import form. */
export function ImportPage({ ctx, forum, error }: { ctx: PageContext; forum: Forum; error?: string }) {
  const t = ctx.t;
  const title = t("contacts.import.title");
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ContactsNav ctx={ctx} forumSlug={forum.slug} current="import" canManage />
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <p>{t("contacts.import.intro")}</p>
      <form method="post" action={`/f/${forum.slug}/contacts/import`} enctype="multipart/form-data">
        <CsrfInput ctx={ctx} />
        <div class="field">
          <label for="field-file">{t("contacts.import.file")}</label>
          <p class="hint" id="field-file-hint">
            {t("contacts.import.fileHint")}
          </p>
          <input
            type="file"
            id="field-file"
            name="file"
            accept=".csv,.txt,.xlsx,text/csv"
            aria-describedby="field-file-hint"
          />
        </div>
        <div class="field">
          <label for="field-paste">{t("contacts.import.paste")}</label>
          <textarea id="field-paste" name="paste" rows={8} />
        </div>
        <button type="submit">{t("contacts.import.check")}</button>
      </form>
    </Layout>
  );
}

/** The report on a checked list, with the choice of what to import; or, after importing, what went in. */
export function ImportReportPage({
  ctx,
  forum,
  report,
}: {
  ctx: PageContext;
  forum: Forum;
  report: ImportReport;
}) {
  const t = ctx.t;
  const title = t("contacts.import.reportTitle");
  const done = report.imported > 0;
  return (
    <Layout ctx={ctx} title={title} forum={forum}>
      <h1>{title}</h1>
      <ContactsNav ctx={ctx} forumSlug={forum.slug} current="import" canManage />
      <p role="status">
        {done
          ? t("contacts.import.imported", { count: report.imported })
          : t("contacts.import.summary", { total: report.total, good: report.good, bad: report.bad.length })}
      </p>
      {report.bad.length ? (
        <div class="table-wrap">
          <table>
            <caption>{t("contacts.import.badRows", { count: report.bad.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("contacts.import.line")}</th>
                <th scope="col">{t("contacts.import.reason")}</th>
                <th scope="col">{t("contacts.import.row")}</th>
              </tr>
            </thead>
            <tbody>
              {report.bad.map((b) => (
                <tr key={b.line}>
                  <th scope="row">{b.line}</th>
                  <td>{b.reasons.map((r) => t(r)).join(" ")}</td>
                  <td>
                    <code>{b.text}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {report.newOrganisations.length ? (
        <p>
          {t(done ? "contacts.import.addedOrganisations" : "contacts.import.newOrganisations", {
            count: report.newOrganisations.length,
            names: report.newOrganisations.join(", "),
          })}
        </p>
      ) : null}
      {report.similar.length ? (
        <section aria-labelledby="similar-title">
          <h2 id="similar-title">{t("contacts.import.similarTitle")}</h2>
          <ul>
            {report.similar.map((x) => (
              <li key={x.line}>
                {t("contacts.import.similar", { line: x.line, name: x.name, like: x.like })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!done && report.good > 0 ? (
        <form method="post" action={`/f/${forum.slug}/contacts/import/confirm`}>
          <CsrfInput ctx={ctx} />
          <input type="hidden" name="data" value={Buffer.from(report.data, "utf8").toString("base64")} />
          <fieldset>
            <legend>{t("contacts.import.choose")}</legend>
            <button type="submit" name="choice" value="good">
              {t("contacts.import.importGood", { count: report.good })}
            </button>{" "}
            <button type="submit" name="choice" value="nothing" class="button--secondary">
              {t("contacts.import.importNothing")}
            </button>
          </fieldset>
        </form>
      ) : null}
      <p>
        <a href={`/f/${forum.slug}/contacts`}>{t("contacts.nav.list")}</a>
      </p>
    </Layout>
  );
}
