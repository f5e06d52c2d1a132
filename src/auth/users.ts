// People and their forum roles, as other folders have reached them so far. The SQL lives in queries.ts; this
// module goes once every folder imports these through auth/index.ts.
export {
  countRoleHolders,
  deleteForumRole,
  findUserByEmail,
  findUserById,
  findUsersByIds,
  insertForumRole,
  insertUser,
  normaliseEmail,
  selectForumPeople,
  selectForumRoles,
  type UserRow,
  updateUser,
} from "./queries.js";
