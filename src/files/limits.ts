// Limits and the closed list of document types the intake accepts. Kept apart from the inspection code so
// configuration and the HTTP layer can import them without pulling in zip and PDF machinery.

/** Upper bounds applied to one upload (or one batch of uploads, for maxFiles). */
export interface UploadLimits {
  /** Bytes of one uploaded file as received. */
  maxFileBytes: number;
  /** Files in one contribution (main document plus appendices). */
  maxFiles: number;
  /** Bytes a zip-based document (docx, odt) may inflate to, all entries together. */
  maxUncompressedBytes: number;
  /** Entries a zip-based document may hold. */
  maxZipEntries: number;
}

const MB = 1024 * 1024;

export const defaultUploadLimits: Readonly<UploadLimits> = Object.freeze({
  maxFileBytes: 10 * MB,
  maxFiles: 10,
  maxUncompressedBytes: 100 * MB,
  maxZipEntries: 2000,
});

// A single entry that inflates more than 200-fold is refused once it passes 1 MB: Word and LibreOffice XML
// compresses 5 to 30 times, and deflate's ceiling is about 1,030, so 200 separates documents from bombs.
export const zipEntryRatioCap = 200;
export const zipEntryRatioFloorBytes = 1 * MB;

export type DetectedType = "docx" | "odt" | "pdf" | "txt" | "md";

export const mediaTypes: Readonly<Record<DetectedType, string>> = Object.freeze({
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: "application/vnd.oasis.opendocument.text",
  pdf: "application/pdf",
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
});
