// The calls API under /api/v1: questionnaires (create, read, sections, questions, order, publish), variants,
// translations, the call, its recipients, sending and reminders. Bearer tokens; errors through AppError.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { findCycle } from "../forums/lookup.js";
import { ErrorResponse } from "../server/api-schemas.js";
import { notFound } from "../server/errors.js";
import { getCall, saveCall } from "./call.js";
import { callPermissions } from "./policy.js";
import { listPublishedQuestionnaires } from "./published.js";
import { QUESTION_TYPES, type QuestionInput } from "./questionnaire-edit.js";
import {
  addQuestion,
  addSection,
  createQuestionnaire,
  createVariant,
  loadQuestionnaire,
  publishVariant,
  removeQuestion,
  removeSection,
  reorderQuestions,
  type Scope,
  saveTranslations,
  translationState,
  updateQuestion,
  updateVariantFromBase,
} from "./questionnaires.js";
import {
  addRecipients,
  callRecipientsWithStatus,
  cancelReminder,
  scheduleReminder,
  sendCall,
} from "./sending.js";

const tags = ["calls"];
const security = [{ bearer: [] }];
const Params = Type.Object({ forum: Type.String(), year: Type.String() });
const Variant = Type.Optional(
  Type.String({ maxLength: 40, description: 'The variant\'s key; "base" when omitted.' }),
);
const Count = Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 }));
const Errors = {
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
const Anything = Type.Unknown();

const QuestionBody = Type.Object(
  {
    id: Type.Optional(
      Type.String({ maxLength: 60, description: "A stable id; generated from the label when omitted." }),
    ),
    type: Type.Union(QUESTION_TYPES.map((t) => Type.Literal(t))),
    label: Type.String({ maxLength: 5000 }),
    help: Type.Optional(Type.String({ maxLength: 5000 })),
    required: Type.Optional(Type.Boolean()),
    options: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 200 })),
    items: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 200 })),
    allow_other: Type.Optional(Type.Boolean()),
    max_selections: Count,
    guidance: Type.Optional(
      Type.Object({
        unit: Type.Union([Type.Literal("words"), Type.Literal("pages")]),
        min: Count,
        max: Count,
      }),
    ),
    max_length: Count,
    role: Type.Optional(Type.Union([Type.Literal("main"), Type.Literal("appendix")])),
    max_files: Count,
    max_links: Count,
    allow_anonymous: Type.Optional(Type.Boolean()),
    licence: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

type QuestionBodyType = {
  id?: string;
  type: string;
  label: string;
  help?: string;
  required?: boolean;
  options?: string[];
  items?: string[];
  allow_other?: boolean;
  max_selections?: number;
  guidance?: { unit: string; min?: number; max?: number };
  max_length?: number;
  role?: string;
  max_files?: number;
  max_links?: number;
  allow_anonymous?: boolean;
  licence?: string;
};

function toInput(body: QuestionBodyType): QuestionInput {
  return {
    id: body.id,
    type: body.type,
    label: body.label,
    help: body.help,
    required: body.required,
    options: body.options,
    items: body.items,
    allowOther: body.allow_other,
    maxSelections: body.max_selections,
    guidanceUnit: body.guidance?.unit,
    guidanceMin: body.guidance?.min,
    guidanceMax: body.guidance?.max,
    maxLength: body.max_length,
    role: body.role,
    maxFiles: body.max_files,
    maxLinks: body.max_links,
    allowAnonymous: body.allow_anonymous,
    licence: body.licence,
  };
}

/** /api/v1/forums/{forum}/cycles/{year}/questionnaire… and …/call… */
export const callApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const base = "/api/v1/forums/:forum/cycles/:year";

  async function scopeOf(request: FastifyRequest): Promise<Scope> {
    const p = request.params as { forum: string; year: string };
    const { forum, cycle } = await findCycle(db, p.forum, p.year);
    return { actor: request.actor, forum, cycle, now: services.clock() };
  }

  app.post(
    `${base}/questionnaire`,
    {
      schema: {
        tags,
        security,
        summary: "Create the cycle's questionnaire (with its empty base variant)",
        params: Params,
        body: Type.Object({
          original_language: Type.Optional(Type.String({ maxLength: 10 })),
          name: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 201: Type.Object({ id: Type.String() }), ...Errors },
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const q = await createQuestionnaire(db, {
        ...scope,
        input: { originalLanguage: request.body.original_language, name: request.body.name },
      });
      return reply.status(201).send({ id: q.id });
    },
  );

  app.get(
    `${base}/questionnaire`,
    {
      schema: {
        tags,
        security,
        summary:
          "Read a variant's draft, with every variant and its latest published version (forum members)",
        params: Params,
        querystring: Type.Object({ variant: Variant }),
        response: { 200: Anything, ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const data = await loadQuestionnaire(db, { ...scope, variantKey: request.query.variant });
      return {
        original_language: data.questionnaire.original_language,
        variants: data.variants.map((v) => ({
          key: v.key,
          name: v.name,
          audience: v.audience,
          derived_from: v.derived_from,
          base_changes: data.drift.get(v.key) ?? null,
          latest_version: data.latest.get(v.key)?.version ?? null,
          updated_at: v.updated_at.toISOString(),
        })),
        variant: { key: data.variant.key, name: data.variant.name, audience: data.variant.audience },
        sections: data.variant.sections,
      };
    },
  );

  app.post(
    `${base}/questionnaire/sections`,
    {
      schema: {
        tags,
        security,
        summary: "Add a section at the end of a variant's draft",
        params: Params,
        body: Type.Object({
          variant: Variant,
          title: Type.String({ maxLength: 300 }),
          intro: Type.Optional(Type.String({ maxLength: 5000 })),
        }),
        response: { 201: Type.Object({ id: Type.String() }), ...Errors },
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const { variant, title, intro } = request.body;
      const id = await addSection(db, { ...scope, variantKey: variant, input: { title, intro } });
      return reply.status(201).send({ id });
    },
  );

  app.post(
    `${base}/questionnaire/questions`,
    {
      schema: {
        tags,
        security,
        summary: "Add a question at the end of a section",
        params: Params,
        body: Type.Object({ variant: Variant, section_id: Type.String(), question: QuestionBody }),
        response: { 201: Anything, ...Errors },
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const question = await addQuestion(db, {
        ...scope,
        variantKey: request.body.variant,
        sectionId: request.body.section_id,
        input: toInput(request.body.question),
      });
      return reply.status(201).send(question);
    },
  );

  app.patch(
    `${base}/questionnaire/questions/:question`,
    {
      schema: {
        tags,
        security,
        summary: "Change a question (its id stays); optionally move it to another section",
        params: Type.Object({ forum: Type.String(), year: Type.String(), question: Type.String() }),
        body: Type.Object({
          variant: Variant,
          section_id: Type.Optional(Type.String()),
          question: QuestionBody,
        }),
        response: { 200: Anything, ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      return updateQuestion(db, {
        ...scope,
        variantKey: request.body.variant,
        questionId: request.params.question,
        sectionId: request.body.section_id,
        input: toInput(request.body.question),
      });
    },
  );

  const VariantQuery = Type.Object({ variant: Variant });

  app.delete(
    `${base}/questionnaire/questions/:question`,
    {
      schema: {
        tags,
        security,
        summary: "Remove a question from a variant's draft (published versions keep it)",
        params: Type.Object({ forum: Type.String(), year: Type.String(), question: Type.String() }),
        querystring: VariantQuery,
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      await removeQuestion(db, {
        ...scope,
        variantKey: request.query.variant,
        questionId: request.params.question,
      });
      return reply.status(204).send(null);
    },
  );

  app.delete(
    `${base}/questionnaire/sections/:section`,
    {
      schema: {
        tags,
        security,
        summary:
          "Remove an empty section from a variant's draft (published versions keep it); 422 while it has questions",
        params: Type.Object({ forum: Type.String(), year: Type.String(), section: Type.String() }),
        querystring: VariantQuery,
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      await removeSection(db, {
        ...scope,
        variantKey: request.query.variant,
        sectionId: request.params.section,
      });
      return reply.status(204).send(null);
    },
  );

  app.put(
    `${base}/questionnaire/sections/:section/order`,
    {
      schema: {
        tags,
        security,
        summary: "Reorder a section's questions (list every question id once)",
        params: Type.Object({ forum: Type.String(), year: Type.String(), section: Type.String() }),
        body: Type.Object({ variant: Variant, question_ids: Type.Array(Type.String(), { maxItems: 500 }) }),
        response: { 200: Type.Object({ ok: Type.Boolean() }), ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      await reorderQuestions(db, {
        ...scope,
        variantKey: request.body.variant,
        sectionId: request.params.section,
        order: request.body.question_ids,
      });
      return { ok: true };
    },
  );

  app.post(
    `${base}/questionnaire/publish`,
    {
      schema: {
        tags,
        security,
        summary: "Publish a variant: freeze its draft as the next version",
        params: Params,
        body: Type.Object({ variant: Variant }),
        response: { 201: Anything, ...Errors },
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      return reply.status(201).send(await publishVariant(db, { ...scope, variantKey: request.body.variant }));
    },
  );

  app.get(
    `${base}/questionnaire/published`,
    {
      schema: {
        tags,
        summary: "The latest published version of every variant (public)",
        params: Params,
        response: { 200: Anything, 404: ErrorResponse },
      },
    },
    async (request) => listPublishedQuestionnaires(db, (await scopeOf(request)).cycle.id),
  );

  app.post(
    `${base}/questionnaire/variants`,
    {
      schema: {
        tags,
        security,
        summary: "Create a variant as a copy of another (same question ids), to reword, add to or trim",
        params: Params,
        body: Type.Object({
          key: Type.String({ maxLength: 40 }),
          name: Type.String({ maxLength: 200 }),
          audience: Type.Optional(Type.String({ maxLength: 300 })),
          from: Variant,
        }),
        response: { 201: Type.Object({ key: Type.String() }), ...Errors },
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const row = await createVariant(db, { ...scope, input: request.body });
      return reply.status(201).send({ key: row.key });
    },
  );

  const LangParams = Type.Object({
    forum: Type.String(),
    year: Type.String(),
    lang: Type.String({ maxLength: 10 }),
  });

  app.get(
    `${base}/questionnaire/translations/:lang`,
    {
      schema: {
        tags,
        security,
        summary:
          "Every text of a variant (and, for the base, of the call) with its translation into a language",
        params: LangParams,
        querystring: Type.Object({ variant: Variant }),
        response: { 200: Anything, ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const state = await translationState(db, { ...scope, variantKey: request.query.variant });
      const lang = request.params.lang;
      return {
        original_language: state.original,
        missing: state.missing,
        texts: state.slots.map((s) => ({
          key: s.key,
          what: s.role,
          original: s.text[state.original] ?? "",
          translation: s.text[lang] ?? null,
        })),
      };
    },
  );

  app.put(
    `${base}/questionnaire/translations/:lang`,
    {
      schema: {
        tags,
        security,
        summary: "Save translations into a language, by text key (an empty string removes one)",
        params: LangParams,
        body: Type.Object({
          variant: Variant,
          texts: Type.Record(Type.String(), Type.String({ maxLength: 10_000 })),
        }),
        response: { 200: Type.Object({ changed: Type.Integer() }), ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const changed = await saveTranslations(db, {
        ...scope,
        variantKey: request.body.variant,
        lang: request.params.lang,
        values: request.body.texts,
      });
      return { changed };
    },
  );

  app.get(
    `${base}/call`,
    {
      schema: {
        tags,
        summary: "The call for contributions (public once a questionnaire is published)",
        params: Params,
        response: { 200: Anything, 404: ErrorResponse },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const call = await getCall(db, scope.cycle.id);
      const published = await listPublishedQuestionnaires(db, scope.cycle.id);
      const perms = await callPermissions(db, scope.actor, scope.forum.id);
      if (!call || (!published.length && !perms.read))
        throw notFound("This cycle's call is not published yet.");
      return {
        texts: call.texts,
        reading: call.reading,
        guidance: call.guidance,
        variants: published.map((p) => ({ key: p.variantKey, version: p.version, version_id: p.versionId })),
      };
    },
  );

  app.put(
    `${base}/call`,
    {
      schema: {
        tags,
        security,
        summary: "Create or update the call (texts in the original language)",
        params: Params,
        body: Type.Object({
          title: Type.Optional(
            Type.String({
              maxLength: 1000,
              description:
                "The call's own title (up to 200 characters); empty for the usual one, absent to keep it",
            }),
          ),
          message: Type.String({ maxLength: 20_000 }),
          overview: Type.Optional(Type.String({ maxLength: 20_000 })),
          guidance_note: Type.Optional(Type.String({ maxLength: 5000 })),
          reading: Type.Optional(
            Type.Array(
              Type.Object({ title: Type.String({ maxLength: 500 }), url: Type.String({ maxLength: 2000 }) }),
              {
                maxItems: 100,
              },
            ),
          ),
          pages_min: Count,
          pages_max: Count,
          links_welcome: Type.Optional(Type.Boolean()),
          appendices: Type.Optional(Type.Boolean()),
          editable_formats: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Anything, ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const b = request.body;
      const row = await saveCall(db, {
        ...scope,
        input: {
          title: b.title,
          message: b.message,
          overview: b.overview ?? "",
          guidanceNote: b.guidance_note,
          reading: b.reading ?? [],
          pagesMin: b.pages_min,
          pagesMax: b.pages_max,
          linksWelcome: b.links_welcome,
          appendices: b.appendices,
          editableFormats: b.editable_formats,
        },
      });
      return { texts: row.texts, reading: row.reading, guidance: row.guidance };
    },
  );

  app.post(
    `${base}/call/recipients`,
    {
      schema: {
        tags,
        security,
        summary: "Add recipients of the call (a known address gains the tags and missing details)",
        params: Params,
        body: Type.Object({
          recipients: Type.Array(
            Type.Object({
              email: Type.String({ maxLength: 254 }),
              name: Type.String({ maxLength: 200 }),
              organisation: Type.Optional(Type.String({ maxLength: 200 })),
              stakeholder_group: Type.Optional(Type.String({ maxLength: 40 })),
              country: Type.Optional(Type.String({ maxLength: 2 })),
              language: Type.Optional(Type.String({ maxLength: 10 })),
              tags: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
            }),
            { maxItems: 5000 },
          ),
          tags: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
          language: Type.Optional(Type.String({ maxLength: 10 })),
        }),
        response: { 200: Type.Object({ added: Type.Integer(), updated: Type.Integer() }), ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      return addRecipients(db, {
        ...scope,
        recipients: request.body.recipients.map((r) => ({ ...r, stakeholderGroup: r.stakeholder_group })),
        tags: request.body.tags,
        language: request.body.language,
      });
    },
  );

  app.get(
    `${base}/call/recipients`,
    {
      schema: {
        tags,
        security,
        summary: "The call's recipients with the delivery status of the last message to each",
        params: Params,
        response: { 200: Anything, ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const { recipients, reminders } = await callRecipientsWithStatus(db, scope);
      return {
        recipients: recipients.map(({ recipient: r, last }) => ({
          email: r.email,
          name: r.name,
          tags: r.tags,
          language: r.language,
          unsubscribed: Boolean(r.unsubscribed_at),
          last: last
            ? { kind: last.kind, status: last.status, at: last.at.toISOString(), error: last.error }
            : null,
        })),
        reminders: reminders.map((r) => ({
          id: r.id,
          run_at: r.run_at.toISOString(),
          tag: r.tag,
          status: r.status,
          sent: r.sent_count,
        })),
      };
    },
  );

  app.post(
    `${base}/call/send`,
    {
      schema: {
        tags,
        security,
        summary:
          "Send the call to every recipient who has not had it yet and to the mailing list's subscribers (GET the recipients first to see who)",
        params: Params,
        body: Type.Optional(
          Type.Object({
            send_after_close: Type.Optional(
              Type.Boolean({
                description:
                  "Required (true) to send a call whose closing date has passed; refused otherwise.",
              }),
            ),
          }),
        ),
        response: { 200: Type.Object({ sent: Type.Integer() }), ...Errors },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const sent = await sendCall(db, {
        ...scope,
        settings: { publicUrl: services.config.publicUrl, secret: services.secret },
        // Calling this endpoint is itself the explicit request; only sending after the close asks for more.
        confirm: { checkedRecipients: true, afterClose: request.body?.send_after_close === true },
      });
      return { sent };
    },
  );

  app.post(
    `${base}/call/reminders`,
    {
      schema: {
        tags,
        security,
        summary:
          "Schedule a reminder to recipients who have not contributed (optionally only those with a tag)",
        params: Params,
        body: Type.Object({
          run_at: Type.String({ format: "date-time" }),
          tag: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: { 201: Type.Object({ id: Type.String(), run_at: Type.String() }), ...Errors },
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const reminder = await scheduleReminder(db, {
        ...scope,
        input: { runAt: new Date(request.body.run_at), tag: request.body.tag },
      });
      return reply.status(201).send({ id: reminder.id, run_at: reminder.run_at.toISOString() });
    },
  );

  app.post(
    `${base}/call/reminders/:reminder/cancel`,
    {
      schema: {
        tags,
        security,
        summary: "Cancel a scheduled reminder: it stays listed as cancelled and its job sends nothing",
        params: Type.Object({
          forum: Type.String(),
          year: Type.String(),
          reminder: Type.String({ format: "uuid" }),
        }),
        response: {
          200: Type.Object({ id: Type.String(), run_at: Type.String(), status: Type.String() }),
          ...Errors,
        },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      const reminder = await cancelReminder(db, { ...scope, reminderId: request.params.reminder });
      return { id: reminder.id, run_at: reminder.run_at.toISOString(), status: reminder.status };
    },
  );

  app.post(
    `${base}/questionnaire/variants/:variant/update-from-base`,
    {
      schema: {
        tags,
        security,
        summary:
          "Bring a variant up to date with the questionnaire it was derived from: its new questions, and its rewordings of questions the variant did not reword; the variant's own additions, drops and rewordings stay",
        params: Type.Object({
          forum: Type.String(),
          year: Type.String(),
          variant: Type.String({ maxLength: 40 }),
        }),
        response: {
          200: Type.Object({ added: Type.Array(Type.String()), reworded: Type.Array(Type.String()) }),
          ...Errors,
        },
      },
    },
    async (request) => {
      const scope = await scopeOf(request);
      return updateVariantFromBase(db, { ...scope, variantKey: request.params.variant });
    },
  );
};
