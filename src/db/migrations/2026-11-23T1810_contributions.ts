import { type Kysely, sql } from "kysely";

/** Contributions to a cycle's call, their files, per-cycle reference sequences and settings, API idempotency. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE contribution_settings (
      cycle_id uuid PRIMARY KEY REFERENCES cycles(id) ON DELETE CASCADE,
      auto_publish boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // One row per cycle; the upsert that bumps it holds the row lock until commit, so references never repeat
  // and a rolled-back submission gives its number back.
  await sql`
    CREATE TABLE contribution_sequences (
      cycle_id uuid PRIMARY KEY REFERENCES cycles(id) ON DELETE CASCADE,
      last_number integer NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE contributions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
      number integer,
      reference text UNIQUE,
      status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'published', 'hidden', 'withdrawn')),
      status_reason text NOT NULL DEFAULT '',
      channel text NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'api', 'email', 'import', 'demo')),
      idempotency_key text UNIQUE,
      variant_key text NOT NULL DEFAULT 'base',
      questionnaire_version_id text,
      form_language text NOT NULL DEFAULT 'en',
      answers jsonb NOT NULL DEFAULT '{}',
      body_text text NOT NULL DEFAULT '',
      honorific text NOT NULL DEFAULT '',
      contributor_name text NOT NULL DEFAULT '',
      organisation text NOT NULL DEFAULT '',
      stakeholder_group text,
      country text,
      region text,
      email text NOT NULL DEFAULT '',
      email_verified_at timestamptz,
      consent text CHECK (consent IN ('with_name', 'anonymous')),
      licence text NOT NULL DEFAULT '',
      received_at timestamptz,
      received_source text NOT NULL DEFAULT 'server' CHECK (received_source IN ('server', 'mail_date', 'import')),
      timeliness text CHECK (timeliness IN ('on_time', 'guaranteed', 'late')),
      language text,
      search_text text NOT NULL DEFAULT '',
      is_sample boolean NOT NULL DEFAULT false,
      edit_count integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      submitted_at timestamptz,
      published_at timestamptz,
      UNIQUE (cycle_id, number)
    )`.execute(db);
  await sql`CREATE INDEX contributions_cycle_status ON contributions (cycle_id, status, received_at)`.execute(
    db,
  );
  await sql`CREATE INDEX contributions_email ON contributions (cycle_id, lower(email))`.execute(db);
  await sql`CREATE INDEX contributions_search ON contributions USING gin (to_tsvector('simple', search_text))`.execute(
    db,
  );
  await sql`
    CREATE TABLE contribution_files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contribution_id uuid NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
      role text NOT NULL DEFAULT 'main' CHECK (role IN ('main', 'appendix')),
      position integer NOT NULL DEFAULT 0,
      file_name text NOT NULL,
      size integer NOT NULL,
      detected_type text NOT NULL,
      media_type text NOT NULL,
      sha256 text NOT NULL,
      warnings jsonb NOT NULL DEFAULT '[]',
      extraction_status text NOT NULL DEFAULT 'pending' CHECK (extraction_status IN ('pending', 'done', 'failed')),
      extraction_error text,
      extracted_text text,
      language text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX contribution_files_contribution ON contribution_files (contribution_id, position)`.execute(
    db,
  );
  await sql`
    CREATE TABLE contribution_api_requests (
      idempotency_key text PRIMARY KEY,
      contribution_id uuid NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
      status_code integer NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
