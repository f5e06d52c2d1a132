// The contributor's pages: the form, and the private link's draft, receipt, edit and withdrawal.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { getPublishedQuestionnaire } from "../../calls/index.js";
import { findCycle } from "../../forums/index.js";
import { AppError } from "../../server/errors.js";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { CycleParams } from "../api-parts.js";
import { checkVerificationCode, privatePath } from "../links.js";
import { withdrawOwn } from "../moderation/service.js";
import {
  autoPublishes,
  callNotOpenError,
  callState,
  contributionLocale,
  editableUntil,
  filesOf,
} from "../service.js";
import { detailsOf, emptyDetails } from "./details.js";
import { formHandling } from "./form.js";
import { OwnContributionPage, ReceiptPage } from "./pages.js";
import { verifyEmail } from "./service.js";

const PrivateParams = Type.Object({
  id: Type.String({ maxLength: 40 }),
  token: Type.String({ maxLength: 64 }),
});

/** The contributor's pages. */
export const contributionSubmitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const {
    db,
    deps,
    contactOf,
    browserSecret,
    chosenLanguage,
    useLanguage,
    renderForm,
    refusalPage,
    promises,
    withdrawnPage,
    withdrawStep,
    handleForm,
    privateRow,
  } = formHandling(services);

  // The form.
  app.get(
    "/f/:forum/:year/contribute",
    {
      schema: {
        params: CycleParams,
        querystring: Type.Object({
          variant: Type.Optional(Type.String({ maxLength: 40 })),
          lang: Type.Optional(Type.String({ maxLength: 5 })),
        }),
      },
    },
    async (request, reply) => {
      useLanguage(request, request.query.lang);
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const { result } = await callState(db, cycle, services.clock());
      if (result.status !== "open")
        return refusalPage(request, reply, forum, cycle, callNotOpenError(result.status));
      const variant = request.query.variant ?? "base";
      // Issued with the form, so the first POST already carries it.
      browserSecret(request, reply);
      return renderForm(request, reply, {
        forum,
        cycle,
        details: emptyDetails(variant, request.locale),
        mode: "new",
      });
    },
  );

  app.post(
    "/f/:forum/:year/contribute",
    { config: { multipart: true }, schema: { params: CycleParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      return handleForm(request, reply, { forum, cycle, mode: "new" });
    },
  );

  // The sender's private link: a draft to continue, or the contribution to view, edit or withdraw.
  app.get(
    "/c/:id/:token",
    {
      schema: {
        params: PrivateParams,
        querystring: Type.Object({
          v: Type.Optional(Type.String({ maxLength: 64 })),
          notice: Type.Optional(Type.String({ maxLength: 20 })),
        }),
      },
    },
    async (request, reply) => {
      let { row, forum, cycle } = await privateRow(request.params);
      reply.header("referrer-policy", "no-referrer");
      if (!chosenLanguage(request)) useLanguage(request, contributionLocale(row));
      const ctx = request.pageContext();
      let notice: string | undefined;
      if (
        request.query.v &&
        row.email &&
        checkVerificationCode(services.secret, row.id, row.email, request.query.v)
      ) {
        row = await verifyEmail(deps(), row.id);
        notice = ctx.t("contributions.email.verifiedNotice");
      }
      const files = await filesOf(db, row.id);
      const link = `${services.config.publicUrl}${privatePath(services.secret, row.id)}`;
      if (row.status === "draft") {
        return renderForm(request, reply, {
          forum,
          cycle,
          details: detailsOf(row),
          row,
          attached: files,
          mode: "draft",
          notice: ctx.t("contributions.draft.savedNotice", { link }),
        });
      }
      if (request.query.notice === "edited") notice = ctx.t("contributions.edit.savedNotice");
      if (request.query.notice === "republish" && row.status === "submitted")
        notice = ctx.t("contributions.edit.awaitingRepublication");
      if (request.query.notice === "withdrawn" && row.status === "withdrawn")
        notice = row.email
          ? ctx.t("contributions.withdrawn.noticeMailed", { email: row.email })
          : ctx.t("contributions.withdrawn.notice");
      return sendPage(
        reply,
        <OwnContributionPage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          contribution={row}
          files={files}
          questionnaire={await getPublishedQuestionnaire(db, cycle.id, row.variant_key)}
          {...(await promises(row, cycle, ctx))}
          contact={contactOf(forum)}
          privatePath={privatePath(services.secret, row.id)}
          notice={notice}
        />,
      );
    },
  );

  app.get("/c/:id/:token/receipt", { schema: { params: PrivateParams } }, async (request, reply) => {
    const { row, forum, cycle } = await privateRow(request.params);
    reply.header("referrer-policy", "no-referrer");
    if (!chosenLanguage(request)) useLanguage(request, contributionLocale(row));
    const url = `${services.config.publicUrl}${privatePath(services.secret, row.id)}`;
    const ctx = request.pageContext();
    return sendPage(
      reply,
      <ReceiptPage
        ctx={ctx}
        forum={forum}
        contribution={row}
        privateUrl={url}
        {...(await promises(row, cycle, ctx))}
        contact={contactOf(forum)}
      />,
    );
  });

  app.get("/c/:id/:token/edit", { schema: { params: PrivateParams } }, async (request, reply) => {
    const { row, forum, cycle } = await privateRow(request.params);
    reply.header("referrer-policy", "no-referrer");
    if (!chosenLanguage(request)) useLanguage(request, contributionLocale(row));
    if (row.status === "withdrawn") return withdrawnPage(request, reply, { forum, cycle }, row, "author");
    const until = await editableUntil(db, cycle.id);
    if (until && services.clock() > until)
      throw new AppError("conflict", "This contribution can no longer be changed.", {
        messageKey: "contributions.edit.closed",
      });
    // A published contribution goes back to the secretariat when its sender changes it (unless the cycle
    // auto-publishes and the address is verified): say so before they edit.
    const republish =
      row.status === "published" && !(row.email_verified_at && (await autoPublishes(db, cycle.id)));
    return renderForm(request, reply, {
      forum,
      cycle,
      details: detailsOf(row),
      row,
      attached: await filesOf(db, row.id),
      mode: row.status === "draft" ? "draft" : "edit",
      notice: republish ? request.pageContext().t("contributions.edit.republishNotice") : undefined,
    });
  });

  app.post(
    "/c/:id/:token",
    { config: { multipart: true }, schema: { params: PrivateParams } },
    async (request, reply) => {
      const { row, forum, cycle } = await privateRow(request.params);
      return handleForm(request, reply, {
        forum,
        cycle,
        existing: row,
        mode: row.status === "draft" ? "draft" : "edit",
      });
    },
  );

  // Withdrawing: a confirmation page first (it works without JavaScript and says what withdrawal does); only
  // its "yes" withdraws, so a stray POST shows the question again.
  app.get("/c/:id/:token/withdraw", { schema: { params: PrivateParams } }, async (request, reply) => {
    const { row, forum, cycle } = await privateRow(request.params);
    reply.header("referrer-policy", "no-referrer");
    if (!chosenLanguage(request)) useLanguage(request, contributionLocale(row));
    return withdrawStep(request, reply, { row, forum, cycle });
  });

  app.post("/c/:id/:token/withdraw", { schema: { params: PrivateParams } }, async (request, reply) => {
    const { row, forum, cycle } = await privateRow(request.params);
    reply.header("referrer-policy", "no-referrer");
    if (!chosenLanguage(request)) useLanguage(request, contributionLocale(row));
    const body = formFields(request.body);
    if (body.confirm !== "yes") return withdrawStep(request, reply, { row, forum, cycle });
    if (row.status === "withdrawn") return withdrawnPage(request, reply, { forum, cycle }, row, "author");
    await withdrawOwn(deps(), {
      forum,
      cycle,
      contributionId: row.id,
      reason: body.reason ?? "",
      contact: contactOf(forum),
    });
    return seeOther(reply, `${privatePath(services.secret, row.id)}?notice=withdrawn`);
  });
};
