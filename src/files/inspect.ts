// First look at an uploaded file: what it really is (by content, never by name), whether it is safe to hand
// to a parser, and its fingerprint. Nothing here parses a document; the zip scan only inflates and counts.

import { createHash } from "node:crypto";
import { extensionOf, sanitizeFileName, withExtension } from "./file-name.js";
import { type DetectedType, mediaTypes, type UploadLimits } from "./limits.js";
import { checkPdfUpload } from "./pdf-check.js";
import { formatBytes, type Problem, type Refusal, refuse } from "./refusals.js";
import { scanZip } from "./zip.js";

export interface AcceptedFile {
  ok: true;
  /** The name to show and store: inert, and with the extension of the detected type. */
  fileName: string;
  detectedType: DetectedType;
  mediaType: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes, for de-duplication and integrity. */
  sha256: string;
  /** Things the contributor may want to know, such as a corrected extension. */
  warnings: string[];
}

export type InspectedFile = AcceptedFile | Refusal;

export interface InspectInput {
  fileName: string;
  bytes: Buffer;
  limits: UploadLimits;
}

const canonicalExtension: Record<DetectedType, string> = {
  docx: "docx",
  odt: "odt",
  pdf: "pdf",
  txt: "txt",
  md: "md",
};

// Extensions a name may already carry for each type without being corrected.
const compatibleExtensions: Record<DetectedType, ReadonlySet<string>> = {
  docx: new Set(["docx", "dotx"]),
  odt: new Set(["odt", "ott"]),
  pdf: new Set(["pdf"]),
  txt: new Set(["txt", "text", ""]),
  md: new Set(["md", "markdown"]),
};

const textExtensions = new Set(["txt", "text", "md", "markdown", ""]);

// Suffixes that are replaced rather than kept when the content turns out to be something else.
const knownExtensions = new Set([
  ...textExtensions,
  ...[
    "docx",
    "dotx",
    "docm",
    "doc",
    "odt",
    "ott",
    "pdf",
    "rtf",
    "html",
    "htm",
    "xml",
    "zip",
    "exe",
    "dll",
    "bin",
  ],
  ...[
    "xlsx",
    "xls",
    "pptx",
    "ppt",
    "ods",
    "odp",
    "csv",
    "json",
    "js",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "sh",
    "bat",
  ],
]);

const wordMainTypes = [
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
];

const odfTextMimetypes = [
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.text-template",
];

const otherOfficeKinds: [marker: string, what: string][] = [
  [
    "application/vnd.ms-word.document.macroEnabled",
    "is a Word document with macros (.docm); please save it as .docx",
  ],
  [
    "application/vnd.ms-word.template.macroEnabled",
    "is a Word template with macros (.dotm); please save it as .docx",
  ],
  ["spreadsheetml", "is an Excel spreadsheet, not a text document"],
  ["presentationml", "is a PowerPoint presentation, not a text document"],
  ["application/vnd.oasis.opendocument.spreadsheet", "is an OpenDocument spreadsheet, not a text document"],
  ["application/vnd.oasis.opendocument.presentation", "is an OpenDocument presentation, not a text document"],
  ["application/vnd.oasis.opendocument.", "is an OpenDocument file that is not a text document"],
  ["application/epub+zip", "is an e-book (EPUB), not a document we can read"],
];

function startsWith(bytes: Buffer, ...sig: number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

function startsWithText(bytes: Buffer, text: string): boolean {
  return bytes.length >= text.length && bytes.subarray(0, text.length).toString("latin1") === text;
}

// Formats that are plainly not documents get a sentence saying what they are, which helps more than
// "unsupported": a contributor who picked the installer instead of the report sees it at once.
function recognisedForeignFormat(bytes: Buffer): Problem | null {
  const program = "is a program, not a document";
  if (startsWithText(bytes, "MZ"))
    return { code: "unsupported_type", detail: `${program} (Windows executable)` };
  if (startsWith(bytes, 0x7f, 0x45, 0x4c, 0x46))
    return { code: "unsupported_type", detail: `${program} (ELF)` };
  if (
    startsWith(bytes, 0xfe, 0xed, 0xfa, 0xce) ||
    startsWith(bytes, 0xfe, 0xed, 0xfa, 0xcf) ||
    startsWith(bytes, 0xcf, 0xfa, 0xed, 0xfe) ||
    startsWith(bytes, 0xce, 0xfa, 0xed, 0xfe) ||
    startsWith(bytes, 0xca, 0xfe, 0xba, 0xbe)
  ) {
    return { code: "unsupported_type", detail: `${program} (macOS or Java)` };
  }
  if (startsWithText(bytes, "#!")) return { code: "unsupported_type", detail: "is a script, not a document" };
  if (startsWithText(bytes, "{\\rtf")) {
    return { code: "unsupported_type", detail: "is a Rich Text (.rtf) file; please save it as .docx or PDF" };
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    // A password-protected .docx is stored as an OLE container holding an "EncryptedPackage" stream.
    if (bytes.includes(Buffer.from("EncryptedPackage", "utf16le"))) {
      return { code: "encrypted", detail: "is password-protected" };
    }
    return {
      code: "unsupported_type",
      detail:
        "is in the old Word 97-2003 format (.doc) or another legacy Office format; please save it as .docx",
    };
  }
  const image = "is an image, not a document; please put it in a Word document or PDF";
  if (
    startsWith(bytes, 0x89, 0x50, 0x4e, 0x47) ||
    startsWith(bytes, 0xff, 0xd8, 0xff) ||
    startsWithText(bytes, "GIF8")
  ) {
    return { code: "unsupported_type", detail: image };
  }
  if (startsWithText(bytes, "II*\0") || startsWithText(bytes, "MM\0*"))
    return { code: "unsupported_type", detail: image };
  if (startsWithText(bytes, "RIFF") && bytes.subarray(8, 12).toString("latin1") === "WEBP") {
    return { code: "unsupported_type", detail: image };
  }
  const archive = "is a compressed archive, not a document; please upload the documents inside it one by one";
  if (
    startsWith(bytes, 0x1f, 0x8b) ||
    startsWithText(bytes, "Rar!") ||
    startsWith(bytes, 0x37, 0x7a, 0xbc, 0xaf)
  ) {
    return { code: "unsupported_type", detail: archive };
  }
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    return {
      code: "unsupported_type",
      detail: "is a text file saved as UTF-16 (“Unicode”); please save it again as UTF-8",
    };
  }
  return null;
}

const markupStarts = [
  "<!doctype",
  "<html",
  "<head",
  "<body",
  "<script",
  "<iframe",
  "<?xml",
  "<svg",
  "<!--",
  "<meta",
];

// Text that a browser would sniff as HTML (or XML) is refused: it is a web page, not a contribution.
function looksLikeMarkup(text: string): boolean {
  const start = text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 64)
    .toLowerCase();
  if (markupStarts.some((tag) => start.startsWith(tag))) return true;
  return (
    /<(script|iframe|object|embed)\b/i.test(text.slice(0, 4096)) && /<\/?(html|body|div|head)\b/i.test(text)
  );
}

async function detectZipDocument(bytes: Buffer, limits: UploadLimits): Promise<DetectedType | Problem> {
  const scan = await scanZip(bytes, {
    limits,
    keep: (name) => name === "[Content_Types].xml" || name === "mimetype",
  });
  if (!scan.ok) return scan;
  const first = scan.entries[0];
  const mimetype = scan.kept.get("mimetype")?.toString("latin1").trim();
  const contentTypes = scan.kept.get("[Content_Types].xml")?.toString("utf8") ?? "";

  let detected: DetectedType | null = null;
  if (mimetype !== undefined && odfTextMimetypes.includes(mimetype)) {
    // ODF requires "mimetype" first and uncompressed so the type can be read at a fixed offset.
    if (first?.name !== "mimetype" || first.localHeaderOffset !== 0 || first.method !== 0) {
      return {
        code: "corrupt",
        detail: "its OpenDocument layout is invalid (the mimetype entry must come first)",
      };
    }
    detected = "odt";
  } else if (wordMainTypes.some((type) => contentTypes.includes(type))) {
    detected = "docx";
  }
  if (!detected) {
    const declared = `${mimetype ?? ""} ${contentTypes}`;
    const kind = otherOfficeKinds.find(([marker]) => declared.includes(marker));
    if (kind) return { code: "unsupported_type", detail: kind[1] };
    return {
      code: "unsupported_type",
      detail: "is a zip archive, not a document; please upload the documents inside it one by one",
    };
  }

  // Charts in Word embed their data as a spreadsheet (itself a zip) under word/embeddings/; no parser of ours
  // ever opens those, so they stay. Archives anywhere else have no business in a document.
  const strayArchive = scan.nestedArchives.find(
    (name) => !(detected === "docx" && name.startsWith("word/embeddings/")),
  );
  if (strayArchive) {
    return {
      code: "unsupported_type",
      detail: `contains another archive (${JSON.stringify(strayArchive)}) inside it, which a document never needs`,
    };
  }
  return detected;
}

function detectText(bytes: Buffer, ext: string): DetectedType | Problem {
  const notRecognised: Problem = { code: "unsupported_type", detail: "is not in a format we recognise" };
  if (bytes.includes(0)) return notRecognised;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      code: "unsupported_type",
      detail: textExtensions.has(ext)
        ? "is not valid UTF-8 text; please save it again with the UTF-8 encoding"
        : "is not in a format we recognise",
    };
  }
  if (looksLikeMarkup(text)) {
    return {
      code: "unsupported_type",
      detail: "is a web page (HTML) or other markup, not a document; please save it as PDF or Word",
    };
  }
  if (!textExtensions.has(ext)) {
    // Plain text behind a .pdf or .docx name is almost always the wrong file (an error page, a stub).
    return {
      code: "unsupported_type",
      detail: `is named as .${ext} but contains plain text, so it is probably not the file you meant`,
    };
  }
  return ext === "md" || ext === "markdown" ? "md" : "txt";
}

/** Decides what an uploaded file is from its bytes and whether it may go on to extraction. */
export async function inspectUpload(input: InspectInput): Promise<InspectedFile> {
  const { bytes, limits } = input;
  const safeName = sanitizeFileName(input.fileName);
  const ext = extensionOf(safeName);

  if (bytes.length === 0) return refuse(safeName, { code: "empty", detail: "" });
  if (bytes.length > limits.maxFileBytes) {
    return refuse(safeName, {
      code: "too_large",
      detail: `is ${formatBytes(bytes.length)}, over the ${formatBytes(limits.maxFileBytes)} limit for one file`,
    });
  }

  let detected: DetectedType | Problem;
  if (startsWithText(bytes, "%PDF-")) {
    // Readers look for %%EOF in the last kilobyte; without it the cross-reference table is usually cut off.
    const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString("latin1");
    detected = tail.includes("%%EOF")
      ? ((await checkPdfUpload(bytes)) ?? "pdf")
      : { code: "truncated", detail: "the end of the PDF is missing" };
  } else if (startsWithText(bytes, "PK\x03\x04")) {
    detected = await detectZipDocument(bytes, limits);
  } else if (startsWithText(bytes, "PK\x05\x06")) {
    detected = { code: "unsupported_type", detail: "is an empty zip archive, not a document" };
  } else {
    detected = recognisedForeignFormat(bytes) ?? detectText(bytes, ext);
  }
  if (typeof detected !== "string") return refuse(safeName, detected);

  const warnings: string[] = [];
  let fileName = safeName;
  if (!compatibleExtensions[detected].has(ext)) {
    fileName = withExtension(safeName, canonicalExtension[detected], knownExtensions);
    warnings.push(
      `“${safeName}” is really a ${describe(detected)} file, so it was saved as “${fileName}” and will be read as one.`,
    );
  }
  return {
    ok: true,
    fileName,
    detectedType: detected,
    mediaType: mediaTypes[detected],
    size: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    warnings,
  };
}

function describe(type: DetectedType): string {
  return { docx: "Word (.docx)", odt: "OpenDocument (.odt)", pdf: "PDF", txt: "plain text", md: "Markdown" }[
    type
  ];
}

/** Refusal for a batch with more files than the limits allow; null when the count is fine. */
export function checkFileCount(
  count: number,
  limits: UploadLimits,
): { ok: false; code: "too_many_files"; message: string } | null {
  if (count <= limits.maxFiles) return null;
  return {
    ok: false,
    code: "too_many_files",
    message: `You chose ${count} files, but one contribution can have at most ${limits.maxFiles} (the main document and its appendices). Please combine some appendices or leave some out.`,
  };
}
