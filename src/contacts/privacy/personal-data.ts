// Contacts' part of a data subject request (see privacy/): the export is the contact lists' own, with each
// contact's history; the erase deletes the person's contacts and their traces in others' notes.
import type { PersonalDataProvider } from "../../db/personal-data.js";
import { contactNamesByEmail, eraseContactsOf } from "../personal-data-queries.js";
import { exportContactData } from "./service.js";

/** Contacts' provider for privacy/: export with history, erase in the caller's transaction. */
export const contactsPersonalData: PersonalDataProvider = {
  domain: "contacts",
  names: contactNamesByEmail,
  async exportData({ db, subject }) {
    const { contacts } = await exportContactData({ db, email: subject.email });
    return { records: { contacts } };
  },
  erase: eraseContactsOf,
};
