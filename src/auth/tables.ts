import type { Generated } from "kysely";

/** The `api_tokens` table: only the SHA-256 of a token is kept. */
export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  role: string;
  forum_id: string | null;
  token_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface AuthTables {
  api_tokens: ApiTokensTable;
}

/** The `users` table: people with an account. E-mail addresses are stored lower-cased. */
export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  honorific: Generated<string>;
  organisation: Generated<string>;
  stakeholder_group: string | null;
  country: string | null;
  preferred_language: Generated<string>;
  time_zone: string | null;
  is_site_admin: Generated<boolean>;
  email_verified_at: Date | null;
  last_signed_in_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The `sign_in_links` table: one-time links (and their six-digit codes), kept only as hashes. */
export interface SignInLinksTable {
  id: Generated<string>;
  email: string;
  purpose: "sign_in" | "register";
  token_hash: string;
  code_hash: string;
  next_path: Generated<string>;
  request_ip: string | null;
  code_attempts: Generated<number>;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

/** The `sessions` table, keyed by the hash of the cookie's value. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  user_agent: Generated<string>;
  ip: string | null;
}

/** The `forum_roles` table: who holds which role in which forum. */
export interface ForumRolesTable {
  forum_id: string;
  user_id: string;
  role: string;
  granted_at: Generated<Date>;
  granted_by: string | null;
}

export interface AccountTables {
  users: UsersTable;
  sign_in_links: SignInLinksTable;
  sessions: SessionsTable;
  forum_roles: ForumRolesTable;
}
