// The demo forum a newcomer sees on the first `npm start`: the IGF Best Practice Forum on Cybersecurity's
// 2016 and 2017 cycles, with the people, roles, dates and places of the public records (facts only; every
// sentence here is the project's own). Other domains add their part through `registerDemoPart`.
import type { Kysely } from "kysely";
import type { Actor, ForumRole } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { inTransaction } from "../db/transaction.js";
import { addMilestone, createCycle } from "./cycles/service.js";
import { createForum } from "./forums/service.js";
import { addToRoster } from "./members/service.js";
import type { CycleRow, ForumRow } from "./queries.js";

export const DEMO_SLUG = "bpf-cybersecurity";

/** What a domain's demo part receives. */
export interface DemoContext {
  db: Kysely<Database>;
  actor: Actor;
  forum: ForumRow;
  cycles: { 2016: CycleRow; 2017: CycleRow };
  /** People of the demo by name → user id. */
  people: Record<string, string>;
  now: Date;
}

export type DemoPart = (ctx: DemoContext) => Promise<void>;
const parts: { name: string; part: DemoPart }[] = [];

/** Lets a domain add its records (the call, sample contributions, meetings) to the demo forum. */
export function registerDemoPart(name: string, part: DemoPart): void {
  parts.push({ name, part });
}

// People named in the records, with the role each held. Addresses are in the reserved .invalid domain so
// no mail can ever reach a real person.
const PEOPLE: { name: string; roles: ForumRole[]; organisation?: string; from: 2016 | 2017 }[] = [
  { name: "Markus Kummer", roles: ["facilitator"], from: 2016 },
  { name: "Segun Olugbile", roles: ["facilitator"], from: 2016 },
  { name: "Maarten van Horenbeeck", roles: ["lead_expert"], from: 2016 },
  { name: "Eleonora Mazzucchi", roles: ["secretariat"], organisation: "IGF Secretariat", from: 2016 },
  { name: "Wout de Natris", roles: ["member"], from: 2016 },
  { name: "Andrew Cormack", roles: ["member"], from: 2016 },
  { name: "Alejandro Pisanty", roles: ["member"], from: 2017 },
  { name: "Marilyn Cade", roles: ["member"], from: 2017 },
  { name: "Richard Leaning", roles: ["member"], from: 2017 },
  { name: "Jesse Sowell", roles: ["member"], organisation: "M3AAWG", from: 2017 },
  { name: "Carina Birarda", roles: ["member"], from: 2017 },
  { name: "Oscar Avila", roles: ["member"], from: 2017 },
  { name: "Jose de la Cruz", roles: ["member"], from: 2017 },
  { name: "Lucimara Desidera", roles: ["member"], from: 2017 },
  { name: "Zama Dlamini", roles: ["member"], from: 2017 },
  { name: "Laxmi Khatiwada", roles: ["member"], from: 2017 },
  { name: "Ithabeleng Moreke", roles: ["member"], from: 2017 },
  { name: "Juan P. Salazar", roles: ["member"], from: 2017 },
  { name: "Tomslin Samme-Nlar", roles: ["member"], from: 2017 },
  { name: "Tom van Schie", roles: ["member"], from: 2017 },
  { name: "Timea Suto", roles: ["member"], from: 2017 },
];

const emailOf = (name: string) =>
  `${name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, ".")
    .replace(/^\.|\.$/g, "")}@demo.invalid`;

/** Creates the demo forum with both cycles, its people and dates, then every registered demo part. */
export async function seedDemoForum(db: Kysely<Database>, now: Date): Promise<ForumRow> {
  const actor: Actor = { kind: "system", label: "demo forum" };
  const forum = await createForum(db, {
    actor,
    isDemo: true,
    input: {
      slug: DEMO_SLUG,
      name: "IGF Best Practice Forum on Cybersecurity",
      description:
        "A multistakeholder group that gathers experience from governments, companies, civil society and the technical community on cybersecurity policy, and publishes a yearly output for the Internet Governance Forum.",
      host_organisation: "IGF Secretariat",
      languages: ["en", "es"],
      // Geneva keeps Zurich's clock; Node 20's time-zone data knows only the canonical name.
      time_zone: "Europe/Zurich",
      // The real list's address would put a live mailto link on every newcomer's first page; like the
      // people's addresses, the demo's list is in the reserved .invalid domain.
      mailing_list: "bp-cybersecurity@lists.demo.invalid",
    },
  });
  const c2016 = await createCycle(db, {
    actor,
    forum,
    input: { year: 2016, focus: "Cooperation and collaboration in cybersecurity", status: "closed" },
  });
  // The records say the draft went on the review platform on 1 November and that comments would be taken up
  // at the Guadalajara session; they name no day on which the review closed, so the demo names none either.
  const milestones2016 = [
    { kind: "review_opens", at: "2016-11-01" },
    {
      kind: "annual_meeting",
      at: "2016-12-06T09:00",
      time_zone: "America/Mexico_City",
      label: "11th IGF, Guadalajara, Mexico (6–9 December)",
    },
  ];
  for (const m of milestones2016) await addMilestone(db, { actor, forum, cycle: c2016, input: m });
  const people: Record<string, string> = {};
  await inTransaction(db, async (trx) => {
    for (const p of PEOPLE.filter((x) => x.from === 2016)) {
      const user = await addToRoster(trx, {
        forumId: forum.id,
        cycleId: c2016.id,
        email: emailOf(p.name),
        name: p.name,
        organisation: p.organisation,
        roles: p.roles,
      });
      people[p.name] = user.id;
    }
  });
  // 2017 continues 2016: the roster comes along, and the year's newcomers join it.
  const c2017 = await createCycle(db, {
    actor,
    forum,
    input: { year: 2017, focus: "Cybersecurity and the Sustainable Development Goals", status: "closed" },
  });
  const milestones2017 = [
    { kind: "call_opens", at: "2017-08-15" },
    { kind: "soft_deadline", at: "2017-09-15" },
    { kind: "inclusion_cutoff", at: "2017-09-30" },
    { kind: "first_draft", at: "2017-11-01" },
    // Late contributions were taken on a rolling basis until the annual meeting itself began.
    { kind: "call_closes", at: "2017-12-18T09:00", time_zone: "Europe/Zurich" },
    {
      kind: "annual_meeting",
      at: "2017-12-18T09:00",
      time_zone: "Europe/Zurich",
      label: "12th IGF, Geneva, Switzerland (18–21 December)",
    },
  ];
  for (const m of milestones2017) await addMilestone(db, { actor, forum, cycle: c2017, input: m });
  await inTransaction(db, async (trx) => {
    for (const p of PEOPLE.filter((x) => x.from === 2017)) {
      const user = await addToRoster(trx, {
        forumId: forum.id,
        cycleId: c2017.id,
        email: emailOf(p.name),
        name: p.name,
        organisation: p.organisation,
        roles: p.roles,
      });
      people[p.name] = user.id;
    }
  });
  for (const { part } of parts)
    await part({ db, actor, forum, cycles: { 2016: c2016, 2017: c2017 }, people, now });
  return forum;
}
