import { type Kysely, sql } from "kysely";

/**
 * A forum's contacts: the people and organisations it asks for contributions, with their stakeholder group and
 * country (region and development status are derived from the country), an address that may be missing, and
 * the gaps members volunteer to fill. `contact_settings` holds the forum's choice of whether members may manage
 * contacts beside the secretariat.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organisation')),
      organisation_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
      honorific text NOT NULL DEFAULT '',
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
      role text NOT NULL DEFAULT '',
      stakeholder_group text,
      country text CHECK (country IS NULL OR country ~ '^[A-Z]{2}$'),
      email text,
      tags text[] NOT NULL DEFAULT '{}',
      notes text NOT NULL DEFAULT '',
      opted_out boolean NOT NULL DEFAULT false,
      added_by uuid,
      added_by_label text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX contacts_forum_email ON contacts (forum_id, lower(email)) WHERE email IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX contacts_forum_name ON contacts (forum_id, name)`.execute(db);
  await sql`
    CREATE TABLE contact_gaps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      assignee_id uuid NOT NULL,
      assignee_label text NOT NULL DEFAULT '',
      due_date text CHECK (due_date IS NULL OR due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX contact_gaps_open ON contact_gaps (contact_id) WHERE closed_at IS NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE contact_settings (
      forum_id uuid PRIMARY KEY REFERENCES forums(id) ON DELETE CASCADE,
      members_manage boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
