// What other domains may use of auth. Anything not exported here is the auth folder's own business; the import
// rules (CODE_STYLE.md, `domain-entry`) refuse a reach into its other files.
export type { Actor, ForumRole } from "./actor.js";
export { checkCsrf } from "./csrf.js";
export { forumRolesOf, MANAGERS, requireForumRole } from "./policy.js";
export { isPlausibleEmail } from "./sign-in.js";
export { selectForumPeople } from "./users.js";
