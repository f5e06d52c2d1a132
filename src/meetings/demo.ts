// The demo forum's meetings of 2016 and 2017: dates, numbers, rooms, people and next steps from the forum's
// records; the summaries are short restatements written for the demo.
import type { Kysely } from "kysely";
import type { Actor } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { createMeeting, type MeetingInput, replaceAttendance, saveSummary } from "./meetings/service.js";
import { addAction, updateAction } from "./next-steps/service.js";
import { linkAttendanceToUsers } from "./queries.js";

interface DemoStep {
  text: string;
  owner: string;
  due_text?: string;
  due_date?: string;
  due_precision?: "exact" | "on_or_around" | "before" | "week_of" | "month" | "after";
  status?: "open" | "done";
}

interface DemoMeeting {
  cycle: "2016" | "2017";
  input: MeetingInput;
  summary?: string;
  participants?: string[];
  steps?: DemoStep[];
}

const GUADALAJARA = "America/Mexico_City";
const GENEVA = "Europe/Zurich";

const MEETINGS: DemoMeeting[] = [
  {
    cycle: "2016",
    input: {
      kind: "virtual",
      number: 6,
      date: "2016-10-11",
      time_zone: GENEVA,
      facilitator: "Markus Kummer",
      purpose: "Collect comments on the draft output document.",
    },
    summary:
      "Members went through the draft output document of the 2016 cycle and raised comments on its structure and sources.\n\nThe Secretariat undertook to fold the comments into the rolling draft before the next call.",
  },
  {
    cycle: "2016",
    input: {
      kind: "virtual",
      number: 7,
      date: "2016-10-27",
      time_zone: GENEVA,
      facilitator: "Markus Kummer",
      purpose: "Continue gathering comments on the draft output and plan the sessions at the annual meeting.",
    },
    summary: [
      "The forum's seventh virtual meeting of 2016 was chaired by Markus Kummer. Comments on the draft output, received in the shared document, on the mailing list and at the meeting of 11 October [1], are being worked into the rolling draft, which moves to the public review platform on 1 November.",
      "Since the previous call the draft gained a section on how differently stakeholders understand the word cybersecurity, material from the 2014–2015 forums on spam and CSIRTs, and a reference from the African IGF held in Durban on 16–18 October.",
      "Anyone who has not yet contributed can still comment on the review platform until the annual meeting, and take part in the discussion in Guadalajara in person or online.",
      "Three sessions at the annual meeting will present the forum's work: a day-zero event on 5 December, the forum's own substantive session on 8 December, and the main session on intersessional work on 9 December.",
      "[1]: Meeting records of the forum: http://www.intgovforum.org/multilingual/content/bpf-cybersecurity",
    ].join("\n\n"),
    steps: [
      {
        text: "Schedule a virtual meeting to plan the sessions at the annual meeting",
        owner: "the Secretariat",
        due_text: "the week of 14 November",
        due_date: "2016-11-14",
        due_precision: "week_of",
        status: "done",
      },
    ],
  },
  {
    cycle: "2016",
    input: {
      kind: "annual_session",
      title: "Day-zero event on cooperation and collaboration in cybersecurity",
      date: "2016-12-05",
      start_time: "16:30",
      end_time: "18:00",
      time_zone: GUADALAJARA,
      room: "Workshop Room 6",
      organiser: "Freedom Online Coalition",
      purpose:
        "Bring stakeholders together on cooperation in cybersecurity and map the initiatives working on it.",
    },
  },
  {
    cycle: "2016",
    input: {
      kind: "annual_session",
      title: "Substantive session of the Best Practice Forum on Cybersecurity",
      date: "2016-12-08",
      start_time: "09:00",
      end_time: "10:30",
      time_zone: GUADALAJARA,
      room: "Workshop Room 9",
      organiser: "Best Practice Forum on Cybersecurity",
      purpose: "Discuss the forum's output and agree its key messages.",
    },
  },
  {
    cycle: "2016",
    input: {
      kind: "annual_session",
      title: "Main session on IGF intersessional work",
      date: "2016-12-09",
      start_time: "10:00",
      end_time: "11:30",
      time_zone: GUADALAJARA,
      room: "Plenary Hall",
      organiser: "IGF Secretariat",
      purpose: "Present the outputs of the year's Best Practice Forums and of the CENB work.",
    },
  },
  {
    cycle: "2017",
    input: {
      kind: "virtual",
      number: 3,
      date: "2017-08-07",
      time_zone: GENEVA,
      facilitator: "Markus Kummer",
      purpose:
        "Review the contact list, the message to contributors and the draft questionnaire of the call.",
    },
    summary: [
      "Markus Kummer chaired the third virtual meeting of 2017, which looked at the three parts of the call for contributions: who to send it to, the message, and the questionnaire.",
      "The contact list compiled by members holds over a hundred people and organisations from every stakeholder group, governments included. Members offered to fill the few missing addresses in the groups they know; Richard Leaning took the regional Internet registries.",
      "Maarten van Horenbeeck presented the draft questionnaire, built on the security readings of the CENB phase I and II documents. Members found it clear and broad enough; Alejandro Pisanty offered a Spanish translation.",
      "National and regional initiatives were seen as important contributors. Marilyn Cade suggested a two-page introduction for them, which Maarten offered to draft.",
      "Members asked for a free-form “other” question, and Markus proposed listing the forum's meeting summaries under relevant reading.",
    ].join("\n\n"),
    participants: [
      "Markus Kummer (Facilitator)",
      "Eleonora Mazzucchi (IGF Secretariat)",
      "Oscar Avila",
      "Carina Birarda",
      "Marilyn Cade",
      "Andrew Cormack",
      "Jose de la Cruz",
      "Lucimara Desidera",
      "Zama Dlamini",
      "Maarten van Horenbeeck",
      "Laxmi Khatiwada",
      "Richard Leaning",
      "Ithabeleng Moreke",
      "Alejandro Pisanty",
      "Juan P. Salazar",
      "Tomslin Samme-Nlar",
      "Tom van Schie",
      "Jesse Sowell",
      "Timea Suto",
    ],
    steps: [
      {
        text: "Send final comments and edits on the questionnaire and the call",
        owner: "Members",
        due_text: "before 15 August",
        due_date: "2017-08-15",
        due_precision: "before",
        status: "done",
      },
      {
        text: "Send remaining contact details for the contributors list",
        owner: "Members",
        due_text: "before 15 August",
        due_date: "2017-08-15",
        due_precision: "before",
        status: "done",
      },
      {
        text: "Send out the call for contributions and the questionnaire",
        owner: "the Secretariat",
        due_text: "on or around 15 August",
        due_date: "2017-08-15",
        due_precision: "on_or_around",
        status: "done",
      },
      {
        text: "Translate the questionnaire into Spanish",
        owner: "Alejandro Pisanty",
        due_text: "before the call goes out",
        status: "done",
      },
      {
        text: "Hold the next meeting to review the contributions",
        owner: "the Secretariat",
        due_text: "shortly after 15 September",
        due_date: "2017-09-15",
        due_precision: "after",
        status: "done",
      },
    ],
  },
  {
    cycle: "2017",
    input: {
      kind: "virtual",
      number: 4,
      date: "2017-09-18",
      time_zone: GENEVA,
      facilitator: "Markus Kummer",
      purpose: "Take stock of the contributions received and plan the writing of the output.",
    },
    summary: [
      "The fourth virtual meeting of 2017, chaired by Markus Kummer, took stock of the answers to the call. Fourteen contributions had arrived by the soft deadline of 15 September, and more were announced.",
      "Contributions stay welcome until the annual meeting, but only those received by 30 September are sure to be used in the output. A first draft is due on 1 November.",
      "From a first reading, Maarten van Horenbeeck saw two themes: cybercrime, and which infrastructure is critical, from power grids and transport to the Internet's own.",
      "The Secretariat reported on outreach to national and regional initiatives, some of which have answered already. Segun Olugbile described the cybersecurity main session he co-facilitates.",
    ].join("\n\n"),
    steps: [
      {
        text: "Read every contribution and share impressions on the mailing list",
        owner: "Members",
        due_text: "before the next meeting",
      },
      {
        text: "Split the contributions into possible sections of the output, with their policy proposals",
        owner: "Maarten van Horenbeeck",
        due_text: "before the next meeting",
      },
      {
        text: "Review the answers to the question on the most critical issue",
        owner: "Wout de Natris",
        due_text: "before the next meeting",
      },
      {
        text: "Hold the next virtual meeting",
        owner: "the Secretariat",
        due_text: "the week of 9 October",
        due_date: "2017-10-09",
        due_precision: "week_of",
      },
    ],
  },
];

/** Creates the demo forum's meetings of 2016 and 2017; `people` maps a person's name to their user id. */
export async function seedMeetingsDemo(
  db: Kysely<Database>,
  args: { forumId: string; cycleId2016: string; cycleId2017: string; people: Record<string, string> },
): Promise<void> {
  const actor: Actor = { kind: "system", label: "demo forum" };
  const now = new Date("2017-10-01T00:00:00Z");
  for (const demo of MEETINGS) {
    const meeting = await createMeeting(db, {
      actor,
      forumId: args.forumId,
      cycleId: demo.cycle === "2016" ? args.cycleId2016 : args.cycleId2017,
      input: demo.input,
    });
    if (demo.summary)
      await saveSummary(db, { actor, meetingId: meeting.id, summary: demo.summary, publish: true, now });
    if (demo.participants) {
      await replaceAttendance(db, { actor, meetingId: meeting.id, lines: demo.participants.join("\n") });
      // Link the annex to accounts where the demo has them.
      await linkAttendanceToUsers(db, meeting.id, args.people);
    }
    for (const step of demo.steps ?? []) {
      const ownerId = args.people[step.owner];
      const action = await addAction(db, {
        actor,
        meetingId: meeting.id,
        input: {
          text: step.text,
          owner_user_id: ownerId ?? null,
          owner_text: ownerId ? "" : step.owner,
          due_text: step.due_text ?? "",
          due_date: step.due_date ?? null,
          due_precision: step.due_precision ?? null,
        },
      });
      if (step.status === "done")
        await updateAction(db, { actor, actionId: action.id, input: { status: "done" } });
    }
  }
}
