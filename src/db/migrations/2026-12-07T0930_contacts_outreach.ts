import { type Kysely, sql } from "kysely";

/**
 * Contacts grow an NRI registry (national, regional and youth IGF initiatives, whose focal points are contacts),
 * a history per contact (invited, reminded, announced, opted out, merged: what outreach did), and reminders a
 * filter of contacts instead of only a tag. Existing call recipients become contacts (one per address and forum,
 * the latest details kept), and what was sent to them becomes their history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE contact_nris (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
      scope text NOT NULL CHECK (scope IN ('national', 'regional', 'youth')),
      country text CHECK (country IS NULL OR country ~ '^[A-Z]{2}$'),
      website text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX contact_nris_forum_name ON contact_nris (forum_id, lower(name))`.execute(db);
  await sql`ALTER TABLE contacts ADD COLUMN nri_id uuid REFERENCES contact_nris(id) ON DELETE SET NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE contact_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      forum_id uuid NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('invited', 'reminded', 'announced', 'opted_out', 'merged')),
      detail text NOT NULL DEFAULT '',
      mail_id uuid,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX contact_events_contact ON contact_events (contact_id, at)`.execute(db);
  await sql`ALTER TABLE call_reminders ADD COLUMN audience jsonb`.execute(db);
  await recipientsToContacts(db);
}

/**
 * Call recipients become contacts: organisations named by recipients first, then one person per address and
 * forum (its latest details; opted out if any of its rows unsubscribed), then its sends as history. Mailing-list
 * subscribers (tagged "list") are members, not contacts. Running it again adds nothing twice.
 */
export async function recipientsToContacts(db: Kysely<unknown>): Promise<void> {
  await sql`
    INSERT INTO contacts (forum_id, kind, name, added_by_label)
    SELECT DISTINCT r.forum_id, 'organisation', left(btrim(r.organisation), 300), 'call recipients'
    FROM call_recipients r
    WHERE btrim(r.organisation) <> ''
      AND NOT ('list' = ANY(r.tags))
      AND NOT EXISTS (
        SELECT 1 FROM contacts c
        WHERE c.forum_id = r.forum_id AND c.kind = 'organisation' AND lower(c.name) = lower(btrim(r.organisation))
      )`.execute(db);
  await sql`
    INSERT INTO contacts (forum_id, kind, organisation_id, name, stakeholder_group, country, email, tags,
                          opted_out, added_by_label, created_at)
    SELECT DISTINCT ON (r.forum_id, lower(r.email))
      r.forum_id, 'person',
      (SELECT o.id FROM contacts o
        WHERE o.forum_id = r.forum_id AND o.kind = 'organisation' AND lower(o.name) = lower(btrim(r.organisation))
        ORDER BY o.created_at LIMIT 1),
      left(coalesce(nullif(btrim(r.name), ''), r.email), 300),
      nullif(r.stakeholder_group, ''),
      CASE WHEN r.country ~ '^[A-Z]{2}$' THEN r.country END,
      r.email,
      r.tags,
      EXISTS (SELECT 1 FROM call_recipients u
              WHERE u.forum_id = r.forum_id AND lower(u.email) = lower(r.email) AND u.unsubscribed_at IS NOT NULL),
      'call recipients',
      r.created_at
    FROM call_recipients r
    WHERE NOT ('list' = ANY(r.tags))
      AND NOT EXISTS (
        SELECT 1 FROM contacts c WHERE c.forum_id = r.forum_id AND lower(c.email) = lower(r.email)
      )
    ORDER BY r.forum_id, lower(r.email), r.created_at DESC`.execute(db);
  await sql`
    INSERT INTO contact_events (forum_id, contact_id, kind, detail, mail_id, at)
    SELECT r.forum_id, c.id, CASE s.kind WHEN 'call' THEN 'invited' ELSE 'reminded' END,
           cy.year::text, s.mail_id, s.created_at
    FROM call_sends s
    JOIN call_recipients r ON r.id = s.recipient_id
    JOIN calls ca ON ca.id = s.call_id
    JOIN cycles cy ON cy.id = ca.cycle_id
    JOIN contacts c ON c.forum_id = r.forum_id AND lower(c.email) = lower(r.email)
    WHERE NOT EXISTS (SELECT 1 FROM contact_events e WHERE e.contact_id = c.id AND e.mail_id = s.mail_id)`.execute(
    db,
  );
  await sql`
    INSERT INTO contact_events (forum_id, contact_id, kind, at)
    SELECT DISTINCT ON (c.id) c.forum_id, c.id, 'opted_out', r.unsubscribed_at
    FROM call_recipients r
    JOIN contacts c ON c.forum_id = r.forum_id AND lower(c.email) = lower(r.email)
    WHERE r.unsubscribed_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM contact_events e WHERE e.contact_id = c.id AND e.kind = 'opted_out')
    ORDER BY c.id, r.unsubscribed_at`.execute(db);
}
