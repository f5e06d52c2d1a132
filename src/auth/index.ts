// used by analysis
export { type Actor, actorLabel } from "./actor.js";
export { forumRolesOf, requireForumRole, requireSignedIn } from "./policy.js";
