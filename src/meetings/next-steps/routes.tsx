// Next steps: adding and changing them on a meeting's page, and "my actions".
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { fieldErrorsOf, formFields, seeOther } from "../../server/forms.js";
import { sendPage } from "../../server/render.js";
import { meetingPageHelpers } from "../meetings/routes.js";
import { pollsAwaitingAnswer } from "../polls/service.js";
import { MyActionsPage } from "./pages.js";
import { addAction, myOpenActions, updateAction } from "./service.js";

const meetingParams = Type.Object({ forum: Type.String(), year: Type.String(), ref: Type.String() });
const actionParams = Type.Object({
  forum: Type.String(),
  year: Type.String(),
  ref: Type.String(),
  action: Type.String(),
});

/** Next-step forms and the "my actions" page. */
export const nextStepRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { services } = app;
  const db = services.database.db;
  const { meetingPage, editable } = meetingPageHelpers(app);

  app.post(
    "/f/:forum/:year/meetings/:ref/actions",
    { schema: { params: meetingParams } },
    async (request, reply) => {
      const { forum, cycle, meeting } = await editable(request, request.params);
      const form = formFields(request.body);
      try {
        await addAction(db, {
          actor: request.actor,
          meetingId: meeting.id,
          input: {
            text: form.text ?? "",
            owner_user_id: form.owner_user_id || null,
            owner_text: form.owner_text ?? "",
            due_text: form.due_text ?? "",
            due_date: form.due_date || null,
            due_precision: form.due_precision || null,
          },
        });
      } catch (error) {
        return meetingPage(request, reply, request.params, { errors: fieldErrorsOf(error) }, 422);
      }
      return seeOther(
        reply,
        `/f/${forum.slug}/${cycle.year}/meetings/${meeting.slug}?done=saved#next-steps-title`,
      );
    },
  );

  app.post(
    "/f/:forum/:year/meetings/:ref/actions/:action",
    { schema: { params: actionParams } },
    async (request, reply) => {
      const form = formFields(request.body);
      await updateAction(db, {
        actor: request.actor,
        actionId: request.params.action,
        input: { status: form.status ?? "" },
      });
      const back =
        form.back === "mine"
          ? "/me/actions"
          : `/f/${request.params.forum}/${request.params.year}/meetings/${request.params.ref}#next-steps-title`;
      return seeOther(reply, back);
    },
  );

  app.get("/me/actions", async (request, reply) => {
    const actor = request.actor;
    if (actor.kind !== "user") return seeOther(reply, `/sign-in?next=${encodeURIComponent("/me/actions")}`);
    const [actions, polls] = await Promise.all([
      myOpenActions(db, actor.userId),
      pollsAwaitingAnswer(db, actor.userId, services.clock()),
    ]);
    const ctx = request.pageContext();
    return sendPage(reply, <MyActionsPage ctx={ctx} actions={actions} polls={polls} />);
  });
};
