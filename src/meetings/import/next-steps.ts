import { type DateReference, findScheduleExpression } from "./dates.js";
import { expandFirstName, looksLikePersonName } from "./names.js";
import { splitSentences } from "./sentences.js";
import type { Segment } from "./structure.js";
import type { ApproximateDate, ReportNextStep } from "./types.js";
import { tolerant, tolerantAnyOf, tolerantPhrase } from "./typos.js";

const ROLE_HEAD =
  "(?:secretariat|members?|facilitators?|co-facilitators?|participants|experts?|lead\\s+expert|focal\\s+points?|chairs?|co-chairs?|moderators?|rapporteurs?|everyone|all|volunteers?|contributors|NRIs|initiatives|team|organi[sz]ers|group|BPF|coalition)";
/** A noun phrase headed by a role: "The Secretariat", "group members", "All members of the BPF group". */
const ROLE_PHRASE = new RegExp(
  `^(?:[\\w'’-]+\\s+){0,4}${ROLE_HEAD}(?:\\s+(?:of|in|from)\\s+(?:the\\s+)?(?:[\\w'’-]+\\s*){1,4})?$`,
  "i",
);

/** Verb phrases that commit someone to act; a passive "will be sent" commits nobody. */
const COMMITMENTS: RegExp[] = [
  new RegExp(
    `\\b${tolerantAnyOf("offered", "volunteered", "agreed", "undertook", "committed", "promised", "pledged")}\\s+to\\b`,
  ),
  /\b(?:is|are)\s+to\s+(?!be\b)/,
  new RegExp(
    `\\b(?:was|were|is|are)\\s+(?:(?:also|${tolerantAnyOf("strongly", "kindly", "further", "again")})\\s+)*${tolerantAnyOf("invited", "encouraged", "asked", "requested", "tasked", "urged")}\\b`,
  ),
  /\bwill\s+(?:(?:also|then|further|now)\s+)?(?!be\b|likely\b|remain\b|continue\b|most\b|still\b|need\b|have\b|feature\b|highlight\b|bring\b|focus\b|take\s+place\b)[a-z]+/,
  /\b(?:should|must|shall)\s+(?:also\s+)?(?!be\b|take\s+place\b)[a-z]+/,
  /\b(?:noted|said|stated|indicated|confirmed|explained)\s+(?:that\s+)?(?:she|he|they)\s+would\b/,
  /\bwould\s+(?!be\b|likely\b|have\b|still\b)[a-z]+/,
];
const PASSIVE_WITH_AGENT =
  /\bwill\s+be\s+(?:\w+\s+)?[a-z]+ed\s+by\s+(?:the\s+)?([A-Z][\w'’ -]*?)(?=\s+(?:and|to|on|in|before|by|for|with|as)\b|[,.;]|$)/;

const NEXT_STEPS = tolerantPhrase("next steps");
const ACTION_ITEMS = `${tolerant("action")}\\s+${tolerantAnyOf("items", "points")}`;
const NEXT_STEPS_HEADING = new RegExp(
  `^(?:${NEXT_STEPS}|${ACTION_ITEMS}|follow-?up(?:\\s+${tolerant("actions")})?)\\s*:?$`,
  "i",
);
const NEXT_STEPS_LEAD = new RegExp(
  `\\b(?:${NEXT_STEPS}|${ACTION_ITEMS}|follow-?up\\s+${tolerant("actions")})\\b`,
  "i",
);
const MEETING = `(?:${tolerant("meeting")}|call)`;
const KIND = `(?:${tolerantAnyOf("virtual", "informal")}\\s+)?`;
const SCHEDULED = `(?:take\\s+${tolerant("place")}|be\\s+${tolerantAnyOf("held", "scheduled", "convened")})`;
const NEXT_MEETING = new RegExp(
  `\\bnext\\s+${KIND}${MEETING}\\b|\\b(?:a|another|the)\\s+(?:\\w+\\s+)?${KIND}${MEETING}\\b[^.]*\\b(?:will|should|would)\\b[^.]*\\b${SCHEDULED}\\b`,
  "i",
);
const MEETING_TIME_ANCHOR = new RegExp(`\\b(?:${SCHEDULED}|meet)\\b`, "i");

function cleanOwner(subject: string): string {
  return subject.replace(/^(?:the)\s+/i, "").replace(/[,\s]+$/, "");
}

function ownerFromSubject(before: string): string | null {
  let subject = before.trim();
  if (subject.endsWith(",")) {
    // "One member, Richard Leaning, offered to": the apposition names the owner.
    const apposition = subject.slice(0, -1).split(",").at(-1)!.trim();
    if (looksLikePersonName(apposition)) return apposition;
    subject = subject.slice(0, -1);
  }
  const boundary = [
    ...subject.matchAll(
      /(?:,\s*(?:and|but|so|while)?\s*|\b(?:which|who|whom|that|and|but|so|whereby)\s+|[;:]\s*)/gi,
    ),
  ].at(-1);
  if (boundary) subject = subject.slice(boundary.index + boundary[0].length);
  subject = subject.trim();
  if (subject === "" || subject.split(/\s+/).length > 9) return null;
  if (looksLikePersonName(subject)) return subject;
  return ROLE_PHRASE.test(subject) ? cleanOwner(subject) : null;
}

/**
 * Who the sentence commits to act ("The Secretariat will...", "Members are
 * to...", "which Maarten offered to..."), or null when it commits nobody.
 */
export function findOwner(sentence: string, fullNames: readonly string[] = []): string | null {
  const passive = sentence.match(PASSIVE_WITH_AGENT);
  const candidates: { index: number; owner: string | null }[] = [];
  if (passive) candidates.push({ index: passive.index!, owner: passive[1]!.trim() });
  for (const pattern of COMMITMENTS) {
    const match = sentence.match(pattern);
    if (match)
      candidates.push({ index: match.index!, owner: ownerFromSubject(sentence.slice(0, match.index)) });
  }
  const owner = candidates
    .filter((candidate) => candidate.owner !== null)
    .sort((left, right) => left.index - right.index)[0]?.owner;
  if (!owner) return null;
  return looksLikePersonName(owner) ? expandFirstName(owner, fullNames) : owner;
}

function findOwnerIn(text: string, fullNames: readonly string[]): string | null {
  for (const sentence of splitSentences(text)) {
    const owner = findOwner(sentence, fullNames);
    if (owner) return owner;
  }
  return null;
}

/**
 * Reads next steps: every item of a list introduced by "next steps" (or
 * "action items"), and every other sentence of the body that commits a named
 * person or role to act. Items of lists the caller marks as sessions are
 * skipped.
 */
export function findNextSteps(
  paragraphs: readonly { segments: readonly Segment[] }[],
  reference: DateReference,
  fullNames: readonly string[],
  isSessionItem: (text: string) => boolean,
): ReportNextStep[] {
  const steps: ReportNextStep[] = [];
  for (const paragraph of paragraphs) {
    let inList = false;
    let underHeading = false;
    for (const segment of paragraph.segments) {
      if (segment.kind === "text" && underHeading) {
        // Prose under a "Next steps" heading lists the steps one sentence each.
        for (const sentence of splitSentences(segment.text)) {
          steps.push({
            text: sentence,
            owner: findOwner(sentence, fullNames),
            due: findScheduleExpression(sentence, reference),
            source: "list",
          });
        }
        continue;
      }
      if (segment.kind === "text") {
        underHeading = NEXT_STEPS_HEADING.test(segment.text.trim());
        inList = underHeading || (NEXT_STEPS_LEAD.test(segment.text) && /:$/.test(segment.text.trim()));
        if (inList) continue;
      }
      if (segment.kind === "item" && inList) {
        steps.push({
          text: segment.text,
          owner: findOwnerIn(segment.text, fullNames),
          due: findScheduleExpression(segment.text, reference),
          source: "list",
        });
        continue;
      }
      if (segment.kind === "item" && isSessionItem(segment.text)) continue;
      for (const sentence of splitSentences(segment.text)) {
        const owner = findOwner(sentence, fullNames);
        if (!owner) continue;
        steps.push({
          text: sentence,
          owner,
          due: findScheduleExpression(sentence, reference),
          source: "prose",
        });
      }
    }
  }
  return steps;
}

/** When the next meeting should be ("the week of 9 October"), from the first sentence that says so. */
export function findNextMeeting(texts: readonly string[], reference: DateReference): ApproximateDate | null {
  for (const text of texts) {
    for (const sentence of splitSentences(text)) {
      if (!NEXT_MEETING.test(sentence)) continue;
      const anchor = sentence.match(MEETING_TIME_ANCHOR);
      const tail = anchor ? sentence.slice(anchor.index!) : sentence;
      const expression =
        findScheduleExpression(tail, reference) ?? findScheduleExpression(sentence, reference);
      if (expression && expression.date !== null) return expression;
    }
  }
  return null;
}
