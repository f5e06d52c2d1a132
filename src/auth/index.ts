// used by reading
export type { Actor, ForumRole } from "./actor.js";
export { forumRolesOf } from "./policy.js";
export { findUserById, selectForumPeople } from "./users.js";
