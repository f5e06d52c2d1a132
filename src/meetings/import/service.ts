// Importing a past summary report: read the file, propose a meeting record for the secretariat to correct,
// and create the meeting with its summary, participants annex and next steps once confirmed. The parsing
// itself lives in ./import/ (pure, no database).
import type { Kysely } from "kysely";
import type { Actor } from "../../auth/index.js";
import { selectForumPeople } from "../../auth/index.js";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { extractInWorker } from "../../files/extract-worker.js";
import { inspectUpload } from "../../files/inspect.js";
import { defaultUploadLimits } from "../../files/limits.js";
import { cyclePlace, findCycle, instantToZoned, isValidTimeZone } from "../../forums/index.js";
import { AppError, invalid } from "../../server/errors.js";
import { translator } from "../../ui/i18n/translate.js";
import { formatSummary, parseParticipantLines, participantLine } from "../format.js";
import {
  createMeeting,
  type MeetingInput,
  replaceAttendance,
  saveSummary,
  validateMeetingInput,
} from "../meetings/service.js";
import { addAction } from "../next-steps/service.js";
import { requireMeetingEditor } from "../policy.js";
import { type MeetingRow, selectCycleMeetings } from "../queries.js";
import { meetingTitle } from "../titles.js";
import { findScheduleExpression } from "./dates.js";
import { type ProposedMeeting, parseMeetingReport } from "./parse-report.js";

export type { ProposedMeeting };

/**
 * Reads an uploaded report and proposes a meeting record. The file passes the shared upload checks first
 * (type by content, size, zip bombs, XML entities); the text is then read by the importer's own extractor,
 * whose page and line layout the report parser is tested against.
 */
export async function proposeMeetingFromFile(
  buffer: Buffer,
  fileName: string,
  options: { maxBytes: number },
): Promise<ProposedMeeting> {
  const inspected = await inspectUpload({
    fileName,
    bytes: buffer,
    limits: { ...defaultUploadLimits, maxFileBytes: options.maxBytes },
  });
  if (!inspected.ok) {
    if (inspected.code === "too_large")
      throw new AppError("too_large", inspected.message, { messageKey: "meetings.import.tooLarge" });
    if (inspected.code === "empty")
      throw invalid(
        inspected.message,
        { file: "meetings.import.empty" },
        { messageKey: "meetings.import.empty" },
      );
    if (inspected.code === "unsupported_type")
      throw new AppError("unsupported_media_type", inspected.message, {
        messageKey: "meetings.import.unsupported",
      });
    throw invalid(
      inspected.message,
      { file: "meetings.import.unreadable" },
      { messageKey: "meetings.import.unreadable" },
    );
  }
  if (inspected.detectedType === "odt")
    throw new AppError("unsupported_media_type", "Send the report as a .docx, .pdf or .txt file.", {
      messageKey: "meetings.import.unsupported",
    });
  // Read on its own thread with time and memory limits, like contributions' files: a crafted PDF must not
  // stall the server. The layout reader keeps lines and pages, which the report parser relies on.
  const read = await extractInWorker(
    { bytes: buffer, detectedType: inspected.detectedType, fileName: inspected.fileName },
    { reader: "layout", timeoutMs: 30_000, maxMemoryMb: 256 },
  );
  if (!read.ok)
    throw invalid(
      read.message,
      { file: "meetings.import.unreadable" },
      { messageKey: "meetings.import.unreadable" },
    );
  return parseMeetingReport(read.extraction.text, { fileName: inspected.fileName });
}

/**
 * The status an imported report's next steps start with: a meeting already past when it is imported is a
 * record of history, whose steps were carried out (or not) long ago, so they are done and stay off later
 * agendas, "my actions" and the overdue reminders; a meeting today or later keeps them open.
 */
export function importedStepsStatus(
  meetingDate: string | null,
  now: Date,
  timeZone: string,
): "open" | "done" {
  if (!meetingDate) return "open";
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  const { year, month, day } = instantToZoned(now, zone);
  const today = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return meetingDate < today ? "done" : "open";
}

/** What a record about to be created would clash with in its cycle. */
export type CycleClash =
  | {
      code: "duplicate_meeting";
      /** The meeting the cycle already has: same kind and number, or same date. */
      meeting: MeetingRow;
      /** Its page, "/f/forum/2017/meetings/virtual-meeting-3". */
      path: string;
    }
  | {
      code: "year_mismatch";
      date: string;
      cycleYear: number;
      /** The confirm address of the cycle of the report's own year, when the forum has that cycle. */
      ownCyclePath?: string;
    };

/** The parts of a record that decide whether the cycle already has it. */
export interface ClashCandidate {
  kind?: string | null;
  number?: string | number | null;
  date?: string | null;
  title?: string | null;
}

/**
 * The meeting of the cycle a new record would duplicate: the same kind and number, or the same date. Two
 * sessions of the annual meeting on one day are different meetings when their titles differ.
 */
export function findDuplicateMeeting(
  meetings: readonly MeetingRow[],
  candidate: ClashCandidate,
): MeetingRow | undefined {
  const numberText =
    candidate.number === null || candidate.number === undefined ? "" : String(candidate.number);
  const number = /^\d+$/.test(numberText.trim()) ? Number(numberText) : null;
  const title = (candidate.title ?? "").trim().toLowerCase();
  return meetings.find((m) => {
    if (candidate.kind && number !== null && m.kind === candidate.kind && m.number === number) return true;
    if (!candidate.date || m.date !== candidate.date) return false;
    const twoSessions = m.kind === "annual_session" && candidate.kind === "annual_session";
    return !(twoSessions && title && m.title && m.title.toLowerCase() !== title);
  });
}

/** What a record would clash with in a cycle: a meeting it already has, and a date outside its year. */
export async function cycleClashes(
  db: Kysely<Database>,
  args: { cycleId: string; candidate: ClashCandidate },
): Promise<CycleClash[]> {
  const place = await cyclePlace(db, args.cycleId);
  const clashes: CycleClash[] = [];
  const duplicate = findDuplicateMeeting(await selectCycleMeetings(db, args.cycleId), args.candidate);
  if (duplicate)
    clashes.push({
      code: "duplicate_meeting",
      meeting: duplicate,
      path: `/f/${place.forum_slug}/${place.year}/meetings/${duplicate.slug}`,
    });
  const date = (args.candidate.date ?? "").trim();
  const reportYear = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Number(date.slice(0, 4)) : null;
  if (reportYear !== null && reportYear !== place.year) {
    const own = await findCycle(db, place.forum_slug, reportYear).catch(() => undefined);
    clashes.push({
      code: "year_mismatch",
      date,
      cycleYear: place.year,
      ...(own ? { ownCyclePath: `/f/${place.forum_slug}/${reportYear}/meetings/import/confirm` } : {}),
    });
  }
  return clashes;
}

/** A clash as the command line and the API state it, in English, with the existing meeting's address. */
export function clashWarning(clash: CycleClash, publicUrl: string) {
  if (clash.code === "duplicate_meeting") {
    const url = `${publicUrl}${clash.path}`;
    const title = meetingTitle(translator("en"), clash.meeting);
    return {
      code: clash.code,
      message: `This cycle already has ${title} (${clash.meeting.date}): ${url}`,
      meeting_url: url,
    };
  }
  const instead = clash.ownCyclePath
    ? ` Import it into the ${clash.date.slice(0, 4)} cycle instead, or confirm that it belongs to ${clash.cycleYear}.`
    : ` Confirm that it belongs to ${clash.cycleYear}, or create the ${clash.date.slice(0, 4)} cycle first.`;
  return {
    code: clash.code,
    message: `The report is dated ${clash.date}, but this is the ${clash.cycleYear} cycle.${instead}`,
  };
}

/** The proposal as the API returns it; each next step carries the status it would be saved with. */
export function proposalJson(p: ProposedMeeting, options: { now: Date; timeZone: string }) {
  const status = importedStepsStatus(p.date, options.now, options.timeZone);
  return {
    title: p.title,
    kind: p.kind,
    number: p.number,
    date: p.date,
    facilitator: p.facilitator,
    moderator: p.moderator,
    paragraphs: p.paragraphs.map((x) => ({ number: x.number, text: x.text })),
    footnotes: p.footnotes.map((f) => ({ marker: f.marker, text: f.text, url: f.url })),
    links: p.links.map((l) => ({ url: l.url, label: l.label, kind: l.kind, password: l.password })),
    participants: p.participants.map((x) => ({ name: x.name, role: x.role })),
    contributions: p.contributions.map((c) => ({ name: c.name, organisation: c.organisation })),
    next_steps: p.next_steps.map((s) => ({ text: s.text, owner: s.owner, due: s.due, status })),
    sessions: p.sessions,
    warnings: p.warnings.map((w) => ({ code: w.code, message: w.message })),
  };
}

function summaryOf(p: ProposedMeeting): string {
  return formatSummary({
    // The parser keeps unnumbered paragraphs inside the numbered one above, separated by a blank line;
    // here they stay in that paragraph, one line each.
    // Each keeps its number as written ("4. "), so a report numbered 1, 2, 4 is saved so.
    paragraphs: p.paragraphs.map((x) => ({
      number: x.number,
      explicit: true,
      text: x.text.replace(/\n\s*\n/g, "\n"),
    })),
    footnotes: p.footnotes.map((f) => ({
      marker: /^\d+$/.test(f.marker) ? f.marker : f.marker,
      text: f.text,
      url: f.url,
    })),
  });
}

/** The review form's values, prefilled from the proposal; `now` decides whether its next steps start done. */
export function proposalFormValues(p: ProposedMeeting, forumZone: string, now: Date): Record<string, string> {
  const recording = p.links.find((l) => l.kind === "recording");
  const session = p.kind === "annual_session" ? p.sessions[0] : undefined;
  const date = p.date ?? session?.date ?? "";
  return {
    kind: p.kind ?? "virtual",
    number: p.number === null ? "" : String(p.number),
    title: p.kind === "annual_session" ? (p.title ?? session?.title ?? "") : "",
    date,
    start_time: session?.start ?? "",
    end_time: session?.end ?? "",
    time_zone: forumZone,
    room: session?.room ?? "",
    organiser: session?.organiser ?? "",
    facilitator: p.facilitator ?? "",
    moderator: p.moderator ?? "",
    purpose: "",
    agenda: "",
    join_url: "",
    recording_stream_url: recording?.url ?? "",
    recording_download_url: "",
    recording_password: recording?.password ?? "",
    summary: summaryOf(p),
    participants: p.participants.map((x) => participantLine({ name: x.name, role: x.role ?? "" })).join("\n"),
    contributions: p.contributions
      .map((c) => [c.name, c.organisation].filter(Boolean).join(" / "))
      .filter(Boolean)
      .join("\n"),
    next_steps: p.next_steps
      .map((s) => [s.text.replace(/\s*\|\s*/g, " "), s.owner ?? "", s.due?.text ?? ""].join(" | "))
      .join("\n"),
    next_steps_status: importedStepsStatus(date || null, now, forumZone),
    publish: "yes",
  };
}

/** Reads the review form's next-steps lines: "text | owner | due". */
export function parseNextStepLines(text: string): { text: string; owner: string; due: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [what = "", owner = "", due = ""] = line.split("|").map((part) => part.trim());
      return { text: what.replace(/^[-•*]\s*/, ""), owner, due };
    })
    .filter((s) => s.text);
}

/**
 * Creates the meeting the secretariat confirmed: details, summary (published unless asked not to),
 * participants annex and next steps, owners matched to the forum's people by name. The steps take the
 * status chosen (`next_steps_status`: open or done), by default done when the meeting is already past.
 */
export async function confirmImport(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    forumId: string;
    cycleId: string;
    values: Record<string, string>;
    fileName: string;
    now: Date;
    /** The site's address, for the link to a meeting the cycle already has. */
    publicUrl?: string;
  },
): Promise<MeetingRow> {
  await requireMeetingEditor(db, args.actor, args.forumId);
  const v = args.values;
  const input: MeetingInput = {
    kind: v.kind ?? "",
    number: v.number,
    title: v.title,
    date: v.date ?? "",
    start_time: v.start_time,
    end_time: v.end_time,
    time_zone: v.time_zone,
    room: v.room,
    organiser: v.organiser,
    facilitator: v.facilitator,
    moderator: v.moderator,
    purpose: v.purpose,
    agenda: v.agenda,
    join_url: v.join_url,
    recording_stream_url: v.recording_stream_url,
    recording_download_url: v.recording_download_url,
    recording_password: v.recording_password,
  };
  const chosen = (v.next_steps_status ?? "").trim();
  if (chosen && chosen !== "open" && chosen !== "done")
    throw invalid(
      "Choose whether the next steps are open or done.",
      {
        next_steps_status: "meetings.error.stepsStatus",
      },
      { messageKey: "meetings.error.stepsStatus" },
    );
  return createMeetingRecord(db, {
    actor: args.actor,
    forumId: args.forumId,
    cycleId: args.cycleId,
    input,
    summary: v.summary ?? "",
    publish: v.publish === "yes" || v.publish === "on" || v.publish === "true",
    participants: v.participants ?? "",
    contributions: v.contributions ?? "",
    nextSteps: parseNextStepLines(v.next_steps ?? "").map((step) => ({
      ...step,
      status: chosen || undefined,
    })),
    importedFrom: args.fileName,
    allowOtherYear: v.other_year === "yes" || v.other_year === "on" || v.other_year === "true",
    publicUrl: args.publicUrl,
    now: args.now,
  });
}

/** A next step of a record being created, as the review form's lines or the API give it. */
export interface RecordStep {
  text: string;
  /** A forum member's name (matched case-insensitively), else kept as free text ("the Secretariat"). */
  owner?: string | null;
  /** As worded ("on or around 15 August"), read for a date; or already read, as the import proposal has it. */
  due?: string | { text: string; date?: string | null; precision?: string | null } | null;
  /** open, done or dropped; by default done when the meeting is already past (see importedStepsStatus). */
  status?: string;
}

/** Contributions annex lines ("name / organisation") from the API's list or text. */
export function contributionsText(
  contributions: string | readonly (string | { name?: string | null; organisation?: string | null })[],
): string {
  if (typeof contributions === "string") return contributions;
  return contributions
    .map((c) => (typeof c === "string" ? c : [c.name, c.organisation].filter(Boolean).join(" / ")))
    .map((line) => line.trim())
    .filter(Boolean)
    .join("\n");
}

/**
 * Creates a meeting with its whole record in one transaction: details, summary (published when asked),
 * participants annex, contributions annex and next steps. The web review form, the command line and the
 * API all confirm through here, so each saves the same things.
 */
export async function createMeetingRecord(
  db: Kysely<Database>,
  args: {
    actor: Actor;
    forumId: string;
    cycleId: string;
    input: MeetingInput;
    summary?: string;
    publish?: boolean;
    /** The participants annex, one person a line ("Name (Role)"). */
    participants?: string;
    contributions?: string;
    nextSteps?: readonly RecordStep[];
    importedFrom?: string;
    /** The record is dated outside the cycle's year, and the secretariat says it belongs here all the same. */
    allowOtherYear?: boolean;
    /** The site's address, for the link to a meeting the cycle already has. */
    publicUrl?: string;
    now: Date;
  },
): Promise<MeetingRow> {
  await requireMeetingEditor(db, args.actor, args.forumId);
  // Field errors first, then what the cycle already holds, so each refusal names one thing to fix.
  const checked = validateMeetingInput(args.input);
  const clashes = await cycleClashes(db, { cycleId: args.cycleId, candidate: checked });
  const duplicate = clashes.find((c) => c.code === "duplicate_meeting");
  if (duplicate) {
    const en = translator("en");
    const title = meetingTitle(en, duplicate.meeting);
    throw new AppError(
      "conflict",
      `This cycle already has ${title} (${duplicate.meeting.date}): ${args.publicUrl ?? ""}${duplicate.path}. Open it instead of importing the report again, or correct the kind, number or date if this is another meeting.`,
      {
        messageKey: "meetings.import.duplicateRefused",
        messageValues: { meeting: title, date: duplicate.meeting.date },
      },
    );
  }
  const otherYear = clashes.some((c) => c.code === "year_mismatch");
  if (otherYear && !args.allowOtherYear)
    throw invalid(
      `The meeting's date (${checked.date}) is not in this cycle's year: confirm that it belongs here (allow_other_year), or create it in its own year's cycle.`,
      { other_year: "meetings.error.otherYear" },
      { messageKey: "meetings.error.otherYear" },
    );
  // One transaction: a failure midway (an owner outside the forum, a dropped connection) leaves no partial
  // meeting behind, and the secretariat can correct the form and confirm again.
  return inTransaction(db, async (trx) => {
    let meeting = await createMeeting(trx, {
      actor: args.actor,
      forumId: args.forumId,
      cycleId: args.cycleId,
      input: args.input,
      extra: {
        contributions_annex: (args.contributions ?? "").trim().slice(0, 50_000),
        ...(args.importedFrom ? { imported_from: args.importedFrom.slice(0, 300) } : {}),
      },
      ...(otherYear ? { auditNote: { other_year: true } } : {}),
    });
    if ((args.summary ?? "").trim())
      meeting = await saveSummary(trx, {
        actor: args.actor,
        meetingId: meeting.id,
        summary: args.summary ?? "",
        publish: args.publish === true,
        now: args.now,
      });
    if (parseParticipantLines(args.participants ?? "").length)
      await replaceAttendance(trx, {
        actor: args.actor,
        meetingId: meeting.id,
        lines: args.participants ?? "",
      });
    const steps = args.nextSteps ?? [];
    if (!steps.length) return meeting;
    const people = await selectForumPeople(trx, args.forumId);
    const year = Number(meeting.date.slice(0, 4));
    const defaultStatus = importedStepsStatus(meeting.date, args.now, meeting.time_zone);
    for (const step of steps) {
      const ownerName = (step.owner ?? "").trim();
      const owner = ownerName
        ? people.find((p) => p.name.toLowerCase() === ownerName.toLowerCase())
        : undefined;
      const dueText = (typeof step.due === "string" ? step.due : (step.due?.text ?? "")).trim();
      const given = typeof step.due === "object" && step.due?.date ? step.due : null;
      const read = !given && dueText ? findScheduleExpression(dueText, { year, date: meeting.date }) : null;
      await addAction(trx, {
        actor: args.actor,
        meetingId: meeting.id,
        input: {
          text: step.text,
          owner_user_id: owner?.id ?? null,
          owner_text: owner ? "" : ownerName,
          due_text: dueText,
          due_date: given?.date ?? read?.date ?? null,
          due_precision: given ? (given.precision ?? null) : read?.date ? read.precision : null,
          status: step.status || defaultStatus,
        },
      });
    }
    return meeting;
  });
}
