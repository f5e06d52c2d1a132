// Reading a multipart upload: its text fields and its one file, with the size limit turned into an AppError.
import type { FastifyRequest } from "fastify";
import { checkCsrf } from "../auth/index.js";
import { AppError, invalid } from "../server/errors.js";

export interface Upload {
  fields: Record<string, string>;
  file: { fileName: string; buffer: Buffer } | undefined;
}

/** Reads every part of a multipart body; only the field named `file` may be a file. */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart())
    throw invalid(
      "Send the report as multipart/form-data with a field named file.",
      {
        file: "meetings.import.noFile",
      },
      { messageKey: "meetings.refusal.multipartFile" },
    );
  const fields: Record<string, string> = {};
  let file: Upload["file"];
  try {
    // One report and a handful of fields: anything more is not an import, and is not held in memory.
    for await (const part of request.parts({ limits: { files: 1, fields: 20, fieldSize: 64 * 1024 } })) {
      if (part.type === "file") {
        const buffer = await part.toBuffer();
        if (part.fieldname === "file" && !file) file = { fileName: part.filename || "report.txt", buffer };
      } else if (typeof part.value === "string") fields[part.fieldname] = part.value;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE" || code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT")
      throw new AppError("too_large", "The file is too large.", { messageKey: "meetings.import.tooLarge" });
    throw error;
  }
  return { fields, file };
}

/** Checks the CSRF token of a cookie-authenticated multipart form, which the global hook cannot see. */
export function checkUploadCsrf(request: FastifyRequest, fields: Record<string, string>): void {
  checkCsrf(request, (request.headers["x-csrf-token"] as string | undefined) ?? fields._csrf);
}
