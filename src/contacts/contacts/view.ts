// What a reader is shown of a contact: the address only for those who may read it (the secretariat), otherwise
// only whether one is on file; region, sub-region and development status derived from the country by `geo/`.
import { countryInfo, isCountryCode, type Region, type Subregion } from "../../geo/countries.js";
import type { ContactRow } from "../queries.js";

/** A contact as the reader may see it. */
export interface ContactView extends Omit<ContactRow, "email" | "other_emails"> {
  /** Present only for readers who see addresses. */
  email?: string | null;
  /** Addresses of contacts merged into this one; present only for readers who see addresses. */
  other_emails?: string[];
  has_address: boolean;
  region: Region | null;
  subregion: Subregion | null;
  ldc: boolean;
  lldc: boolean;
  sids: boolean;
  developing: boolean;
}

/** The contact as a reader sees it; the address is dropped here, before any page or JSON sees the row. */
export function viewContact(row: ContactRow, seesAddresses: boolean): ContactView {
  const { email, other_emails, ...rest } = row;
  const info = row.country && isCountryCode(row.country) ? countryInfo(row.country) : null;
  return {
    ...rest,
    ...(seesAddresses ? { email, other_emails } : {}),
    has_address: email !== null,
    region: info?.region ?? null,
    subregion: info?.subregion ?? null,
    ldc: info?.ldc ?? false,
    lldc: info?.lldc ?? false,
    sids: info?.sids ?? false,
    developing: info?.developing ?? false,
  };
}
