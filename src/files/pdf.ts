// Text from a PDF with pdf.js. A PDF has no paragraphs, only positioned runs of glyphs, so lines are rebuilt
// from baselines and paragraphs from unusually large gaps between lines.

export class PdfPasswordError extends Error {
  override name = "PdfPasswordError";
}

interface Run {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
  hasEOL: boolean;
}

interface Line {
  text: string;
  y: number;
  size: number;
}

function isTextItem(
  item: unknown,
): item is { str: string; transform: number[]; width: number; height: number; hasEOL: boolean } {
  return typeof item === "object" && item !== null && typeof (item as { str?: unknown }).str === "string";
}

function toLines(runs: Run[]): Line[] {
  const lines: Line[] = [];
  let current: (Line & { end: number }) | null = null;
  let breakNext = false;
  for (const run of runs) {
    // pdf.js marks line ends with empty runs placed at the start of the next line; they carry no position
    // worth trusting, only the fact that a line ended.
    if (run.str.trim() === "") {
      if (current && run.str !== "" && !breakNext) current.text += " ";
      breakNext ||= run.hasEOL;
      continue;
    }
    const sameLine =
      current !== null && !breakNext && Math.abs(run.y - current.y) < Math.max(2, run.size * 0.5);
    if (!sameLine) {
      if (current) lines.push(current);
      current = { text: run.str, y: run.y, size: run.size, end: run.x + run.width };
    } else if (current) {
      // Runs are split at every font change; a visible gap between them is a space the PDF never encoded.
      const gap = run.x - current.end;
      const needsSpace = gap > run.size * 0.2 && !/\s$/.test(current.text) && !/^\s/.test(run.str);
      current.text += (needsSpace ? " " : "") + run.str;
      current.end = run.x + run.width;
      current.size = Math.max(current.size, run.size);
    }
    breakNext = run.hasEOL;
  }
  if (current) lines.push(current);
  return lines.map(({ text, y, size }) => ({ text: text.replace(/\s+/g, " ").trim(), y, size }));
}

/** A page number as printed: "2", "- 2 -", "Page 2", "Page 2 of 3", "2/3"; the number, or undefined. */
function pageNumberIn(text: string): number | undefined {
  const match = /^(?:page\s*)?[-–—]?\s*(\d{1,4})\s*[-–—]?(?:\s*(?:of|\/)\s*\d{1,4})?$/iu.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

// Running heads and page numbers repeat at the top or bottom of most pages; left in, they cut paragraphs
// that cross a page break ("...its information\n\n2\n\nShared MIME-info Database\n\ndirectory is...").
function dropRunningLines(printed: Line[][]): Line[][] {
  if (printed.length < 2) return printed;
  const key = (line: Line) => line.text.replace(/\d+/g, "#").toLowerCase();
  const edgesOf = (lines: Line[]): Set<Line> => {
    const levels = [...new Set(lines.map((line) => Math.round(line.y)))].sort((a, b) => a - b);
    const edgeLevels = new Set([...levels.slice(0, 2), ...levels.slice(-2)]);
    return new Set(lines.filter((line) => edgeLevels.has(Math.round(line.y))));
  };
  let pages = printed;
  const edges = pages.map(edgesOf);
  // Page numbers counting up with the pages are dropped however few the pages: a two-page letter saved as
  // PDF must read like the same letter saved from Word, without a "1" and a "2" among its paragraphs.
  const numbered = edges.map((pageEdges, index) =>
    [...pageEdges].filter((line) => pageNumberIn(line.text) === index + 1),
  );
  if (numbered.filter((lines) => lines.length > 0).length >= 2) {
    const dropped = new Set(numbered.flat());
    pages = pages.map((lines) => lines.filter((line) => !dropped.has(line)));
  }
  if (pages.length < 3) return pages;
  const counts = new Map<string, number>();
  for (const pageEdges of edges) {
    for (const k of new Set([...pageEdges].map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  // Three pages, not a share of them: a chapter's running head repeats only across that chapter.
  const threshold = 3;
  return pages.map((lines, index) =>
    lines.filter((line) => !(edges[index]?.has(line) && (counts.get(key(line)) ?? 0) >= threshold)),
  );
}

function usualLeading(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // The lower quartile, not the median: in a short letter of two-line paragraphs with a blank line between
  // each, blank-line gaps are as many as line gaps and must not become the norm.
  return sorted[Math.floor((sorted.length - 1) / 4)] ?? null;
}

/** Marks, until `settleLineBreakHyphens`, a hyphen that ended a line inside a word. */
const BROKEN = "\uE000";

function joinLines(a: string, b: string): string {
  // A line ending in a hyphen before a lower-case word is a word broken across lines; whether the hyphen
  // belongs to the word ("multi-stakeholder") or only to the line ("sup-port") is settled once the whole text
  // is known.
  // Some PDFs print the line's hyphen as a soft hyphen (U+00AD), which reads the same.
  if (/[-\u00AD]$/.test(a) && /^\p{Ll}/u.test(b)) return `${a.slice(0, -1)}${BROKEN}${b}`;
  return `${a} ${b}`;
}

/**
 * Settles each hyphen that ended a line inside a word: dropped when the document spells the word elsewhere
 * without it ("sup-port" where "support" is written), kept otherwise, as the safe reading for compounds. The
 * same report saved from Word has no such hyphens, so its words, searches and campaign fingerprints match.
 */
function settleLineBreakHyphens(paragraphs: string[]): string[] {
  if (!paragraphs.some((p) => p.includes(BROKEN))) return paragraphs;
  const words = new Set<string>();
  for (const p of paragraphs)
    for (const word of p.toLowerCase().match(/[\p{L}\p{N}\uE000-]+/gu) ?? [])
      if (!word.includes(BROKEN)) words.add(word);
  return paragraphs.map((p) =>
    p.replace(/[\p{L}\p{N}-]*\uE000[\p{L}\p{N}\uE000-]*/gu, (word) => {
      const joined = word.replaceAll(BROKEN, "");
      return words.has(joined.toLowerCase()) ? joined : word.replaceAll(BROKEN, "-");
    }),
  );
}

// Bullets and numbered paragraphs ("1.", "(a)", "iv)") start a paragraph even when set as tight as the text.
const listStart = /^([•◦▪▫■□●○‣⁃∙·–—*-]|\(?(\d{1,3}|[a-z]|[ivx]{1,5})[.)])\s/u;

function toParagraphs(lines: Line[]): string[] {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const gap = (lines[i - 1]?.y ?? 0) - (lines[i]?.y ?? 0);
    // Gaps that break a paragraph whatever the leading (a footer far below the text) say nothing of the
    // leading: counted, a short page's footer made its blank lines the norm and ran its paragraphs together.
    if (gap > 0 && gap <= (lines[i]?.size ?? 10) * 2.5) gaps.push(gap);
  }
  const usual = usualLeading(gaps);
  const paragraphs: string[] = [];
  let current = "";
  let prev: Line | null = null;
  for (const line of lines) {
    const gap = prev ? prev.y - line.y : 0;
    const expected = usual ?? line.size * 1.2;
    const newParagraph =
      prev === null ||
      // Upwards is a new column or a text box; a gap well beyond the usual leading is a blank line.
      gap <= 0 ||
      gap > expected * 1.4 ||
      gap > line.size * 2.5 ||
      // A change of type size separates a heading from its text.
      Math.abs(line.size - prev.size) > 1.5 ||
      listStart.test(line.text);
    if (newParagraph) {
      if (current) paragraphs.push(current);
      current = line.text;
    } else {
      current = joinLines(current, line.text);
    }
    prev = line;
  }
  if (current) paragraphs.push(current);
  return paragraphs;
}

// pdf.js's "fake worker" runs its parser in this thread; loading it up front (it registers itself on
// globalThis.pdfjsWorker) keeps module loading out of the time and memory charged to a document.
const workerModule = "pdfjs-dist/legacy/build/pdf.worker.mjs";

/** Loads pdf.js and its in-thread parser. */
export async function loadPdfjs() {
  const [pdfjs] = await Promise.all([import("pdfjs-dist/legacy/build/pdf.mjs"), import(workerModule)]);
  return pdfjs;
}

/** Extracts paragraphs of text from a PDF, page by page, with evaluation and font loading turned off. */
export async function extractPdfText(bytes: Uint8Array): Promise<{ paragraphs: string[]; pages: number }> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdf.js may detach the buffer it is given; the caller's copy stays usable.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    if ((error as { name?: string }).name === "PasswordException")
      throw new PdfPasswordError("password required");
    throw error;
  }
  try {
    const pages: Line[][] = [];
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!isTextItem(item)) continue;
        const [a = 0, b = 0, , , x = 0, y = 0] = item.transform;
        runs.push({
          str: item.str,
          x,
          y,
          width: item.width,
          size: Math.hypot(a, b) || item.height || 10,
          hasEOL: item.hasEOL,
        });
      }
      pages.push(toLines(runs));
      page.cleanup();
    }
    const paragraphs: string[] = [];
    for (const lines of dropRunningLines(pages)) {
      const onPage = toParagraphs(lines);
      const last = paragraphs[paragraphs.length - 1];
      const first = onPage[0];
      // A paragraph cut by a page break ends without punctuation and resumes in lower case.
      if (
        last !== undefined &&
        first !== undefined &&
        !/[.!?:;)"”’]$/u.test(last) &&
        /^\p{Ll}/u.test(first)
      ) {
        paragraphs[paragraphs.length - 1] = joinLines(last, first);
        onPage.shift();
      }
      paragraphs.push(...onPage);
    }
    return { paragraphs: settleLineBreakHyphens(paragraphs), pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}
