// Turning uploaded files into stored, inspected files: every file goes through src/files' inspectUpload
// (type by content, bombs, entities), refused ones come back with a sentence naming the file.
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { CSRF_FIELD, checkCsrf } from "../../auth/index.js";
import { sanitizeFileName } from "../../files/file-name.js";
import { type AcceptedFile, checkFileCount, inspectUpload } from "../../files/inspect.js";
import { defaultUploadLimits, type UploadLimits } from "../../files/limits.js";
import { formatBytes, quoteName } from "../../files/refusals.js";
import { AppError } from "../../server/errors.js";
import {
  controlCharacterError,
  fieldWithControlCharacter,
  withoutControlCharacters,
} from "../../server/request-guards.js";
import { normalizeLineEnds } from "../../ui/text.js";
import type { FileStore } from "../storage.js";
import type { FormValues } from "./answers.js";

/** A file as it arrived, before inspection. */
export interface UploadedFile {
  /** The form field it came in ("main" or "appendices"). */
  field: string;
  fileName: string;
  bytes: Buffer;
  /** True when the upload went over the size limit and was cut. */
  overLimit: boolean;
}

/** An inspected, stored file ready to be attached to a contribution. */
export interface StoredUpload {
  role: "main" | "appendix";
  accepted: AcceptedFile;
}

/** A file turned away: its (sanitised) name, a code and a sentence for the contributor. */
export interface FileRefusal {
  fileName: string;
  code: string;
  message: string;
}

/** The upload limits from the configuration. */
export function uploadLimits(config: { uploadMaxFiles: number; uploadMaxFileBytes: number }): UploadLimits {
  return { ...defaultUploadLimits, maxFiles: config.uploadMaxFiles, maxFileBytes: config.uploadMaxFileBytes };
}

/** Limits on a multipart body's text fields (files keep the upload limits). */
export const fieldLimits = {
  /** Fields in one body: every question, option and file removal of the largest form fits. */
  maxFields: 300,
  /** One field's value: the longest text answer fits. */
  maxFieldBytes: 200 * 1024,
  /** All fields' values together. */
  maxTotalFieldBytes: 4 * 1024 * 1024,
} as const;

function fieldsTooLarge(): AppError {
  return new AppError(
    "too_large",
    `The form's text is too long: one answer may hold up to ${formatBytes(fieldLimits.maxFieldBytes)}, and all answers together up to ${formatBytes(fieldLimits.maxTotalFieldBytes)}. Please shorten it, or send the long parts as a document.`,
    {
      messageKey: "contributions.refusal.textTooLong",
      messageValues: {
        perAnswer: formatBytes(fieldLimits.maxFieldBytes),
        total: formatBytes(fieldLimits.maxTotalFieldBytes),
      },
    },
  );
}

/**
 * Reads a multipart body: fields (repeatable) and files. With `csrf`, the first part must be the `_csrf`
 * field and is checked before any file is read.
 */
export async function readMultipart(
  request: FastifyRequest,
  limits: UploadLimits,
  options: { csrf: boolean; maxTotalFileBytes?: number },
): Promise<{ fields: FormValues; files: UploadedFile[] }> {
  const fields: FormValues = {};
  const files: UploadedFile[] = [];
  let firstPart = true;
  let fieldBytes = 0;
  let fileBytes = 0;
  const parts = request.parts({
    limits: {
      fileSize: limits.maxFileBytes,
      files: limits.maxFiles + 1,
      fields: fieldLimits.maxFields,
      fieldSize: fieldLimits.maxFieldBytes,
    },
    throwFileSizeLimit: false,
  } as Parameters<FastifyRequest["parts"]>[0]);
  try {
    for await (const part of parts) {
      if (firstPart && options.csrf) {
        const token = part.type === "field" && part.fieldname === CSRF_FIELD ? String(part.value) : undefined;
        checkCsrf(request, token);
      }
      firstPart = false;
      if (part.type === "field") {
        if (part.fieldname === CSRF_FIELD) continue;
        // What every other body gets (server/request-guards.ts), field by field as they arrive: a browser's
        // form has control characters taken out, the API is refused.
        const raw = options.csrf ? withoutControlCharacters(String(part.value)) : String(part.value);
        const bad = fieldWithControlCharacter({ [part.fieldname]: raw });
        if (bad) throw controlCharacterError(bad);
        // One kind of line end from here on: a browser sends a textarea's with CRLF.
        const value = normalizeLineEnds(raw);
        // A value cut at the field limit would be saved silently shortened: refuse it instead.
        if ((part as { valueTruncated?: boolean }).valueTruncated) throw fieldsTooLarge();
        fieldBytes += Buffer.byteLength(part.fieldname) + Buffer.byteLength(value);
        if (fieldBytes > fieldLimits.maxTotalFieldBytes) throw fieldsTooLarge();
        const values = fields[part.fieldname] ?? [];
        values.push(value);
        fields[part.fieldname] = values;
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) {
        chunks.push(chunk as Buffer);
        fileBytes += (chunk as Buffer).length;
        // Many files of allowed size can still add up to more than one request may hold in memory.
        if (options.maxTotalFileBytes && fileBytes > options.maxTotalFileBytes)
          throw new AppError(
            "too_large",
            `The files together are larger than ${formatBytes(options.maxTotalFileBytes)}. Please send them in several smaller batches.`,
            {
              messageKey: "contributions.refusal.filesTotalTooLarge",
              messageValues: { limit: formatBytes(options.maxTotalFileBytes) },
            },
          );
      }
      // A file input left empty still sends a part with no name and no bytes.
      if (!part.filename && chunks.length === 0) continue;
      files.push({
        field: part.fieldname,
        fileName: part.filename,
        bytes: Buffer.concat(chunks),
        overLimit: part.file.truncated,
      });
    }
  } catch (error) {
    // Too many fields: the same clear refusal as too much text.
    if ((error as { code?: string }).code === "FST_FIELDS_LIMIT") throw fieldsTooLarge();
    throw error;
  }
  return { fields, files };
}

/**
 * SHA-256 over the fields (in name order) and each file's field, name and bytes: what tells a retry of a
 * request from a different request that reuses its key (the API's Idempotency-Key, the web form's key).
 */
export function requestFingerprint(fields: FormValues, files: UploadedFile[]): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  for (const file of files) {
    hash.update(JSON.stringify([file.field, file.fileName, file.bytes.length]));
    hash.update(file.bytes);
  }
  return hash.digest("hex");
}

/** Inspects every file and stores the accepted ones; refusals name the file and the reason. */
export async function inspectAndStore(
  store: FileStore,
  files: UploadedFile[],
  limits: UploadLimits,
  alreadyAttached = 0,
): Promise<{ stored: StoredUpload[]; refusals: FileRefusal[] }> {
  const stored: StoredUpload[] = [];
  const refusals: FileRefusal[] = [];
  const tooMany = checkFileCount(files.length + alreadyAttached, limits);
  if (tooMany) return { stored, refusals: [{ fileName: "", code: tooMany.code, message: tooMany.message }] };
  for (const file of files) {
    const name = sanitizeFileName(file.fileName);
    if (file.overLimit) {
      refusals.push({
        fileName: name,
        code: "too_large",
        message: `${quoteName(name)} is larger than the ${formatBytes(limits.maxFileBytes)} limit for one file. Please make it smaller (for example by compressing its images) or split it into appendices.`,
      });
      continue;
    }
    const inspected = await inspectUpload({ fileName: file.fileName, bytes: file.bytes, limits });
    if (!inspected.ok) {
      refusals.push({ fileName: name, code: inspected.code, message: inspected.message });
      continue;
    }
    await store.put(file.bytes);
    stored.push({ role: file.field === "main" ? "main" : "appendix", accepted: inspected });
  }
  return { stored, refusals };
}
