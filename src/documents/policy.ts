// Who may do what with a cycle's documents: the secretariat writes, saves and publishes versions and logs
// comments made elsewhere; the forum's members read every version, drafts included, and comment on versions
// published to them; everyone reads versions published to the public. Commenting needs a signed-in person; outside the forum (the public) only while the
// review is open.
import type { Kysely } from "kysely";
import { type Actor, type ForumRole, forumRolesOf } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import { AppError } from "../server/errors.js";
import { noSuch } from "./refusals.js";
import type { PublishedTo } from "./tables.js";

/** What the actor is to a forum's documents. */
export interface DocumentAccess {
  roles: ForumRole[];
  secretariat: boolean;
  member: boolean;
}

/** The actor's roles in the forum, as the document pages need them. */
export async function documentAccess(
  db: Kysely<Database>,
  actor: Actor,
  forumId: string,
): Promise<DocumentAccess> {
  const roles = actor.kind === "anonymous" ? [] : await forumRolesOf(db, actor, forumId);
  return { roles, secretariat: roles.includes("secretariat"), member: roles.length > 0 };
}

/** Whether a version published this far may be read. */
export function mayRead(access: DocumentAccess, publishedTo: PublishedTo): boolean {
  return access.member || publishedTo === "public";
}

/** Refuses anyone but the forum's secretariat. */
export function requireEditor(actor: Actor, access: DocumentAccess): void {
  if (actor.kind === "anonymous")
    throw new AppError("unauthorized", "Please sign in.", { messageKey: "documents.error.signInToEdit" });
  if (!access.secretariat)
    throw new AppError("forbidden", "Only the forum's secretariat writes its documents.", {
      messageKey: "documents.error.secretariatOnly",
    });
}

/** Refuses a version the actor may not read, as if it did not exist. */
export function requireReadable(access: DocumentAccess, publishedTo: PublishedTo): void {
  if (!mayRead(access, publishedTo)) throw noSuch("document");
}
