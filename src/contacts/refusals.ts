// Refusals of the contacts folder, each with a catalogue key, so a page says them in the reader's language.
import { AppError, type FieldErrors } from "../server/errors.js";
import type { MessageKey } from "../ui/i18n/message-keys.js";

/** Input that breaks a rule: the fields' keys, and the page's message (the one given, else the first field's). */
export function invalidInput(message: string, fields: FieldErrors, messageKey?: MessageKey): AppError {
  // Contacts' field errors are catalogue keys (the pages translate them), so the first one can say the whole.
  const first = Object.values(fields)[0] as MessageKey | undefined;
  return new AppError("invalid", message, { fields, messageKey: messageKey ?? first });
}

/** A change that clashes with what is on file. */
export function conflictWith(messageKey: MessageKey, message: string): AppError {
  return new AppError("conflict", message, { messageKey });
}

/** Something that is not there (or that the reader may not know of). */
export function notThere(messageKey: MessageKey, message: string): AppError {
  return new AppError("not_found", message, { messageKey });
}

/** A known actor without the right. */
export function forbiddenTo(messageKey: MessageKey, message: string): AppError {
  return new AppError("forbidden", message, { messageKey });
}
