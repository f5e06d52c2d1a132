// The documents' refusals, each with its sentence in the catalogues (documents/messages), so the API's message
// and the page's explanation read the same in every language.
import { AppError, type FieldErrors } from "../server/errors.js";

type Missing = "document" | "version" | "comment" | "excerpt";
const missing: Record<Missing, string> = {
  document: "There is no such document.",
  version: "There is no such version.",
  comment: "There is no such comment.",
  excerpt: "There is no such excerpt.",
};

/** A 404: the thing does not exist, or the actor may not know that it does. */
export function noSuch(what: Missing): AppError {
  return new AppError("not_found", missing[what], { messageKey: `documents.error.noSuch.${what}` });
}

type Incomplete = "document" | "version" | "comment" | "disposition";
const incompleteText: Record<Incomplete, string> = {
  document: "The document is not complete.",
  version: "The version is not complete.",
  comment: "The comment is not complete.",
  disposition: "The disposition is not complete.",
};

/** A 422 with each field's reason (message keys). */
export function incomplete(what: Incomplete, fields: FieldErrors): AppError {
  return new AppError("invalid", incompleteText[what], {
    fields,
    messageKey: `documents.error.incomplete.${what}`,
  });
}
