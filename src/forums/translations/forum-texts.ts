// What of a forum itself can be translated: its name and description, each cycle's focus and description, and
// each milestone's own label.
import { cycleMilestones, listCycles } from "../lookup.js";
import { isMilestoneKind } from "../time/milestone-kinds.js";
import type { TranslatableSource } from "./service.js";

/** The forum's own texts, for the translation pages. */
export const forumTexts: TranslatableSource = async ({ db, forum, t }) => {
  const cycles = await listCycles(db, forum.id);
  const items = [
    {
      key: { kind: "forum", id: forum.id, field: "name" },
      where: t("forums.translations.where.name"),
      text: forum.name,
    },
    {
      key: { kind: "forum", id: forum.id, field: "description" },
      where: t("forums.translations.where.description"),
      text: forum.description,
    },
  ];
  for (const cycle of cycles) {
    items.push(
      {
        key: { kind: "cycle", id: cycle.id, field: "focus" },
        where: t("forums.translations.where.focus", { year: cycle.year }),
        text: cycle.focus,
      },
      {
        key: { kind: "cycle", id: cycle.id, field: "description" },
        where: t("forums.translations.where.cycleDescription", { year: cycle.year }),
        text: cycle.description,
      },
    );
    for (const m of await cycleMilestones(db, cycle.id))
      if (m.label)
        items.push({
          key: { kind: "milestone", id: m.id, field: "label" },
          where: t("forums.translations.where.milestone", {
            year: cycle.year,
            kind: isMilestoneKind(m.kind)
              ? t(`forums.milestone.kind.${m.kind}`)
              : t("forums.milestone.kind.custom"),
          }),
          text: m.label,
        });
  }
  return items;
};
