// The contribution form's handling, shared by the contributor's pages (submit/routes.tsx) and the
// secretariat's review (moderation/routes.tsx): rendering the form with what was typed, taking a POST of it
// (new, draft, edit, review), and the pages that refuse a change (call closed, withdrawn).
import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { getPublishedQuestionnaire, listPublishedQuestionnaires, pickText } from "../../calls/index.js";
import { type CycleRow, cycleMilestones, type ForumRow, formatInZone } from "../../forums/index.js";
import { countryOptions } from "../../geo/countries.js";
import type { AppServices } from "../../server/app.js";
import { AppError, type FieldErrors, notFound } from "../../server/errors.js";
import { seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { isLocale } from "../../ui/i18n/locales.js";
import { serviceDeps } from "../api-parts.js";
import { isUuid, webKey } from "../ids.js";
import { checkPrivateToken, privatePath } from "../links.js";
import { isSecretariat } from "../policy.js";
import type { ContributionFileRow, ContributionRow } from "../queries.js";
import {
  autoPublishes,
  callNotOpenError,
  callState,
  contributionById,
  editableUntil,
  filesOf,
  forumAndCycleOf,
} from "../service.js";
import { fileStoreFor } from "../storage.js";
import { answersFromForm, questionsOf } from "./answers.js";
import {
  type ContributionDetails,
  detailsFromForm,
  emptyDetails,
  isBlankSubmission,
  validateSubmission,
} from "./details.js";
import { ContributeFormPage } from "./form-page.js";
import {
  type FileRefusal,
  inspectAndStore,
  readMultipart,
  requestFingerprint,
  uploadLimits,
} from "./intake.js";
import { CallClosedPage, WithdrawConfirmPage, WithdrawnPage } from "./pages.js";
import { editWindow, nextStep } from "./receipt-mail.js";
import { saveContribution } from "./service.js";
import { submissionLimiter } from "./submission-limits.js";

/** The cookie holding this browser's secret for the contribution form's keys. */
const BROWSER_COOKIE = "contribution_browser";

/** The form's handling for one application: its services, store and limits. */
export function formHandling(services: AppServices) {
  const db = services.database.db;
  const store = fileStoreFor(services.config.dataDir);
  const limits = uploadLimits(services.config);
  const deps = () => serviceDeps(services);
  const contactOf = (forum: ForumRow) => forum.mailing_list ?? services.config.adminEmail;
  /**
   * This browser's own secret for the contribution form's keys: an HttpOnly cookie, never written into a page,
   * so a form key copied from a page (or guessed) is worth nothing in another browser.
   */
  const browserSecret = (request: FastifyRequest, reply: FastifyReply): string => {
    const existing = request.cookies[BROWSER_COOKIE];
    if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
    const secret = randomBytes(24).toString("base64url");
    reply.setCookie(BROWSER_COOKIE, secret, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: services.secure,
      maxAge: 30 * 24 * 3600,
    });
    request.cookies[BROWSER_COOKIE] = secret;
    return secret;
  };
  // ?lang= and the switcher's cookie are the reader's own choice; the contribution's language only a default.
  const chosenLanguage = (request: FastifyRequest) =>
    request.localeSource === "query" || request.localeSource === "cookie";
  const useLanguage = (request: FastifyRequest, lang: string | undefined) => {
    if (isLocale(lang)) request.locale = lang;
  };

  /** Renders the form again (or for the first time) with what the contributor typed. */
  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    input: {
      forum: ForumRow;
      cycle: CycleRow;
      details: ContributionDetails;
      row?: ContributionRow;
      attached?: ContributionFileRow[];
      mode: "new" | "draft" | "edit" | "review";
      errors?: FieldErrors;
      refusals?: FileRefusal[];
      notice?: string;
      /** Something the contributor must read before sending again. */
      warning?: string;
      linkRows?: Record<string, number>;
      focusLink?: string;
      status?: number;
    },
  ) {
    const ctx = request.pageContext();
    const { forum, cycle, details, row } = input;
    const [questionnaire, all, milestones] = await Promise.all([
      getPublishedQuestionnaire(db, cycle.id, details.variant_key),
      listPublishedQuestionnaires(db, cycle.id),
      cycleMilestones(db, cycle.id),
    ]);
    const action =
      input.mode === "review" && row
        ? `/f/${forum.slug}/${cycle.year}/contributions/manage/${row.id}`
        : row
          ? privatePath(services.secret, row.id)
          : `/f/${forum.slug}/${cycle.year}/contribute`;
    const receivedNote =
      row?.received_source === "mail_date" && row.received_at
        ? ctx.t("contributions.review.receivedNote", {
            at: formatInZone(row.received_at, forum.time_zone, ctx.locale, "date-time-seconds"),
          })
        : undefined;
    return sendPage(
      reply,
      <ContributeFormPage
        ctx={ctx}
        forum={forum}
        cycle={cycle}
        milestones={milestones}
        questionnaire={questionnaire}
        variants={all.map((q) => ({
          key: q.variantKey,
          name: pickText(q.variantName, ctx.locale, q.originalLanguage),
        }))}
        details={details}
        errors={input.errors}
        refusals={input.refusals}
        attached={input.attached ?? []}
        action={action}
        idempotencyKey={randomUUID()}
        mode={input.mode}
        countries={countryOptions(ctx.locale)}
        limits={limits}
        notice={input.notice}
        warning={input.warning}
        receivedNote={receivedNote}
        linkRows={input.linkRows}
        focusLink={input.focusLink}
      />,
      input.status ?? 200,
    );
  }

  async function refusalPage(
    request: FastifyRequest,
    reply: FastifyReply,
    forum: ForumRow,
    cycle: CycleRow,
    error: AppError,
  ) {
    const milestones = await cycleMilestones(db, cycle.id);
    const state = error.code === "call_closed" ? "closed" : "not_open";
    return sendPage(
      reply,
      <CallClosedPage
        ctx={request.pageContext()}
        forum={forum}
        cycle={cycle}
        state={state}
        milestones={milestones}
        contact={contactOf(forum)}
      />,
      409,
    );
  }

  /** What the private link still allows and what happens next, true for this contribution now. */
  async function promises(
    row: ContributionRow,
    cycle: CycleRow,
    ctx: ReturnType<FastifyRequest["pageContext"]>,
  ) {
    const [milestones, autoPublish] = await Promise.all([
      cycleMilestones(db, cycle.id),
      autoPublishes(db, cycle.id),
    ]);
    return {
      window: editWindow(row, milestones, services.clock(), ctx.locale, ctx.t),
      next: nextStep(row, autoPublish),
    };
  }

  /** A withdrawn contribution's answer to any attempt to change it: withdrawn, when, by whom (410). */
  function withdrawnPage(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: { forum: ForumRow; cycle: CycleRow },
    row: ContributionRow,
    audience: "author" | "secretariat",
  ) {
    const ctx = request.pageContext();
    const { forum, cycle } = scope;
    const back =
      audience === "author"
        ? { href: privatePath(services.secret, row.id), label: ctx.t("contributions.withdrawn.backToOwn") }
        : {
            href: `/f/${forum.slug}/${cycle.year}/contributions/manage`,
            label: ctx.t("contributions.manage.title", { year: cycle.year }),
          };
    return sendPage(
      reply,
      <WithdrawnPage ctx={ctx} forum={forum} contribution={row} back={back} audience={audience} />,
      410,
    );
  }

  /** The withdrawal's confirmation page, or why it is no longer possible. */
  async function withdrawStep(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { row: ContributionRow; forum: ForumRow; cycle: CycleRow },
  ) {
    const { row, forum, cycle } = input;
    if (row.status === "draft") throw notFound();
    if (row.status === "withdrawn") return withdrawnPage(request, reply, { forum, cycle }, row, "author");
    const until = await editableUntil(db, cycle.id);
    if (until && services.clock() > until)
      throw new AppError("conflict", "This contribution can no longer be withdrawn.", {
        messageKey: "contributions.edit.closed",
      });
    return sendPage(
      reply,
      <WithdrawConfirmPage
        ctx={request.pageContext()}
        forum={forum}
        contribution={row}
        privatePath={privatePath(services.secret, row.id)}
      />,
    );
  }

  /** Handles a POST of the form: new, continued draft, edit, or the secretariat's review. */
  async function handleForm(
    request: FastifyRequest,
    reply: FastifyReply,
    input: {
      forum: ForumRow;
      cycle: CycleRow;
      existing?: ContributionRow;
      mode: "new" | "draft" | "edit" | "review";
    },
  ) {
    const { forum, cycle, existing } = input;
    const { fields, files } = await readMultipart(request, limits, { csrf: true });
    const variant = existing?.variant_key ?? fields.variant?.[0] ?? "base";
    const lang = fields.lang?.[0] ?? existing?.form_language ?? request.locale;
    useLanguage(request, lang);
    const questionnaire = await getPublishedQuestionnaire(db, cycle.id, variant);
    const details = detailsFromForm(fields, emptyDetails(variant, isLocale(lang) ? lang : "en"));
    if (questionnaire) details.answers = answersFromForm(questionnaire, fields);
    // "Add another link" without JavaScript: the same form again, everything typed kept, one more link field.
    const addLink = /^add_link:(.+)$/.exec(fields.action?.[0] ?? "")?.[1];
    if (addLink && questionnaire) {
      const linkRows = Object.fromEntries(
        questionsOf(questionnaire)
          .filter((q) => q.type === "link_list")
          .map((q) => {
            const typed = details.answers[q.id];
            return [q.id, (Array.isArray(typed) ? typed.length : 0) + (q.id === addLink ? 1 : 0)];
          }),
      );
      return renderForm(request, reply, {
        forum,
        cycle,
        details,
        row: existing,
        attached: existing ? await filesOf(db, existing.id) : [],
        mode: input.mode,
        linkRows,
        focusLink: addLink,
        // A browser cannot fill a file field again: say so rather than lose the choice silently.
        warning: files.length ? request.pageContext().t("contributions.form.chooseFilesAgain") : undefined,
      });
    }
    // The form carries a UUID only; it is stored in the web namespace, so it can never name a contribution
    // that the API or an import made.
    const formKey = fields.idempotency_key?.[0] ?? "";
    if (!existing && formKey !== "" && !isUuid(formKey))
      throw new AppError(
        "bad_request",
        "This form's key is not valid. Please reload the form and send it again.",
        {
          messageKey: "contributions.error.formKey",
        },
      );
    // The key is bound to this browser (its own secret cookie) and replays only this very request.
    const idempotencyKey = existing
      ? undefined
      : webKey(isUuid(formKey) ? formKey : randomUUID(), browserSecret(request, reply), services.secret);
    const requestHash = existing ? undefined : requestFingerprint(fields, files);
    // Only files that really belong to this contribution count as removed when checking the file limit.
    const attachedBefore = existing ? await filesOf(db, existing.id) : [];
    const attachedIds = new Set(attachedBefore.map((f) => f.id.toLowerCase()));
    const removeFileIds = [
      ...new Set((fields.remove_file ?? []).filter(isUuid).map((id) => id.toLowerCase())),
    ].filter((id) => attachedIds.has(id));
    const { stored, refusals } = await inspectAndStore(
      store,
      files,
      limits,
      attachedBefore.length - removeFileIds.length,
    );
    const wanted = fields.action?.[0] === "draft" ? "draft" : "submit";
    const isEdit = existing !== undefined && existing.status !== "draft";
    // A new form sent empty saves nothing: there is no draft to keep, only what to fill in.
    if (!existing && wanted === "submit" && files.length === 0 && isBlankSubmission(details)) {
      const { result } = await callState(db, cycle, services.clock());
      if (result.status !== "open" && !(await isSecretariat(db, request.actor, forum.id)))
        return refusalPage(request, reply, forum, cycle, callNotOpenError(result.status));
      return renderForm(request, reply, {
        forum,
        cycle,
        details,
        mode: input.mode,
        errors: validateSubmission(details, { main: 0, total: 0 }, questionnaire),
        status: 422,
      });
    }
    // A flood of sendings from one network or one address is turned away before anything is stored; what
    // was typed comes back on the form (a browser cannot refill its file fields, so it says so).
    if (input.mode !== "review") {
      try {
        if (request.actor.kind === "anonymous" || !(await isSecretariat(db, request.actor, forum.id)))
          submissionLimiter(services.config).take({
            ip: request.ip,
            email: details.email || existing?.email,
            now: services.clock(),
          });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "rate_limited") throw error;
        reply.headers(error.headers ?? {});
        return renderForm(request, reply, {
          forum,
          cycle,
          details,
          row: existing,
          attached: attachedBefore,
          mode: input.mode,
          warning: request
            .pageContext()
            .t(error.messageKey ?? "contributions.rateLimited.ip", error.messageValues),
          status: 429,
        });
      }
    }
    try {
      const result = await saveContribution(deps(), {
        actor: request.actor,
        forum,
        cycle,
        contributionId: existing?.id,
        idempotencyKey,
        requestHash,
        details,
        uploads: stored,
        removeFileIds,
        // A refused file stops the submission, but what was accepted is kept with the draft.
        action: refusals.length && !isEdit ? "draft" : wanted,
        channel: existing?.channel ?? "web",
        questionnaire,
        keepDraftOnError: true,
      });
      const row = result.contribution;
      const path = privatePath(services.secret, row.id);
      if (result.outcome === "key_reused") {
        // This browser sent this form before with other content (the back button, then other text): nothing
        // changes, it is told where the first one went (its own), and what it typed comes back: for its own
        // draft, a form that updates that draft; for a sent contribution, a form for a separate one.
        const draft = row.status === "draft";
        return renderForm(request, reply, {
          forum,
          cycle,
          details,
          row: draft ? row : undefined,
          attached: draft ? result.files : [],
          mode: draft ? "draft" : "new",
          warning: request
            .pageContext()
            .t(draft ? "contributions.form.keyReusedDraft" : "contributions.form.keyReusedSent", {
              reference: row.reference ?? "",
              link: `${services.config.publicUrl}${path}`,
            }),
          status: 409,
        });
      }
      if (result.outcome === "replayed" && row.status === "draft")
        return seeOther(reply, `${path}?notice=saved`);
      if (refusals.length || result.outcome === "invalid") {
        return renderForm(request, reply, {
          forum,
          cycle,
          details,
          row,
          attached: result.files,
          mode: input.mode === "new" ? "draft" : input.mode,
          errors: result.errors,
          refusals,
          notice: request
            .pageContext()
            .t("contributions.draft.keptNotice", { link: `${services.config.publicUrl}${path}` }),
          status: 422,
        });
      }
      if (input.mode === "review")
        return seeOther(reply, `/f/${forum.slug}/${cycle.year}/contributions/manage?done=${result.outcome}`);
      if (result.outcome === "submitted" || result.outcome === "replayed")
        return seeOther(reply, `${path}/receipt`);
      if (result.outcome === "edited")
        return seeOther(reply, `${path}?notice=${result.unpublished ? "republish" : "edited"}`);
      return seeOther(reply, `${path}?notice=saved`);
    } catch (error) {
      if (error instanceof AppError && (error.code === "call_closed" || error.code === "call_not_open"))
        return refusalPage(request, reply, forum, cycle, error);
      if (error instanceof AppError && error.code === "gone" && existing?.status === "withdrawn")
        return withdrawnPage(
          request,
          reply,
          { forum, cycle },
          existing,
          input.mode === "review" ? "secretariat" : "author",
        );
      if (error instanceof AppError && error.code === "invalid" && existing) {
        return renderForm(request, reply, {
          forum,
          cycle,
          details,
          row: existing,
          attached: await filesOf(db, existing.id),
          mode: input.mode,
          errors: error.fields,
          refusals,
          status: 422,
        });
      }
      throw error;
    }
  }

  /** The contribution a private link names, with its forum and cycle; NotFound for a wrong token. */
  async function privateRow(params: { id: string; token: string }) {
    const row = await contributionById(db, params.id);
    if (!row || !checkPrivateToken(services.secret, params.id, params.token)) throw notFound();
    const { forum, cycle } = await forumAndCycleOf(db, { forumId: row.forum_id, cycleId: row.cycle_id });
    return { row, forum, cycle };
  }

  return {
    db,
    store,
    limits,
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
  };
}
