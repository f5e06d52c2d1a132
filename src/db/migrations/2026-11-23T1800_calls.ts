import { type Kysely, sql } from "kysely";

/** Calls for contributions, questionnaires (drafts per variant, frozen versions), recipients, reminders, comments. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE questionnaires (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL UNIQUE REFERENCES cycles(id) ON DELETE CASCADE,
      original_language text NOT NULL DEFAULT 'en',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Each variant (the base one included) holds its own working draft; variants are copied from another one,
  // so shared questions keep their ids.
  await sql`
    CREATE TABLE questionnaire_variants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
      key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
      name jsonb NOT NULL DEFAULT '{}',
      audience jsonb NOT NULL DEFAULT '{}',
      derived_from text,
      sections jsonb NOT NULL DEFAULT '[]',
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (questionnaire_id, key)
    )`.execute(db);
  await sql`
    CREATE TABLE questionnaire_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
      variant_key text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      content jsonb NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now(),
      published_by text,
      UNIQUE (questionnaire_id, variant_key, version)
    )`.execute(db);
  await sql`
    CREATE TABLE calls (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      cycle_id uuid NOT NULL UNIQUE REFERENCES cycles(id) ON DELETE CASCADE,
      texts jsonb NOT NULL DEFAULT '{}',
      reading jsonb NOT NULL DEFAULT '[]',
      guidance jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE call_recipients (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      call_id uuid NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      email text NOT NULL,
      name text NOT NULL DEFAULT '',
      organisation text NOT NULL DEFAULT '',
      stakeholder_group text NOT NULL DEFAULT '',
      country text NOT NULL DEFAULT '',
      language text,
      tags text[] NOT NULL DEFAULT ARRAY[]::text[],
      unsubscribed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (call_id, email)
    )`.execute(db);
  await sql`CREATE INDEX call_recipients_forum_email ON call_recipients (forum_id, email)`.execute(db);
  await sql`
    CREATE TABLE call_reminders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      call_id uuid NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
      run_at timestamptz NOT NULL,
      tag text,
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sent', 'cancelled')),
      sent_count integer NOT NULL DEFAULT 0,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`.execute(db);
  await sql`
    CREATE TABLE call_sends (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      call_id uuid NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
      recipient_id uuid NOT NULL REFERENCES call_recipients(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('call', 'reminder')),
      reminder_id uuid REFERENCES call_reminders(id) ON DELETE SET NULL,
      mail_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX call_sends_recipient ON call_sends (recipient_id, created_at)`.execute(db);
  // Generic comments on anything with an anchor inside it (a question of a questionnaire, a paragraph of a draft).
  await sql`
    CREATE TABLE comments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      target_type text NOT NULL,
      target_id text NOT NULL,
      anchor text NOT NULL DEFAULT '',
      author_id uuid REFERENCES users(id) ON DELETE SET NULL,
      author_label text NOT NULL,
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      parent_id uuid REFERENCES comments(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolved_by text
    )`.execute(db);
  await sql`CREATE INDEX comments_target ON comments (target_type, target_id, anchor, created_at)`.execute(
    db,
  );
}
