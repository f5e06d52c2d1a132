// Turns an accepted upload into text (for search, analysis and quotation) and, where the format carries
// structure, sanitised HTML (for reading). Safe to call on bytes that were never inspected: zip documents are
// scanned again here and parsers only ever see the re-packed parts that scan checked. Meant to run in a
// worker (see extract-worker.ts); parsers are loaded lazily so a text file never pays for pdf.js.
import { zipSync } from "fflate";
import { DEFAULT_LOCALE } from "../ui/i18n/locales.js";
import { translator } from "../ui/i18n/translate.js";
import { escapeHtml, normaliseParagraphs, sanitisedHtmlToText, sanitizeDocumentHtml } from "./html.js";
import { detectLanguage } from "./language.js";
import { type DetectedType, defaultUploadLimits, type UploadLimits } from "./limits.js";
import { renderMarkdown } from "./markdown.js";
import { convertOdtContent } from "./odt.js";
import { extractPdfText, loadPdfjs, PdfPasswordError } from "./pdf.js";
import { quoteName, refuse } from "./refusals.js";
import { XmlError } from "./xml-lite.js";
import { scanZip } from "./zip.js";

export interface Extraction {
  text: string;
  html: string | null;
  /** ISO 639-1 code when the guess is confident. */
  language: string | null;
  /** Page count, for PDFs. */
  pages?: number;
  /** Notes for the secretariat about what was lost or doubtful in the conversion. */
  warnings: string[];
}

export interface ExtractInput {
  bytes: Uint8Array;
  detectedType: DetectedType;
  /** Sanitised name, used in messages. */
  fileName?: string;
}

export interface ExtractOptions {
  limits?: UploadLimits;
}

export type ExtractionErrorCode = "encrypted" | "failed";

export class ExtractionError extends Error {
  override name = "ExtractionError";
  constructor(
    readonly code: ExtractionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// Mammoth reports every unknown style; a few of those help, a hundred bury the one that matters.
const maxWarnings = 20;

function pushWarning(warnings: string[], message: string): void {
  if (warnings.length < maxWarnings && !warnings.includes(message)) warnings.push(message);
}

async function safeParts(
  bytes: Buffer,
  fileName: string,
  limits: UploadLimits,
  keep: (name: string) => boolean,
) {
  const scan = await scanZip(bytes, { limits, keep });
  if (!scan.ok) {
    throw new ExtractionError(
      scan.code === "encrypted" ? "encrypted" : "failed",
      refuse(fileName, scan).message,
    );
  }
  return scan.kept;
}

/** A Word file re-packed with only its scanned XML parts: what mammoth is allowed to read. */
export async function repackedDocx(
  bytes: Buffer,
  fileName: string,
  limits: UploadLimits = defaultUploadLimits,
) {
  // Only XML parts go to mammoth: images and embedded objects are never shown, and unscanned parts never parsed.
  const parts = await safeParts(bytes, fileName, limits, (name) => /\.(xml|rels)$/i.test(name));
  return Buffer.from(zipSync(Object.fromEntries(parts), { level: 0 }));
}

async function extractDocx(bytes: Buffer, fileName: string, limits: UploadLimits, warnings: string[]) {
  const repacked = await repackedDocx(bytes, fileName, limits);
  const { default: mammoth } = await import("mammoth");
  let images = 0;
  const result = await mammoth.convertToHtml(
    { buffer: repacked },
    {
      convertImage: mammoth.images.imgElement(async () => {
        images++;
        return { src: "" };
      }),
      includeEmbeddedStyleMap: false,
      externalFileAccess: false,
    },
  );
  for (const message of result.messages) pushWarning(warnings, `Word conversion: ${message.message}`);
  if (images > 0)
    pushWarning(warnings, `${images} image${images === 1 ? " was" : "s were"} left out of the text.`);
  const html = sanitizeDocumentHtml(result.value);
  // Text comes from the HTML rather than mammoth's raw-text mode, which drops footnotes (where links live).
  return { html, text: sanitisedHtmlToText(html) };
}

async function extractOdt(bytes: Buffer, fileName: string, limits: UploadLimits) {
  const parts = await safeParts(bytes, fileName, limits, (name) => name === "content.xml");
  const content = parts.get("content.xml");
  if (!content)
    throw new ExtractionError(
      "failed",
      `${quoteName(fileName)} has no text content (content.xml is missing).`,
    );
  const converted = convertOdtContent(content.toString("utf8"));
  return { text: normaliseParagraphs(converted.text), html: sanitizeDocumentHtml(converted.html) };
}

function decodeText(bytes: Uint8Array): string {
  // Inspection has checked the encoding; a stray invalid byte here becomes U+FFFD rather than a failure.
  return normaliseParagraphs(new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes));
}

/** Loads the parser a type needs, so a caller can separate start-up cost from the document's own. */
export async function preloadParser(type: DetectedType): Promise<void> {
  if (type === "pdf") await loadPdfjs();
  if (type === "docx") await import("mammoth");
}

/** Extracts text, sanitised HTML and the language of an upload whose type inspection has detected. */
export async function extractText(file: ExtractInput, opts: ExtractOptions = {}): Promise<Extraction> {
  const limits = opts.limits ?? defaultUploadLimits;
  const fileName = file.fileName ?? "the file";
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  const warnings: string[] = [];
  let text: string;
  let html: string | null = null;
  let pages: number | undefined;

  try {
    switch (file.detectedType) {
      case "docx":
        ({ text, html } = await extractDocx(bytes, fileName, limits, warnings));
        break;
      case "odt":
        ({ text, html } = await extractOdt(bytes, fileName, limits));
        break;
      case "pdf": {
        const result = await extractPdfText(bytes);
        text = normaliseParagraphs(result.paragraphs.join("\n\n"));
        pages = result.pages;
        html = sanitiseParagraphs(result.paragraphs);
        break;
      }
      case "txt":
        text = decodeText(bytes);
        break;
      case "md":
        text = decodeText(bytes);
        html = sanitizeDocumentHtml(renderMarkdown(text));
        break;
    }
  } catch (error) {
    throw toExtractionError(error, fileName);
  }

  if (text.trim() === "") {
    pushWarning(
      warnings,
      file.detectedType === "pdf"
        ? "No text was found; the PDF is probably a scan (pictures of pages), which would need OCR."
        : "No text was found in the document.",
    );
  }
  const extraction: Extraction = { text, html: html || null, language: detectLanguage(text), warnings };
  if (pages !== undefined) extraction.pages = pages;
  return extraction;
}

function sanitiseParagraphs(paragraphs: string[]): string | null {
  if (paragraphs.length === 0) return null;
  return sanitizeDocumentHtml(paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join(""));
}

function toExtractionError(error: unknown, fileName: string): ExtractionError {
  if (error instanceof ExtractionError) return error;
  const name = quoteName(fileName);
  // Extraction runs in a child process that is not told the reader's language; its sentences are English.
  const t = translator(DEFAULT_LOCALE);
  if (error instanceof PdfPasswordError) {
    return new ExtractionError("encrypted", t("files.reading.encrypted", { name }));
  }
  const detail =
    error instanceof XmlError
      ? `its XML is invalid: ${error.message}`
      : error instanceof Error
        ? error.message
        : "";
  return new ExtractionError(
    "failed",
    detail
      ? t("files.reading.unreadable", { name, reason: detail.slice(0, 160) })
      : t("files.reading.unreadableNoReason", { name }),
  );
}
