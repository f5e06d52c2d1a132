// Everything calls adds to the application: pages, API, the cycle page's "Call for contributions" section
// and the demo forum's 2017 call.
import type { FastifyPluginAsync } from "fastify";
import {
  callMilestones,
  callWindow,
  listCycles,
  registerCarryOver,
  registerCycleManageLinks,
  registerCycleSection,
  registerDemoPart,
  registerTranslatableSource,
  type TranslatableItem,
} from "../forums/index.js";
import { LOCALES } from "../ui/i18n/locales.js";
import { callApiRoutes } from "./api-routes.js";
import { getCall } from "./call/service.js";
import { seedCallsDemoFor } from "./demo.js";
import { callPermissions } from "./policy.js";
import { listPublishedQuestionnaires } from "./published.js";
import { callRoutes } from "./routes.js";
import { carryCallRecipients } from "./sending/carry-over.js";

/** Registers the call and questionnaire pages and API. */
export const callsPlugin: FastifyPluginAsync = async (app) => {
  await app.register(callRoutes);
  await app.register(callApiRoutes);
};

// The call's title and texts are translated on the questionnaire's translation page (base variant); the forum's
// translation status lists them, with the languages they have, and links there.
registerTranslatableSource(async ({ db, forum, t }) => {
  const items: TranslatableItem[] = [];
  for (const cycle of await listCycles(db, forum.id)) {
    const texts = Object.values((await getCall(db, cycle.id))?.texts ?? {}).filter((text) =>
      Object.values(text ?? {}).some(Boolean),
    );
    const original = texts
      .flatMap((text) => Object.values(text ?? {}))
      .find((value): value is string => typeof value === "string" && value !== "");
    if (!original) continue;
    items.push({
      key: { kind: "call", id: cycle.id, field: "texts" },
      where: t("forums.translations.where.call", { year: cycle.year }),
      text: original,
      elsewhere: {
        locales: LOCALES.filter((l) => texts.every((text) => text?.[l])),
        href: (l) => `/f/${forum.slug}/${cycle.year}/questionnaire/translate?variant=base&lang=${l}`,
      },
    });
  }
  return items;
});

// The cycle page's section: the public call once published; the builder for editors before that.
registerCycleSection(async ({ db, forum, cycle, ctx, actor, now }) => {
  const [call, published, milestones] = await Promise.all([
    getCall(db, cycle.id),
    listPublishedQuestionnaires(db, cycle.id),
    callMilestones(db, cycle.id),
  ]);
  if (call && published.length) {
    const state = callWindow(cycle.status, milestones, now).status;
    const summary =
      state === "closed"
        ? ctx.t("calls.cycleSection.closed")
        : state === "not_open"
          ? ctx.t("calls.cycleSection.notOpen")
          : ctx.t("calls.cycleSection.open", { count: published.length });
    return {
      key: "call",
      title: ctx.t("calls.cycleSection.title"),
      summary,
      href: `/f/${forum.slug}/${cycle.year}/call`,
    };
  }
  const perms = await callPermissions(db, actor, forum.id);
  if (!perms.read) return undefined;
  return {
    key: "call",
    title: ctx.t("calls.cycleSection.title"),
    summary: ctx.t("calls.cycleSection.draft"),
    href: `/f/${forum.slug}/${cycle.year}/questionnaire`,
  };
});

// A continued cycle offers last cycle's call recipients again, not yet sent.
registerCarryOver(async (trx, args) => {
  await carryCallRecipients(trx, args);
});

// The 2017 call, its questionnaire (base and NRI variant) and its Spanish translation in the demo forum.
registerDemoPart("calls", ({ db, forum, cycles, people }) =>
  seedCallsDemoFor(db, {
    forum,
    cycle: cycles[2017],
    secretariatUserId: people["Eleonora Mazzucchi"] ?? people["Maarten van Horenbeeck"],
  }),
);

// The call's pages on the cycle's manage page.
registerCycleManageLinks([
  { labelKey: "calls.callEdit.title", path: "call/edit" },
  { labelKey: "calls.builder.title", path: "questionnaire" },
  { labelKey: "calls.translate.title", path: "questionnaire/translate" },
  { labelKey: "calls.send.title", path: "call/send" },
]);
