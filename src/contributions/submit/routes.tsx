// Contribution pages: the public form and its private links, the public list, pages, files, annex and
// feeds, and the secretariat's moderation and mail import.
import { randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { getPublishedQuestionnaire, listPublishedQuestionnaires, pickText } from "../../calls/index.js";
import { type CycleRow, type ForumRow, findCycle } from "../../forums/lookup.js";
import { selectCycle, selectMilestones } from "../../forums/queries.js";
import { endOfDayInZone, formatInZone, instantToZoned } from "../../forums/time/zones.js";
import { countryOptions } from "../../geo/countries.js";
import { AppError, type FieldErrors, notFound } from "../../server/errors.js";
import { formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { isLocale } from "../../ui/i18n/locales.js";
import { isUuid, webKey } from "../ids.js";
import { importMail } from "../import/email.js";
import { checkPrivateToken, checkVerificationCode, privatePath } from "../links.js";
import { isSecretariat, PUBLIC_STATUSES, requireSecretariat } from "../policy.js";
import { annexDocx } from "../public/annex.js";
import { decodeCursor, encodeCursor } from "../public/cursor.js";
import { atomFeed, csvFeed, jsonFeed } from "../public/feeds.js";
import { EXACT_BELOW, LIST_PAGE_SIZE, listStats, type MatchCount, matchCount } from "../public/list-stats.js";
import {
  type ContributionFileRow,
  type ContributionFilter,
  type ContributionRow,
  countMatching,
  exportBatches,
  selectAutoPublish,
  selectByReference,
  selectContribution,
  selectContributions,
  selectFile,
  selectFiles,
  selectForModeration,
  selectNewestContributions,
} from "../queries.js";
import {
  type ContributionDetails,
  callNotOpenError,
  callState,
  contributionLocale,
  detailsOf,
  editableUntil,
  emptyDetails,
  hideContribution,
  isBlankSubmission,
  isContributorDraft,
  publishContribution,
  saveContribution,
  setAutoPublish,
  validateSubmission,
  verifyEmail,
  withdrawAsSecretariat,
  withdrawOwn,
} from "../service.js";
import { fileStoreFor } from "../storage.js";
import { answersFromForm, type FormValues, questionsOf } from "./answers.js";
import {
  type FileRefusal,
  inspectAndStore,
  readMultipart,
  requestFingerprint,
  uploadLimits,
} from "./intake.js";
import {
  AnnexPage,
  CallClosedPage,
  ContributeFormPage,
  ContributionListPage,
  ContributionPage,
  type ListFilters,
  ManagePage,
  OwnContributionPage,
  ReceiptPage,
  WithdrawConfirmPage,
  WithdrawnPage,
} from "./pages.js";
import { editWindow, nextStep } from "./receipt-mail.js";
import { submissionLimiter } from "./submission-limits.js";

const CycleParams = Type.Object({
  forum: Type.String({ maxLength: 100 }),
  year: Type.String({ maxLength: 4 }),
});
const PrivateParams = Type.Object({
  id: Type.String({ maxLength: 40 }),
  token: Type.String({ maxLength: 64 }),
});
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  stakeholder_group: Type.Optional(Type.String({ maxLength: 40 })),
  region: Type.Optional(Type.String({ maxLength: 40 })),
  country: Type.Optional(Type.String({ maxLength: 2 })),
  language: Type.Optional(Type.String({ maxLength: 10 })),
  timeliness: Type.Optional(Type.String({ maxLength: 20 })),
  variant: Type.Optional(Type.String({ maxLength: 40 })),
});
const ListPageQuery = Type.Object({
  ...ListQuery.properties,
  after: Type.Optional(Type.String({ maxLength: 200 })),
  before: Type.Optional(Type.String({ maxLength: 200 })),
  at: Type.Optional(Type.String({ maxLength: 12 })),
});

/** The cookie holding this browser's secret for the contribution form's keys. */
const BROWSER_COOKIE = "contribution_browser";

/** Contributors listed on the annex page (about 30 KB of HTML) and in its Word file. */
const ANNEX_PAGE_ROWS = 300;
const ANNEX_DOCX_ROWS = 5_000;
/** Entries in the Atom feed (the newest). */
const ATOM_ENTRIES = 100;
/** Rows fetched at a time while streaming the CSV and JSON exports. */
const EXPORT_BATCH = 500;
/** How long a list page in a large cycle waits for a filter's count it does not know yet, in ms. */
const COUNT_WAIT_MS = 50;

/** Details typed in the form (first value of each field). */
export function detailsFromForm(fields: FormValues, base: ContributionDetails): ContributionDetails {
  const get = (name: string) => fields[name]?.[0];
  return {
    honorific: get("honorific") ?? "",
    contributor_name: get("contributor_name") ?? "",
    organisation: get("organisation") ?? "",
    stakeholder_group: get("stakeholder_group") ?? "",
    country: get("country") ?? "",
    email: get("email") ?? "",
    consent: get("consent") ?? "",
    licence: get("licence") ?? base.licence,
    body_text: get("body_text") ?? "",
    answers: {},
    variant_key: base.variant_key,
    form_language: base.form_language,
  };
}

/** Contribution pages. */
export const contributionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const store = fileStoreFor(services.config.dataDir);
  const limits = uploadLimits(services.config);
  const deps = () => ({
    db,
    now: services.clock(),
    secret: services.secret,
    publicUrl: services.config.publicUrl,
    adminEmail: services.config.adminEmail,
  });
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
      selectMilestones(db, cycle.id),
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
    const milestones = await selectMilestones(db, cycle.id);
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
      selectMilestones(db, cycle.id),
      selectAutoPublish(db, cycle.id),
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
        attached: existing ? await selectFiles(db, existing.id) : [],
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
    const attachedBefore = existing ? await selectFiles(db, existing.id) : [];
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
          attached: await selectFiles(db, existing.id),
          mode: input.mode,
          errors: error.fields,
          refusals,
          status: 422,
        });
      }
      throw error;
    }
  }

  async function privateRow(params: { id: string; token: string }) {
    const row = await selectContribution(db, params.id);
    if (!row || !checkPrivateToken(services.secret, params.id, params.token)) throw notFound();
    const { forum, cycle } = await cycleOfRow(row);
    return { row, forum, cycle };
  }

  async function cycleOfRow(row: ContributionRow) {
    const cycle = await db
      .selectFrom("cycles")
      .selectAll()
      .where("id", "=", row.cycle_id)
      .executeTakeFirstOrThrow();
    const forum = await db
      .selectFrom("forums")
      .selectAll()
      .where("id", "=", row.forum_id)
      .executeTakeFirstOrThrow();
    return { forum, cycle };
  }

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
      const files = await selectFiles(db, row.id);
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
      row.status === "published" && !(row.email_verified_at && (await selectAutoPublish(db, cycle.id)));
    return renderForm(request, reply, {
      forum,
      cycle,
      details: detailsOf(row),
      row,
      attached: await selectFiles(db, row.id),
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

  // The public list, feeds and annex.
  function filtersOf(query: ListFilters): ListFilters {
    return Object.fromEntries(
      Object.entries(query).filter(([, v]) => typeof v === "string" && v !== ""),
    ) as ListFilters;
  }
  function filterOf(cycleId: string, filters: ListFilters): ContributionFilter {
    return {
      cycleId,
      statuses: PUBLIC_STATUSES,
      stakeholderGroup: filters.stakeholder_group,
      region: filters.region,
      country: filters.country,
      language: filters.language,
      timeliness: filters.timeliness,
      variant: filters.variant,
      q: filters.q,
    };
  }
  function feedInput(request: FastifyRequest, forum: ForumRow, cycle: CycleRow) {
    return {
      forum,
      cycle,
      publicUrl: services.config.publicUrl,
      t: request.pageContext().t,
      locale: request.locale,
    };
  }
  async function previousCount(forum: ForumRow, cycle: CycleRow) {
    const previous = cycle.previous_cycle_id
      ? await db.selectFrom("cycles").selectAll().where("id", "=", cycle.previous_cycle_id).executeTakeFirst()
      : await selectCycle(db, forum.id, cycle.year - 1);
    if (!previous) return undefined;
    // Kept like the cycle's own figures: a large previous cycle is not counted on every request.
    return { year: previous.year, count: (await listStats(db, previous.id)).total };
  }

  app.get(
    "/f/:forum/:year/contributions",
    { schema: { params: CycleParams, querystring: ListPageQuery } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const { after, before, at, ...query } = request.query;
      const filters = filtersOf(query);
      const filter = filterOf(cycle.id, filters);
      const ctx = request.pageContext();
      // Keyset pages: a page is an index range whatever the cycle's size. A token this server did not make
      // (edited by hand, or from an older link) falls back to the first page rather than an error.
      const afterPosition = after ? decodeCursor(after) : undefined;
      const beforePosition = !afterPosition && before ? decodeCursor(before) : undefined;
      const fetched = await selectContributions(db, {
        ...filter,
        after: afterPosition,
        before: beforePosition,
        limit: LIST_PAGE_SIZE + 1,
      });
      // One row more than a page tells whether another page lies in the direction of travel.
      const more = fetched.length > LIST_PAGE_SIZE;
      const rows = beforePosition ? fetched.slice(-LIST_PAGE_SIZE) : fetched.slice(0, LIST_PAGE_SIZE);
      const first = rows[0];
      const filtered = Object.keys(filters).length > 0;
      const statsFound = listStats(db, cycle.id);
      // A first page that holds every match is its own count; otherwise a large cycle's count is kept (and
      // stops at "more than 10,000"), and a page waits for one not known yet only briefly.
      const whole = !afterPosition && !beforePosition && !more;
      const counted: Promise<MatchCount | undefined> = !filtered
        ? statsFound.then((s) => ({ value: s.total, exact: true }))
        : whole
          ? Promise.resolve({ value: rows.length, exact: true })
          : statsFound.then((s) => {
              const large = s.total >= EXACT_BELOW;
              return matchCount(db, filter, { large, waitMs: large ? COUNT_WAIT_MS : undefined });
            });
      const [stats, count, previous, secretariat, call] = await Promise.all([
        statsFound,
        counted,
        previousCount(forum, cycle),
        isSecretariat(db, request.actor, forum.id),
        callState(db, cycle, services.clock()),
      ]);
      // The page's position: counted exactly in a small cycle; in a large one carried in the page links
      // (`at`), as counting every earlier row would cost a scan per page.
      const carried = Number.parseInt(at ?? "", 10);
      const offset =
        !afterPosition && !beforePosition
          ? 0
          : stats.total < EXACT_BELOW && first?.received_at
            ? await countMatching(db, { ...filter, before: { receivedAt: first.received_at, id: first.id } })
            : Number.isFinite(carried) && carried >= 0
              ? count?.exact
                ? Math.min(carried, Math.max(0, count.value - rows.length))
                : carried
              : undefined;
      // A count not known in time: what the page itself proves ("more than 50").
      const matchingCount: MatchCount = count ?? {
        value: Math.max(0, (offset ?? 0) + rows.length + (more ? 1 : 0) - 1),
        exact: false,
      };
      const last = rows.at(-1);
      // Travelling back, a page lies ahead (the one we came from); travelling forward, one lies behind.
      const hasNext = beforePosition ? rows.length > 0 : more;
      const hasPrevious = beforePosition ? more : Boolean(afterPosition) && rows.length > 0;
      return sendPage(
        reply,
        <ContributionListPage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          rows={rows}
          total={stats.total}
          matching={matchingCount}
          offset={offset}
          previous={previous}
          filters={filters}
          countries={countryOptions(ctx.locale).filter(
            (c) => stats.countries.includes(c.value) || c.value === filters.country,
          )}
          languages={stats.languages}
          variants={stats.variants}
          isSecretariat={secretariat}
          callOpen={call.result.status === "open"}
          nextCursor={hasNext && last ? (encodeCursor(last) ?? undefined) : undefined}
          previousCursor={hasPrevious && first ? (encodeCursor(first) ?? undefined) : undefined}
        />,
      );
    },
  );

  app.get(
    "/f/:forum/:year/contributions.atom",
    { schema: { params: CycleParams, querystring: ListQuery } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      // A feed carries the newest entries; readers keep what they have already seen.
      const rows = await selectNewestContributions(db, {
        ...filterOf(cycle.id, filtersOf(request.query)),
        limit: ATOM_ENTRIES,
      });
      const input = feedInput(request, forum, cycle);
      return reply.type("application/atom+xml; charset=utf-8").send(atomFeed({ ...input, rows }));
    },
  );

  for (const format of ["csv", "json"] as const) {
    app.get(
      `/f/:forum/:year/contributions.${format}`,
      { schema: { params: CycleParams, querystring: ListQuery } },
      async (request, reply) => {
        const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
        const filter = filterOf(cycle.id, filtersOf(request.query));
        // Streamed in keyset batches of the exports' columns: every matching contribution, in bounded memory,
        // however many there are; Readable.from reads the next batch only when the socket has taken the last.
        const batches = () => exportBatches(db, filter, EXPORT_BATCH);
        const input = feedInput(request, forum, cycle);
        if (format === "csv")
          return reply
            .type("text/csv; charset=utf-8")
            .header(
              "content-disposition",
              `attachment; filename="contributions-${forum.slug}-${cycle.year}.csv"`,
            )
            .send(Readable.from(csvFeed(input, batches())));
        return reply.type("application/json; charset=utf-8").send(Readable.from(jsonFeed(input, batches())));
      },
    );
  }

  function annexDate(forum: ForumRow, date: string | undefined): { asOf: string; until: Date } {
    const now = services.clock();
    const today = instantToZoned(now, forum.time_zone);
    const fallback = `${today.year}-${String(today.month).padStart(2, "0")}-${String(today.day).padStart(2, "0")}`;
    const asOf = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : fallback;
    try {
      return { asOf, until: endOfDayInZone(asOf, forum.time_zone) };
    } catch {
      return { asOf: fallback, until: endOfDayInZone(fallback, forum.time_zone) };
    }
  }
  // The annex is a document for a forum's few hundred contributors; a consultation's million would make a page
  // (and a Word file) nobody can open, so both stop at a limit and point to the CSV export, which streams all.
  async function annexRows(cycleId: string, until: Date, limit: number) {
    const filter = { cycleId, statuses: PUBLIC_STATUSES, receivedBefore: until };
    const rows = await selectContributions(db, { ...filter, limit: limit + 1 });
    if (rows.length <= limit) return { rows, count: rows.length };
    return { rows: rows.slice(0, limit), count: await countMatching(db, filter) };
  }

  app.get(
    "/f/:forum/:year/contributions/annex",
    {
      schema: {
        params: CycleParams,
        querystring: Type.Object({ date: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const { asOf, until } = annexDate(forum, request.query.date);
      const ctx = request.pageContext();
      const { rows, count } = await annexRows(cycle.id, until, ANNEX_PAGE_ROWS);
      const label = formatInZone(until, forum.time_zone, ctx.locale, "date");
      return sendPage(
        reply,
        <AnnexPage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          rows={rows}
          count={count}
          asOf={asOf}
          asOfLabel={label}
        />,
      );
    },
  );

  app.get(
    "/f/:forum/:year/contributions/annex.docx",
    {
      schema: {
        params: CycleParams,
        querystring: Type.Object({ date: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const { asOf, until } = annexDate(forum, request.query.date);
      const ctx = request.pageContext();
      const { rows } = await annexRows(cycle.id, until, ANNEX_DOCX_ROWS);
      const label = formatInZone(until, forum.time_zone, ctx.locale, "date");
      const bytes = await annexDocx({ ctx, forum, cycle, rows, asOfLabel: label });
      return reply
        .type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .header(
          "content-disposition",
          `attachment; filename="contributions-${forum.slug}-${cycle.year}-as-of-${asOf}.docx"`,
        )
        .header("x-content-type-options", "nosniff")
        .send(bytes);
    },
  );

  // The secretariat's moderation page.
  app.get(
    "/f/:forum/:year/contributions/manage",
    {
      schema: {
        params: CycleParams,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      if (request.actor.kind === "anonymous")
        return seeOther(reply, `/sign-in?next=${encodeURIComponent(request.url)}`);
      await requireSecretariat(db, request.actor, forum.id);
      const ctx = request.pageContext();
      const done = request.query.done;
      return sendPage(
        reply,
        <ManagePage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          rows={await selectForModeration(db, cycle.id)}
          autoPublish={await selectAutoPublish(db, cycle.id)}
          notice={
            done && /^[a-z_]+$/.test(done) ? ctx.t("contributions.manage.done", { action: done }) : undefined
          }
        />,
      );
    },
  );

  app.post(
    "/f/:forum/:year/contributions/manage/settings",
    { schema: { params: CycleParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const on = formFields(request.body).auto_publish === "1";
      await setAutoPublish(deps(), { actor: request.actor, forumId: forum.id, cycleId: cycle.id, on });
      return seeOther(reply, `/f/${forum.slug}/${cycle.year}/contributions/manage?done=settings`);
    },
  );

  app.post(
    "/f/:forum/:year/contributions/manage/:id/:action",
    {
      schema: {
        params: Type.Object({
          forum: Type.String({ maxLength: 100 }),
          year: Type.String({ maxLength: 4 }),
          id: Type.String({ maxLength: 40 }),
          action: Type.Union([Type.Literal("publish"), Type.Literal("hide"), Type.Literal("withdraw")]),
        }),
      },
    },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      const row = await selectContribution(db, request.params.id);
      if (!row || row.cycle_id !== cycle.id) throw notFound();
      // The row's one reason box serves hiding and withdrawing; publishing keeps no reason.
      const reason = request.params.action === "publish" ? "" : (formFields(request.body).reason ?? "");
      const input = { actor: request.actor, contributionId: row.id, reason };
      if (request.params.action === "publish") await publishContribution(deps(), input);
      else if (request.params.action === "hide") await hideContribution(deps(), input);
      else await withdrawAsSecretariat(deps(), input);
      return seeOther(
        reply,
        `/f/${forum.slug}/${cycle.year}/contributions/manage?done=${request.params.action}`,
      );
    },
  );

  app.post(
    "/f/:forum/:year/contributions/manage/import-mail",
    { config: { multipart: true }, schema: { params: CycleParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      await requireSecretariat(db, request.actor, forum.id);
      const mailLimits = {
        ...limits,
        maxFiles: 1,
        maxFileBytes: Math.max(limits.maxFileBytes * limits.maxFiles, 50 * 1024 * 1024),
      };
      const { files } = await readMultipart(request, mailLimits, { csrf: true });
      const file = files[0];
      if (!file || file.bytes.length === 0)
        throw new AppError("invalid", "Choose a .eml or .mbox file.", {
          messageKey: "contributions.import.noFile",
        });
      if (file.overLimit) throw new AppError("too_large", "The mail file is too large.");
      const report = await importMail(
        { ...deps(), store, limits },
        { actor: request.actor, forum, cycle, bytes: file.bytes },
      );
      const ctx = request.pageContext();
      return sendPage(
        reply,
        <ManagePage
          ctx={ctx}
          forum={forum}
          cycle={cycle}
          rows={await selectForModeration(db, cycle.id)}
          autoPublish={await selectAutoPublish(db, cycle.id)}
          importReport={{
            created: report.created.length,
            refusals: report.refusals,
            problems: report.problems,
          }}
        />,
      );
    },
  );

  const ReviewParams = Type.Object({
    forum: Type.String({ maxLength: 100 }),
    year: Type.String({ maxLength: 4 }),
    id: Type.String({ maxLength: 40 }),
  });
  app.get(
    "/f/:forum/:year/contributions/manage/:id",
    { schema: { params: ReviewParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      await requireSecretariat(db, request.actor, forum.id);
      const row = await selectContribution(db, request.params.id);
      // A contributor's draft is theirs until they submit it: not found, as in the API.
      if (!row || row.cycle_id !== cycle.id || isContributorDraft(row)) throw notFound();
      if (row.status === "withdrawn")
        return withdrawnPage(request, reply, { forum, cycle }, row, "secretariat");
      return renderForm(request, reply, {
        forum,
        cycle,
        details: detailsOf(row),
        row,
        attached: await selectFiles(db, row.id),
        mode: "review",
      });
    },
  );

  app.post(
    "/f/:forum/:year/contributions/manage/:id",
    { config: { multipart: true }, schema: { params: ReviewParams } },
    async (request, reply) => {
      const { forum, cycle } = await findCycle(db, request.params.forum, request.params.year);
      await requireSecretariat(db, request.actor, forum.id);
      const row = await selectContribution(db, request.params.id);
      if (!row || row.cycle_id !== cycle.id || isContributorDraft(row)) throw notFound();
      return handleForm(request, reply, { forum, cycle, existing: row, mode: "review" });
    },
  );

  // One contribution and its files.
  async function visibleByReference(request: FastifyRequest, slug: string, year: string, reference: string) {
    const { forum, cycle } = await findCycle(db, slug, year);
    const row = await selectByReference(db, cycle.id, reference);
    if (!row) throw notFound();
    if (row.status !== "published" && !(await isSecretariat(db, request.actor, forum.id))) throw notFound();
    return { forum, cycle, row };
  }

  const RefParams = Type.Object({
    forum: Type.String({ maxLength: 100 }),
    year: Type.String({ maxLength: 4 }),
    reference: Type.String({ maxLength: 40 }),
  });
  app.get(
    "/f/:forum/:year/contributions/:reference",
    { schema: { params: RefParams } },
    async (request, reply) => {
      const { forum, cycle, row } = await visibleByReference(
        request,
        request.params.forum,
        request.params.year,
        request.params.reference,
      );
      return sendPage(
        reply,
        <ContributionPage
          ctx={request.pageContext()}
          forum={forum}
          cycle={cycle}
          contribution={row}
          files={await selectFiles(db, row.id)}
          questionnaire={await getPublishedQuestionnaire(db, cycle.id, row.variant_key)}
        />,
      );
    },
  );

  app.get(
    "/f/:forum/:year/contributions/:reference/files/:fileId",
    { schema: { params: Type.Object({ ...RefParams.properties, fileId: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const { row } = await visibleByReference(
        request,
        request.params.forum,
        request.params.year,
        request.params.reference,
      );
      const file = await selectFile(db, request.params.fileId);
      if (!file || file.contribution_id !== row.id) throw notFound();
      const bytes = await store.get(file.sha256);
      if (!bytes) throw notFound("The file is missing from storage.");
      return reply
        .type(file.media_type)
        .header("content-disposition", contentDisposition(file.file_name))
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; sandbox")
        .send(bytes);
    },
  );
};

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987); the name is already sanitised. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\;]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
