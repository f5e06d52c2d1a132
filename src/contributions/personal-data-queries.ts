// A person's contributions and their files, for a data subject request (see privacy/). What they agreed to
// publish stays published, without their name, organisation or address; everything else is deleted.
import { sql } from "kysely";
import {
  ERASED_LABEL,
  needlePattern,
  type PersonalDataProvider,
  type PersonalDataSubject,
} from "../db/personal-data.js";
import { searchTextOf } from "./service.js";
import { fileStoreFor, removeStoredFiles } from "./storage.js";

const lowerEmail = sql<string>`lower(email)`;

/** Files of deleted contributions, removed from the disk once the erase has committed. */
const filesToRemove = new WeakMap<PersonalDataSubject, string[]>();

/** Contributions' part of a data subject request. */
export const contributionsPersonalData: PersonalDataProvider = {
  domain: "contributions",
  async names(db, email) {
    const rows = await db
      .selectFrom("contributions")
      .select("contributor_name")
      .distinct()
      .where(lowerEmail, "=", email)
      .where("contributor_name", "<>", "")
      .execute();
    return rows.map((r) => r.contributor_name);
  },
  async exportData({ db, dataDir, subject }) {
    const contributions = (
      await db.selectFrom("contributions").selectAll().where(lowerEmail, "=", subject.email).execute()
    ).map(({ search_vector: _vector, search_text: _text, request_hash: _hash, ...row }) => row);
    const ids = contributions.map((c) => c.id);
    const files = ids.length
      ? await db
          .selectFrom("contribution_files")
          .select(["id", "contribution_id", "role", "position", "file_name", "size", "media_type", "sha256"])
          .select(["extracted_text", "created_at"])
          .where("contribution_id", "in", ids)
          .execute()
      : [];
    const store = fileStoreFor(dataDir);
    const bytes: { name: string; bytes: Uint8Array }[] = [];
    for (const file of files) {
      const content = await store.get(file.sha256);
      if (content)
        bytes.push({ name: `${file.contribution_id}/${file.position}-${file.file_name}`, bytes: content });
    }
    return { records: { contributions, contribution_files: files }, files: bytes };
  },
  async erase({ db, subject }) {
    const pattern = needlePattern(subject);
    const mine = db.selectFrom("contributions").select("id").where(lowerEmail, "=", subject.email);
    const unpublished = mine.where("status", "<>", "published");
    const files = await db
      .selectFrom("contribution_files")
      .select("sha256")
      .where("contribution_id", "in", unpublished)
      .execute();
    await db.deleteFrom("contribution_api_requests").where("contribution_id", "in", mine).execute();
    const deleted = await db
      .deleteFrom("contributions")
      .where(lowerEmail, "=", subject.email)
      .where("status", "<>", "published")
      .executeTakeFirst();
    const keptIds = (
      await db.selectFrom("contributions").select("id").where(lowerEmail, "=", subject.email).execute()
    ).map((r) => r.id);
    const scrub = (column: string) =>
      sql<string>`regexp_replace(${sql.ref(column)}, ${pattern}, ${ERASED_LABEL}, 'gi')`;
    const kept = await db
      .updateTable("contributions")
      .set({
        contributor_name: "",
        honorific: "",
        organisation: "",
        email: "",
        email_verified_at: null,
        consent: "anonymous",
        body_text: scrub("body_text"),
        answers: sql`regexp_replace(answers::text, ${pattern}, ${ERASED_LABEL}, 'gi')::jsonb`,
      })
      .where(lowerEmail, "=", subject.email)
      .executeTakeFirst();
    // The kept contributions' files keep their documents; names in their file names and text go.
    await db
      .updateTable("contribution_files")
      .set({ file_name: scrub("file_name"), extracted_text: scrub("extracted_text") })
      .where((eb) => eb.or([eb("file_name", "~*", pattern), eb("extracted_text", "~*", pattern)]))
      .execute();
    // The search text is made again from what stays, so the old name and organisation are not found.
    for (const id of keptIds) {
      const row = await db
        .selectFrom("contributions")
        .select(["contributor_name", "organisation", "body_text", "answers", "reference", "consent"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      const rowFiles = await db
        .selectFrom("contribution_files")
        .select(["file_name", "extracted_text"])
        .where("contribution_id", "=", id)
        .execute();
      await db
        .updateTable("contributions")
        .set({ search_text: searchTextOf(row, rowFiles) })
        .where("id", "=", id)
        .execute();
    }
    // A file shared with a contribution that stays (the same document sent twice) stays on the disk.
    const stillUsed = new Set(
      (
        await db
          .selectFrom("contribution_files")
          .select("sha256")
          .where("sha256", "in", files.length ? files.map((f) => f.sha256) : [""])
          .execute()
      ).map((f) => f.sha256),
    );
    filesToRemove.set(
      subject,
      files.map((f) => f.sha256).filter((sha) => !stillUsed.has(sha)),
    );
    return {
      contributions_deleted: Number(deleted.numDeletedRows),
      contributions_anonymised: Number(kept.numUpdatedRows),
    };
  },
  async afterErase({ dataDir, subject }) {
    await removeStoredFiles(dataDir, filesToRemove.get(subject) ?? []);
    filesToRemove.delete(subject);
  },
};
