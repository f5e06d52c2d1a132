// What other domains may use of auth: people, forum roles and the access policy, sessions, sign-in, CSRF and
// API tokens. Anything not exported here is the auth folder's own business; the import rules (CODE_STYLE.md,
// `domain-entry`) refuse a reach into its other files.
// Order matters: the plain modules come first and the route plugins last, so that a module reached through
// an import cycle finds them initialised.
export type { Actor, ForumRole } from "./actor.js";
export { actorId, actorLabel, anonymous, FORUM_ROLES, isForumRole } from "./actor.js";
export { authApiRoutes } from "./api-routes.js";
export { createApiToken } from "./api-tokens.js";
export { CSRF_FIELD, checkCsrf, ensureCsrfToken, isMultipart, presentedCsrfToken } from "./csrf.js";
export { authPersonalData } from "./personal-data-queries.js";
export {
  forumRolesOf,
  isSiteAdmin,
  MANAGERS,
  requireForumRole,
  requireSignedIn,
  requireSiteAdmin,
} from "./policy.js";
export { saveOwnTimeZone } from "./profile.js";
export type { UserRow } from "./queries.js";
export {
  findUserByEmail,
  findUserById,
  findUsersByIds,
  insertForumRole,
  insertUser,
  normaliseEmail,
  selectForumPeople,
  updateUser,
} from "./queries.js";
export { resolveActor } from "./request-actor.js";
export { authRoutes } from "./routes.js";
export { createSession, sessionCookieName } from "./sessions.js";
export { createConsoleSignInLink, isPlausibleEmail } from "./sign-in.js";
export { ensureSiteAdmin } from "./site-admin.js";
export type { AccountTables, AuthTables } from "./tables.js";
