// The contacts pages: the list and its filters, adding, a contact's page and its changes, filling a missing
// address, the members' setting, and the secretariat's CSV export.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { findForum } from "../../forums/index.js";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { contactGap } from "../gaps/service.js";
import { exportContacts } from "../import/service.js";
import { contactHistory } from "../outreach/service.js";
import { ContactFormPage, ContactListPage, formValues } from "./pages.js";
import {
  type ContactInput,
  createContact,
  getContact,
  listContacts,
  setMembersManage,
  updateContact,
} from "./service.js";

const forumParams = Type.Object({ forum: Type.String() });
const contactParams = Type.Object({ forum: Type.String(), id: Type.String() });
const listQuery = Type.Object({
  group: Type.Optional(Type.String()),
  region: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  tag: Type.Optional(Type.String()),
  missing: Type.Optional(Type.String()),
  nri: Type.Optional(Type.String()),
  not_contributed: Type.Optional(Type.String()),
  year: Type.Optional(Type.String()),
  done: Type.Optional(Type.String()),
});

function inputOf(form: Record<string, string>): ContactInput {
  return {
    kind: form.kind ?? "",
    organisation_id: form.organisation_id || null,
    nri_id: form.nri_id || null,
    honorific: form.honorific ?? "",
    name: form.name ?? "",
    role: form.role ?? "",
    stakeholder_group: form.stakeholder_group || null,
    country: form.country || null,
    email: form.email ?? "",
    tags: form.tags ?? "",
    notes: form.notes ?? "",
    opted_out: form.opted_out === "1",
  };
}

/** The contacts pages. */
export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;

  app.get(
    "/f/:forum/contacts",
    { schema: { params: forumParams, querystring: listQuery } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const q = request.query;
      const filters = {
        group: q.group,
        region: q.region,
        status: q.status,
        tag: q.tag,
        missing: q.missing === "1",
        nri: q.nri,
        not_contributed: q.not_contributed === "1",
        year: q.year,
      };
      const result = await listContacts(db, { actor: request.actor, forumId: forum.id, filters });
      const ctx = request.pageContext();
      const notice = q.done === "settings" ? ctx.t("contacts.settings.saved") : undefined;
      return sendPage(
        reply,
        <ContactListPage ctx={ctx} forum={forum} filters={filters} notice={notice} {...result} />,
      );
    },
  );

  app.get("/f/:forum/contacts/new", { schema: { params: forumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const { access, organisations, nris } = await listContacts(db, {
      actor: request.actor,
      forumId: forum.id,
      filters: {},
    });
    const ctx = request.pageContext();
    if (!access.canManage) return seeOther(reply, `/f/${forum.slug}/contacts`);
    return sendPage(
      reply,
      <ContactFormPage
        ctx={ctx}
        forum={forum}
        access={access}
        organisations={organisations}
        nris={nris}
        values={formValues(undefined)}
      />,
    );
  });

  app.post("/f/:forum/contacts", { schema: { params: forumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const form = formFields(request.body);
    try {
      const contact = await createContact(db, {
        actor: request.actor,
        forumId: forum.id,
        input: inputOf(form),
      });
      return seeOther(reply, `/f/${forum.slug}/contacts/${contact.id}`);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      const { access, organisations, nris } = await listContacts(db, {
        actor: request.actor,
        forumId: forum.id,
        filters: {},
      });
      return sendPage(
        reply,
        <ContactFormPage
          ctx={request.pageContext()}
          forum={forum}
          access={access}
          organisations={organisations}
          nris={nris}
          values={form}
          errors={errors}
        />,
        422,
      );
    }
  });

  app.get("/f/:forum/contacts/export.csv", { schema: { params: forumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const csv = await exportContacts(db, { actor: request.actor, forumId: forum.id });
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${forum.slug}-contacts.csv"`)
      .send(csv);
  });

  app.get("/f/:forum/contacts/export.xlsx", { schema: { params: forumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const xlsx = await exportContacts(db, { actor: request.actor, forumId: forum.id, format: "xlsx" });
    return reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="${forum.slug}-contacts.xlsx"`)
      .send(Buffer.from(xlsx));
  });

  app.post("/f/:forum/contacts/settings", { schema: { params: forumParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const form = formFields(request.body);
    await setMembersManage(db, {
      actor: request.actor,
      forumId: forum.id,
      value: form.members_manage === "1",
    });
    return seeOther(reply, `/f/${forum.slug}/contacts?done=settings`);
  });

  const contactPage = async (
    request: FastifyRequest,
    params: { forum: string; id: string },
    form?: Record<string, string>,
    errors?: Record<string, string>,
  ) => {
    const forum = await findForum(db, params.forum);
    const { access, contact, organisations, nris } = await getContact(db, {
      actor: request.actor,
      forumId: forum.id,
      contactId: params.id,
    });
    const gap = await contactGap(db, { forumId: forum.id, contactId: contact.id });
    const history = await contactHistory(db, {
      actor: request.actor,
      forumId: forum.id,
      contactId: contact.id,
    });
    return (
      <ContactFormPage
        ctx={request.pageContext()}
        forum={forum}
        access={access}
        contact={contact}
        organisations={organisations}
        nris={nris}
        values={form ?? formValues(contact)}
        errors={errors}
        gap={gap}
        history={history}
      />
    );
  };

  app.get("/f/:forum/contacts/:id", { schema: { params: contactParams } }, async (request, reply) =>
    sendPage(reply, await contactPage(request, request.params)),
  );

  app.post("/f/:forum/contacts/:id", { schema: { params: contactParams } }, async (request, reply) => {
    const forum = await findForum(db, request.params.forum);
    const form = formFields(request.body);
    try {
      await updateContact(db, {
        actor: request.actor,
        forumId: forum.id,
        contactId: request.params.id,
        input: inputOf(form),
        now: services.clock(),
        publicUrl: services.config.publicUrl,
      });
    } catch (error) {
      return sendPage(reply, await contactPage(request, request.params, form, fieldErrorsOf(error)), 422);
    }
    return seeOther(reply, `/f/${forum.slug}/contacts/${request.params.id}`);
  });

  app.post(
    "/f/:forum/contacts/:id/address",
    { schema: { params: contactParams } },
    async (request, reply) => {
      const forum = await findForum(db, request.params.forum);
      const form = formFields(request.body);
      try {
        await updateContact(db, {
          actor: request.actor,
          forumId: forum.id,
          contactId: request.params.id,
          input: { email: form.email ?? "" },
          now: services.clock(),
          publicUrl: services.config.publicUrl,
        });
      } catch (error) {
        return sendPage(reply, await contactPage(request, request.params, form, fieldErrorsOf(error)), 422);
      }
      return seeOther(reply, `/f/${forum.slug}/contacts/gaps?done=filled`);
    },
  );
};
