import type { Generated } from "kysely";

export type ContactKind = "person" | "organisation";

/** The `contacts` table: people and organisations a forum asks for contributions. */
export interface ContactsTable {
  id: Generated<string>;
  forum_id: string;
  kind: Generated<ContactKind>;
  /** The organisation (a contact of kind "organisation") a person belongs to. */
  organisation_id: string | null;
  honorific: Generated<string>;
  name: string;
  role: Generated<string>;
  /** A code of `geo/` STAKEHOLDER_GROUPS. */
  stakeholder_group: string | null;
  /** ISO 3166-1 alpha-2; region, sub-region and development status are derived from it by `geo/`. */
  country: string | null;
  /** Seen only by the secretariat; null when the forum has no address yet (a gap). */
  email: string | null;
  /** Addresses of contacts merged into this one that had their own (secretariat only; history finds them). */
  other_emails: Generated<string[]>;
  tags: Generated<string[]>;
  notes: Generated<string>;
  opted_out: Generated<boolean>;
  /** The NRI (national, regional or youth IGF initiative) this contact is a focal point of. */
  nri_id: string | null;
  added_by: string | null;
  added_by_label: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The `contact_gaps` table: a member looking for a contact's missing address, until it is filled. */
export interface ContactGapsTable {
  id: Generated<string>;
  forum_id: string;
  contact_id: string;
  assignee_id: string;
  assignee_label: Generated<string>;
  due_date: string | null;
  created_at: Generated<Date>;
  closed_at: Date | null;
}

/** The `contact_settings` table: whether the forum lets members manage contacts beside the secretariat. */
export interface ContactSettingsTable {
  forum_id: string;
  members_manage: Generated<boolean>;
  updated_at: Generated<Date>;
}

export type NriScope = "national" | "regional" | "youth";

/** The `contact_nris` table: national, regional and youth IGF initiatives; their focal points are contacts. */
export interface ContactNrisTable {
  id: Generated<string>;
  forum_id: string;
  name: string;
  scope: NriScope;
  /** The initiative's country (national and youth ones); null for a regional initiative. */
  country: string | null;
  website: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type ContactEventKind = "invited" | "reminded" | "announced" | "opted_out" | "merged";

/** The `contact_events` table: what outreach did with a contact (contributions and bounces are read live). */
export interface ContactEventsTable {
  id: Generated<string>;
  forum_id: string;
  contact_id: string;
  kind: ContactEventKind;
  /** The cycle's year of a call or reminder, an announcement's subject, a merged contact's name. */
  detail: Generated<string>;
  /** The outbox row of the message, whose delivery status tells a bounce. */
  mail_id: string | null;
  at: Generated<Date>;
}

/** The tables the contacts folder owns. */
export interface ContactTables {
  contacts: ContactsTable;
  contact_gaps: ContactGapsTable;
  contact_settings: ContactSettingsTable;
  contact_nris: ContactNrisTable;
  contact_events: ContactEventsTable;
}
