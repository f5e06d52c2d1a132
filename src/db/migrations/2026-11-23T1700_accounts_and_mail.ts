import { type Kysely, sql } from "kysely";

/** People, sign-in links, sessions, forum roles, the mail outbox and site settings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE settings (
      key text PRIMARY KEY,
      value text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (email = lower(email) AND position('@' in email) > 1),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      honorific text NOT NULL DEFAULT '',
      organisation text NOT NULL DEFAULT '',
      stakeholder_group text,
      country text CHECK (country ~ '^[A-Z]{2}$'),
      preferred_language text NOT NULL DEFAULT 'en',
      time_zone text,
      is_site_admin boolean NOT NULL DEFAULT false,
      email_verified_at timestamptz,
      last_signed_in_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email ON users (email)`.execute(db);
  await sql`
    CREATE TABLE sign_in_links (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('sign_in', 'register')),
      token_hash text NOT NULL UNIQUE,
      code_hash text NOT NULL,
      next_path text NOT NULL DEFAULT '/',
      request_ip text,
      code_attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX sign_in_links_email ON sign_in_links (email, created_at DESC)`.execute(db);
  await sql`CREATE INDEX sign_in_links_ip ON sign_in_links (request_ip, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE sessions (
      id_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      user_agent text NOT NULL DEFAULT '',
      ip text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user ON sessions (user_id)`.execute(db);
  await sql`
    CREATE TABLE forum_roles (
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('secretariat', 'facilitator', 'lead_expert', 'moderator', 'member', 'nri_focal_point')),
      granted_at timestamptz NOT NULL DEFAULT now(),
      granted_by uuid REFERENCES users(id) ON DELETE SET NULL,
      PRIMARY KEY (forum_id, user_id, role)
    )`.execute(db);
  await sql`CREATE INDEX forum_roles_user ON forum_roles (user_id)`.execute(db);
  await sql`
    CREATE TABLE mail_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid REFERENCES forums(id) ON DELETE SET NULL,
      kind text NOT NULL,
      to_address text NOT NULL,
      to_name text NOT NULL DEFAULT '',
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}',
      attachments jsonb NOT NULL DEFAULT '[]',
      bulk boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'outbox')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      message_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX mail_outbox_created ON mail_outbox (created_at DESC)`.execute(db);
  await sql`CREATE INDEX mail_outbox_to ON mail_outbox (to_address, created_at DESC)`.execute(db);
  await sql`CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC)`.execute(db);
}
