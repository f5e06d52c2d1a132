// Every reason an upload can be turned away, with the sentence a contributor reads. The wording lives in one
// place so it can move into the message catalogue unchanged once src/ui has one.

export type RefusalCode =
  | "empty"
  | "too_large"
  | "truncated"
  | "unsupported_type"
  | "zip_bomb"
  | "too_many_entries"
  | "xml_entities"
  | "encrypted"
  | "corrupt";

export interface Refusal {
  ok: false;
  code: RefusalCode;
  /** One or two sentences naming the file, written for the contributor. */
  message: string;
}

/** A problem found deep in a parser, before the file name is known to it; the caller turns it into a Refusal. */
export interface Problem {
  code: RefusalCode;
  /** Clause completing "“name” …" (for example "contains a program, not a document"). */
  detail: string;
}

const accepted = "Word (.docx), OpenDocument (.odt), PDF, plain text (.txt) and Markdown (.md) files";
const resave = "Please save it again from your word processor (or export it as PDF) and upload the new copy.";

/** Formats a byte count the way a contributor's file manager would ("14.2 MB", "512 KB"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb >= 100 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}

/** Quotes a (sanitised) file name for a message. */
export function quoteName(fileName: string): string {
  return `“${fileName}”`;
}

/** Builds the contributor-facing refusal for a problem found in the named file. */
export function refuse(fileName: string, problem: Problem): Refusal {
  const name = quoteName(fileName);
  const { code, detail } = problem;
  switch (code) {
    case "empty":
      return { ok: false, code, message: `${name} is empty (0 bytes). Please choose the file again.` };
    case "too_large":
      return {
        ok: false,
        code,
        message: `${name} ${detail}. Please make it smaller (for example by compressing its images) or split it into appendices.`,
      };
    case "truncated":
      return {
        ok: false,
        code,
        message: `${name} is incomplete: ${detail}. This usually means the upload or an earlier download was interrupted; please upload it again.`,
      };
    case "unsupported_type":
      return { ok: false, code, message: `${name} ${detail}. We accept ${accepted}.` };
    case "zip_bomb":
      return { ok: false, code, message: `${name} was refused as unsafe: ${detail}. ${resave}` };
    case "too_many_entries":
      return { ok: false, code, message: `${name} was refused as unsafe: ${detail}. ${resave}` };
    case "xml_entities":
      return {
        ok: false,
        code,
        message: `${name} was refused as unsafe: ${detail}, which documents saved by Word or LibreOffice never contain. ${resave}`,
      };
    case "encrypted":
      return {
        ok: false,
        code,
        message: `${name} ${detail}. Please remove the password (or save an unprotected copy) and upload it again.`,
      };
    case "corrupt":
      return { ok: false, code, message: `${name} is damaged and can't be read (${detail}). ${resave}` };
  }
}
