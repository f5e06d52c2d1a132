// Reading a multipart upload of a contact list: its text fields and its one file, the size limit turned into an
// AppError, and the CSRF token of a cookie-authenticated form checked once its fields are read.
import type { FastifyRequest } from "fastify";
import { checkCsrf } from "../../auth/index.js";
import { AppError } from "../../server/errors.js";
import { invalidInput } from "../refusals.js";

/** Reads every part of a multipart body; only the field named `file` may be a file. */
export async function readContactUpload(
  request: FastifyRequest,
  options: { csrf: boolean; maxBytes: number },
): Promise<{ fields: Record<string, string>; file: Buffer | undefined }> {
  if (!request.isMultipart())
    throw invalidInput("Send the list as multipart/form-data with a field named file.", {
      file: "contacts.import.noFile",
    });
  const fields: Record<string, string> = {};
  let file: Buffer | undefined;
  try {
    for await (const part of request.parts({
      limits: { files: 1, fields: 10, fieldSize: 2 * 1024 * 1024, fileSize: options.maxBytes },
    })) {
      if (part.type === "file") {
        const buffer = await part.toBuffer();
        if (part.fieldname === "file" && buffer.length > 0 && !file) file = buffer;
      } else if (typeof part.value === "string") fields[part.fieldname] = part.value;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE" || code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT")
      throw new AppError("too_large", "The file is too large.", { messageKey: "contacts.import.tooLarge" });
    throw error;
  }
  if (options.csrf)
    checkCsrf(request, (request.headers["x-csrf-token"] as string | undefined) ?? fields._csrf);
  return { fields, file };
}
