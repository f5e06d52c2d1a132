// The contacts API: list (with the pages' filters) and add, change one, and import a CSV or .xlsx file. An
// address is in an answer only for the secretariat's tokens and sessions (the service leaves it out otherwise).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findForum } from "../forums/index.js";
import { ErrorResponse } from "../server/api-schemas.js";
import { translator } from "../ui/i18n/translate.js";
import { createContact, listContacts, updateContact } from "./contacts/service.js";
import type { ContactView } from "./contacts/view.js";
import { coverage } from "./coverage/service.js";
import { listGaps } from "./gaps/service.js";
import { importContacts, requireImporter } from "./import/service.js";
import { readContactUpload } from "./import/upload.js";
import { invalidInput } from "./refusals.js";

const tags = ["contacts"];
const security = [{ bearer: [] }];
const forumParams = Type.Object({ forum: Type.String() });
const contactParams = Type.Object({ forum: Type.String(), id: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const Contact = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: "person or organisation" }),
  organisation_id: Nullable(Type.String()),
  nri_id: Nullable(Type.String({ description: "The NRI this contact is a focal point of" })),
  honorific: Type.String(),
  name: Type.String(),
  role: Type.String(),
  stakeholder_group: Nullable(Type.String()),
  country: Nullable(Type.String({ description: "ISO 3166-1 alpha-2" })),
  region: Nullable(Type.String({ description: "UN M49 region, derived from the country" })),
  subregion: Nullable(Type.String({ description: "UN M49 sub-region, derived from the country" })),
  least_developed: Type.Boolean(),
  landlocked_developing: Type.Boolean(),
  small_island_developing: Type.Boolean(),
  developing: Type.Boolean(),
  email: Type.Optional(Nullable(Type.String({ description: "Only in answers to the secretariat" }))),
  has_address: Type.Boolean(),
  tags: Type.Array(Type.String()),
  notes: Type.String(),
  opted_out: Type.Boolean(),
  added_by: Type.String(),
  created_at: Type.String({ format: "date-time" }),
  updated_at: Type.String({ format: "date-time" }),
});

const ContactBody = Type.Object({
  kind: Type.Optional(Type.Union([Type.Literal("person"), Type.Literal("organisation")])),
  organisation_id: Type.Optional(Nullable(Type.String())),
  nri_id: Type.Optional(Nullable(Type.String())),
  honorific: Type.Optional(Type.String({ maxLength: 40 })),
  name: Type.String({ minLength: 1, maxLength: 300 }),
  role: Type.Optional(Type.String({ maxLength: 300 })),
  stakeholder_group: Type.Optional(Nullable(Type.String())),
  country: Type.Optional(Nullable(Type.String())),
  email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 30 })),
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
  opted_out: Type.Optional(Type.Boolean()),
});

const ImportReport = Type.Object({
  total: Type.Integer(),
  good: Type.Integer(),
  imported: Type.Integer(),
  similar: Type.Array(Type.Object({ line: Type.Integer(), name: Type.String(), like: Type.String() }), {
    description: "Good rows named like another contact in the same organisation (imported all the same)",
  }),
  new_organisations: Type.Array(Type.String(), {
    description: "Organisations good rows belong to that are not contacts yet: added as contacts with them",
  }),
  bad: Type.Array(
    Type.Object({
      line: Type.Integer(),
      text: Type.String(),
      reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
});

const Counts = Type.Object({ contacts: Type.Integer(), contributions: Type.Integer() });

const GapsAnswer = Type.Object({
  groups: Type.Array(
    Type.Object({
      stakeholder_group: Nullable(Type.String()),
      gaps: Type.Array(
        Type.Object({
          contact_id: Type.String(),
          name: Type.String(),
          assignee: Type.Union([
            Type.Object({ name: Type.String(), due: Nullable(Type.String({ format: "date" })) }),
            Type.Null(),
          ]),
        }),
      ),
    }),
    { description: "Contacts without an address (not opted out), by stakeholder group; no group last" },
  ),
});

const CoverageAnswer = Type.Object({
  group: Nullable(Type.String({ description: "The stakeholder group the map counts, or null for all" })),
  year: Type.Union([
    Type.Integer({ description: "The cycle whose published contributions are counted" }),
    Type.Null(),
  ]),
  rows: Type.Array(
    Type.Object({
      subregion: Type.String(),
      region: Type.String(),
      cells: Type.Record(Type.String(), Counts, { description: "Per stakeholder group" }),
    }),
  ),
  regions: Type.Array(
    Type.Object({ region: Type.String(), contacts: Type.Integer(), contributions: Type.Integer() }),
  ),
  map: Type.Array(
    Type.Object({
      subregion: Type.String(),
      region: Type.String(),
      contacts: Type.Integer(),
      contributions: Type.Integer(),
    }),
  ),
  no_contact: Type.Array(
    Type.Object({ stakeholder_group: Type.String(), subregions: Type.Array(Type.String()) }),
    { description: "Per stakeholder group, the sub-regions where the forum has no contact of that group" },
  ),
  from_least_developed: Type.Integer(),
  from_landlocked_developing: Type.Integer(),
  from_small_island_developing: Type.Integer(),
});

function contactJson(c: ContactView) {
  return {
    id: c.id,
    kind: c.kind,
    organisation_id: c.organisation_id,
    nri_id: c.nri_id,
    honorific: c.honorific,
    name: c.name,
    role: c.role,
    stakeholder_group: c.stakeholder_group,
    country: c.country,
    region: c.region,
    subregion: c.subregion,
    least_developed: c.ldc,
    landlocked_developing: c.lldc,
    small_island_developing: c.sids,
    developing: c.developing,
    ...(c.email !== undefined ? { email: c.email } : {}),
    has_address: c.has_address,
    tags: c.tags,
    notes: c.notes,
    opted_out: c.opted_out,
    added_by: c.added_by_label,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  };
}

/** The contacts API. */
export const contactApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  app.get(
    "/api/v1/forums/:forum/contacts",
    {
      schema: {
        tags,
        summary: "List the forum's contacts (addresses only for the secretariat)",
        security,
        params: forumParams,
        querystring: Type.Object({
          group: Type.Optional(Type.String()),
          region: Type.Optional(Type.String({ description: "UN M49 region or sub-region code" })),
          status: Type.Optional(Type.String({ description: "ldc, lldc, sids, developing or developed" })),
          tag: Type.Optional(Type.String()),
          missing: Type.Optional(Type.Boolean({ description: "Only contacts without an address" })),
          not_contributed: Type.Optional(
            Type.Boolean({
              description:
                "Only contacts who have not contributed to the cycle (year, else the latest; a focal point counts alone)",
            }),
          ),
          year: Type.Optional(Type.Integer({ description: "The cycle not_contributed speaks of" })),
          nri: Type.Optional(
            Type.String({ description: "any: focal points of any NRI; an NRI's id: its focal points" }),
          ),
        }),
        response: {
          200: Type.Object({ contacts: Type.Array(Contact) }),
          401: ErrorResponse,
          403: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      const { contacts } = await listContacts(db, {
        actor: request.actor,
        forumId: forum.id,
        filters: request.query,
      });
      return { contacts: contacts.map(contactJson) };
    },
  );

  app.get(
    "/api/v1/forums/:forum/contacts/gaps",
    {
      schema: {
        tags,
        summary: "The contacts without an address, by stakeholder group, and who is looking for each",
        security,
        params: forumParams,
        response: { 200: GapsAnswer, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      const { groups } = await listGaps(db, { actor: request.actor, forumId: forum.id });
      return {
        groups: groups.map((g) => ({
          stakeholder_group: g.group,
          gaps: g.gaps.map((gap) => ({
            contact_id: gap.contactId,
            name: gap.name,
            assignee: gap.assignee ? { name: gap.assignee.label, due: gap.assignee.due } : null,
          })),
        })),
      };
    },
  );

  app.get(
    "/api/v1/forums/:forum/contacts/coverage",
    {
      schema: {
        tags,
        summary:
          "Contacts and one cycle's published contributions by stakeholder group and UN M49 sub-region, with the empty cells",
        security,
        params: forumParams,
        querystring: Type.Object({
          group: Type.Optional(Type.String({ description: "Count only this stakeholder group on the map" })),
          year: Type.Optional(
            Type.Integer({ description: "The cycle whose contributions are counted; the latest by default" }),
          ),
        }),
        response: { 200: CoverageAnswer, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      const data = await coverage(db, {
        actor: request.actor,
        forumId: forum.id,
        group: request.query.group,
        year: request.query.year,
      });
      return {
        group: data.group,
        year: data.year,
        rows: data.rows,
        regions: data.regions,
        map: data.map.map((m) => ({
          subregion: m.subregion,
          region: m.region,
          contacts: m.contacts,
          contributions: m.contributions,
        })),
        no_contact: data.noContact.map((n) => ({ stakeholder_group: n.group, subregions: n.subregions })),
        from_least_developed: data.fromLdc,
        from_landlocked_developing: data.fromLldc,
        from_small_island_developing: data.fromSids,
      };
    },
  );

  app.post(
    "/api/v1/forums/:forum/contacts",
    {
      schema: {
        tags,
        summary: "Add a contact",
        security,
        params: forumParams,
        body: ContactBody,
        response: {
          201: Contact,
          401: ErrorResponse,
          403: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const contact = await createContact(db, {
        actor: request.actor,
        forumId: forum.id,
        input: request.body,
      });
      return reply.status(201).send(contactJson(contact));
    },
  );

  app.patch(
    "/api/v1/forums/:forum/contacts/:id",
    {
      schema: {
        tags,
        summary: "Change a contact (a member may give a missing address; that closes its gap)",
        security,
        params: contactParams,
        body: Type.Partial(ContactBody),
        response: {
          200: Contact,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      const contact = await updateContact(db, {
        actor: request.actor,
        forumId: forum.id,
        contactId: request.params.id,
        input: request.body,
        now: services.clock(),
        publicUrl: services.config.publicUrl,
      });
      return contactJson(contact);
    },
  );

  app.post(
    "/api/v1/forums/:forum/contacts/import",
    {
      config: { multipart: true },
      schema: {
        tags,
        summary:
          "Check a list of contacts (multipart field “file”: CSV or .xlsx) and report each bad row; mode=good imports the good rows in one transaction",
        security,
        consumes: ["multipart/form-data"],
        params: forumParams,
        querystring: Type.Object({
          mode: Type.Optional(
            Type.Union([Type.Literal("check"), Type.Literal("good"), Type.Literal("nothing")], {
              description: "check (the default) and nothing change nothing; good imports the good rows",
            }),
          ),
        }),
        response: {
          200: ImportReport,
          401: ErrorResponse,
          403: ErrorResponse,
          413: ErrorResponse,
          422: ErrorResponse,
        },
      },
    },
    async (request) => {
      const forum = await findForum(db, request.params.forum);
      await requireImporter(db, request.actor, forum.id);
      const upload = await readContactUpload(request, {
        csrf: request.actor.kind === "user",
        maxBytes: services.config.uploadMaxFileBytes,
      });
      if (!upload.file)
        throw invalidInput("Send the list in a multipart field named file.", {
          file: "contacts.import.noFile",
        });
      const report = await importContacts(db, {
        actor: request.actor,
        forumId: forum.id,
        source: { bytes: upload.file },
        mode: request.query.mode ?? "check",
      });
      const t = translator("en");
      return {
        total: report.total,
        good: report.good,
        imported: report.imported,
        similar: report.similar,
        new_organisations: report.newOrganisations,
        bad: report.bad.map((b) => ({
          line: b.line,
          text: b.text,
          reasons: b.reasons.map((r) => ({
            code: r.replace(/^contacts\.import\.|^contacts\.error\./, ""),
            message: t(r),
          })),
        })),
      };
    },
  );
};
