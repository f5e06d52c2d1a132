// A contact's fields as people type them (a form, an API body, an imported row), checked and normalised in one
// place so every way in refuses the same things with the same messages.
import { isPlausibleEmail } from "../../auth/index.js";
import { isCountryCode, isStakeholderGroup } from "../../geo/countries.js";
import type { FieldErrors } from "../../server/errors.js";
import type { ContactKind } from "../tables.js";

/** A contact's fields as typed; absent means "not given". */
export interface ContactInput {
  kind?: string;
  organisation_id?: string | null;
  /** The NRI the contact is a focal point of. */
  nri_id?: string | null;
  honorific?: string;
  name?: string;
  role?: string;
  stakeholder_group?: string | null;
  country?: string | null;
  email?: string | null;
  /** Comma-separated in forms and files; an array in the API. */
  tags?: string | readonly string[];
  notes?: string;
  opted_out?: boolean | string;
}

/** A contact's fields checked and normalised. */
export interface ContactValues {
  kind: ContactKind;
  organisation_id: string | null;
  nri_id: string | null;
  honorific: string;
  name: string;
  role: string;
  stakeholder_group: string | null;
  country: string | null;
  email: string | null;
  tags: string[];
  notes: string;
  opted_out: boolean;
}

const GROUP_ALIASES: Record<string, string> = {
  government: "government",
  governments: "government",
  "civil society": "civil_society",
  "private sector": "private_sector",
  business: "private_sector",
  "technical community": "technical_community",
  technical: "technical_community",
  intergovernmental: "intergovernmental",
  "intergovernmental organisation": "intergovernmental",
  "intergovernmental organization": "intergovernmental",
  academia: "academia",
};

/** A stakeholder group from its code or its English name, or null. */
export function parseGroup(text: string): string | null {
  const t = text.trim().toLowerCase();
  if (isStakeholderGroup(t)) return t;
  return GROUP_ALIASES[t.replace(/_/g, " ")] ?? null;
}

/** Tags from a comma- or semicolon-separated text or a list: trimmed, lower-cased, without duplicates. */
export function parseTags(tags: string | readonly string[] | undefined): string[] {
  const list = typeof tags === "string" ? tags.split(/[,;|]/) : [...(tags ?? [])];
  return [...new Set(list.map((t) => t.trim().toLowerCase().slice(0, 60)).filter(Boolean))].slice(0, 30);
}

function truthy(value: boolean | string | undefined): boolean {
  if (typeof value === "boolean") return value;
  return ["1", "true", "yes", "on", "y"].includes((value ?? "").trim().toLowerCase());
}

/** Checks a contact's fields; returns the values, or the field errors as catalogue keys. */
export function checkContact(
  input: ContactInput,
): { values: ContactValues; errors?: undefined } | { values?: undefined; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kindText = (input.kind ?? "").trim() || "person";
  const kind = kindText === "organisation" || kindText === "organization" ? "organisation" : "person";
  if (kindText !== "person" && kind !== "organisation") errors.kind = "contacts.error.kind";
  const name = (input.name ?? "").trim().replace(/\s+/g, " ");
  if (!name) errors.name = "contacts.error.name";
  else if (name.length > 300) errors.name = "contacts.error.nameLong";
  const groupText = (input.stakeholder_group ?? "").trim();
  const group = groupText ? parseGroup(groupText) : null;
  if (groupText && !group) errors.stakeholder_group = "contacts.error.group";
  const countryText = (input.country ?? "").trim().toUpperCase();
  const country = countryText || null;
  if (country && !isCountryCode(country)) errors.country = "contacts.error.country";
  const emailText = (input.email ?? "").trim();
  const email = emailText || null;
  if (email && !isPlausibleEmail(email)) errors.email = "contacts.error.email";
  if (Object.keys(errors).length) return { errors };
  return {
    values: {
      kind,
      organisation_id: kind === "person" ? (input.organisation_id ?? "").trim() || null : null,
      nri_id: (input.nri_id ?? "").trim() || null,
      honorific: (input.honorific ?? "").trim().slice(0, 40),
      name,
      role: (input.role ?? "").trim().slice(0, 300),
      stakeholder_group: group,
      country,
      email,
      tags: parseTags(input.tags),
      notes: (input.notes ?? "").trim().slice(0, 5000),
      opted_out: truthy(input.opted_out),
    },
  };
}
