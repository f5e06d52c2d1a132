import { type DateReference, findDateMentions, resolveMention } from "./dates.js";
import { stripInlineMarkup } from "./markup.js";
import type { ReportSession } from "./types.js";

const TIME_RANGE =
  /\b(?:from|between|at)?\s*(\d{1,2})[:.h](\d{2})\s*(?:h|hrs)?\s*(?:[–—-]|to|until|and)\s*(\d{1,2})[:.h](\d{2})\s*(?:h|hrs|(?:local\s+time|[A-Z]{2,4}))?/;
const SEPARATOR = /\s+[–—]\s+|\s+-\s+|:\s+/;

function clock(hours: string, minutes: string): string | null {
  const hour = Number(hours);
  const minute = Number(minutes);
  if (hour > 24 || minute > 59) return null;
  return `${String(hour).padStart(2, "0")}:${minutes}`;
}

/** True when the text opens like a session announcement: "On 8 December ... from 09:00 – 10:30". */
export function looksLikeSession(text: string): boolean {
  const plain = stripInlineMarkup(text);
  return /^On\s/i.test(plain) && findDateMentions(plain.slice(0, 40)).length > 0 && TIME_RANGE.test(plain);
}

/**
 * Reads a session of the annual meeting from an announcement such as
 * "**On 8 December (IGF Day 3) from 09:00 – 10:30 in Workshop Room #9 – The
 * substantive session of the BPF** will bring...": date, day label, times,
 * room, title, organiser ("organized by"), and what follows as description.
 */
export function readSession(text: string, reference: DateReference): ReportSession | null {
  if (!looksLikeSession(text)) return null;
  const bold = text.match(/^\*\*(.+?)\*\*\s*(.*)$/s);
  let heading: string;
  let description: string;
  if (bold) {
    heading = bold[1]!.trim();
    description = bold[2]!;
  } else {
    const plain = stripInlineMarkup(text);
    const cut = plain.search(/\s+will\s+|\.\s+/);
    heading = cut > 0 ? plain.slice(0, cut) : plain;
    description = cut > 0 ? plain.slice(cut).replace(/^\.\s+/, "") : "";
  }
  const mention = findDateMentions(heading)[0];
  const time = heading.match(TIME_RANGE);
  if (!mention || !time) return null;

  const between = heading.slice(mention.end, time.index);
  const dayLabel = between.match(/\(([^()]+)\)/)?.[1]?.trim() ?? null;
  const afterTime = heading.slice(time.index! + time[0].length).trim();
  let room: string | null = null;
  let title = afterTime;
  const roomMatch = afterTime.match(/^,?\s*(?:in|at)\s+(?:the\s+)?(.+)$/i);
  if (roomMatch) {
    const rest = roomMatch[1]!;
    const separator = rest.match(SEPARATOR);
    room = (separator ? rest.slice(0, separator.index) : rest).trim();
    title = separator ? rest.slice(separator.index! + separator[0].length).trim() : "";
  } else {
    title = afterTime.replace(/^[–—:-]\s*/, "");
  }
  title = title.replace(/[.,;]$/, "");
  const organiser =
    title
      .match(/\b(?:co-)?(?:organi[sz]ed|hosted|convened|run)\s+by\s+(?:the\s+)?(.+?)(?:[.,;(]|$)/i)?.[1]
      ?.trim() ?? null;
  const cleanDescription = stripInlineMarkup(description).replace(/\s+/g, " ").trim();
  return {
    date: resolveMention(mention, reference, true),
    start: clock(time[1]!, time[2]!),
    end: clock(time[3]!, time[4]!),
    room,
    title: title || heading,
    organiser,
    dayLabel,
    description: cleanDescription === "" ? null : cleanDescription,
  };
}
