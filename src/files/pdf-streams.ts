// PDF bombs: a megabyte-sized stream compressed with FlateDecode can inflate to gigabytes, and pdf.js inflates
// the streams it reads for text into typed arrays that no heap cap sees. So before any parser, the streams
// text extraction would read (page content, forms, fonts, object streams; not images, which it never
// decodes) are inflated here with an output cap, off the main thread (zlib's thread pool), and counted.
import { promisify } from "node:util";
import { inflate as inflateCallback } from "node:zlib";
import type { Problem } from "./refusals.js";

const inflate = promisify(inflateCallback);
const MB = 1024 * 1024;

export interface PdfStreamLimits {
  /** Largest a single non-image stream may inflate to. */
  maxStreamBytes: number;
  /** Largest all non-image streams together may inflate to. */
  maxTotalBytes: number;
}

export const defaultPdfStreamLimits: Readonly<PdfStreamLimits> = Object.freeze({
  maxStreamBytes: 32 * MB,
  maxTotalBytes: 128 * MB,
});

/** The dictionary text just before a `stream` keyword (the object's `<< … >>`), bounded. */
function dictionaryBefore(text: string, streamAt: number): string {
  const from = Math.max(0, streamAt - 4096);
  const window = text.slice(from, streamAt);
  const objAt = window.lastIndexOf(" obj");
  return objAt >= 0 ? window.slice(objAt) : window;
}

/** Whether the first (or only) filter is FlateDecode, the one that can inflate without bound here. */
function isFlate(dictionary: string): boolean {
  return /\/Filter\s*(?:\[\s*)?\/(?:FlateDecode|Fl)\b/.test(dictionary);
}

/**
 * Inflates every FlateDecode stream that text extraction would read, within the limits; returns a problem for
 * a stream (or streams together) that would inflate past them. Damaged streams are left to the reader.
 */
export async function checkPdfStreams(
  bytes: Buffer,
  limits: PdfStreamLimits = defaultPdfStreamLimits,
): Promise<Problem | undefined> {
  const text = bytes.toString("latin1");
  let total = 0;
  const keyword = /stream\r?\n/g;
  for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
    // "endstream" also ends in "stream": only a keyword right after a dictionary starts one.
    if (text.slice(Math.max(0, match.index - 3), match.index) === "end") continue;
    const start = match.index + match[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    keyword.lastIndex = end + "endstream".length;
    const dictionary = dictionaryBefore(text, match.index);
    if (!isFlate(dictionary) || /\/Subtype\s*\/Image\b/.test(dictionary)) continue;
    const budget = Math.min(limits.maxStreamBytes, limits.maxTotalBytes - total) + 1;
    let inflated: Buffer;
    try {
      inflated = await inflate(bytes.subarray(start, end), { maxOutputLength: budget });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
        return {
          code: "zip_bomb",
          detail:
            budget > limits.maxStreamBytes
              ? `a compressed part of it expands to more than ${limits.maxStreamBytes / MB} MB`
              : `its compressed parts together expand to more than ${limits.maxTotalBytes / MB} MB`,
        };
      // Damaged or truncated data: the reader decides what it can make of it.
      continue;
    }
    total += inflated.length;
  }
  return undefined;
}
