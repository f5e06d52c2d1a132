// The questionnaire API: create, read, sections, questions, order, publish and variants.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ErrorResponse } from "../../server/api-schemas.js";
import { Anything, apiScope, base, Count, Errors, Params, security, tags, Variant } from "../api-parts.js";
import { listPublishedQuestionnaires } from "../published.js";
import { QUESTION_TYPES, type QuestionInput } from "../questions/edit.js";
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
  updateQuestion,
  updateVariantFromBase,
} from "./service.js";

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

/** The questionnaire API. */
export const questionnaireApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const scopeOf = apiScope(app);

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
