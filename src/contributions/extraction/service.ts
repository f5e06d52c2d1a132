// The background job that reads a stored file's text (src/files' extractInWorker: its own thread, memory
// and time limits), stores it, and refreshes the contribution's search text and language.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { inTransaction } from "../../db/transaction.js";
import { extractInWorker } from "../../files/extract-worker.js";
import type { DetectedType } from "../../files/limits.js";
import type { JobOf } from "../../jobs/queue.js";
import { selectContribution, selectFile, selectFiles, updateContribution, updateFile } from "../queries.js";
import { searchTextOf } from "../service.js";
import type { FileStore } from "../storage.js";
import { textChanged } from "../text-hooks.js";

/** Runs one extraction job: `{ fileId }`. A file that cannot be read is marked failed, not retried. */
export function extractionHandler(deps: { db: Kysely<Database>; store: FileStore; timeoutMs?: number }) {
  return async (job: JobOf<"contributions.extract">): Promise<void> => {
    const { db, store } = deps;
    const { fileId } = job.payload;
    const file = await selectFile(db, fileId);
    if (!file || file.extraction_status === "done") return;
    const bytes = await store.get(file.sha256);
    if (!bytes) throw new Error(`Stored bytes of ${file.file_name} (${file.sha256}) are missing.`);
    const result = await extractInWorker(
      { bytes, detectedType: file.detected_type as DetectedType, fileName: file.file_name },
      { timeoutMs: deps.timeoutMs ?? 30_000, maxMemoryMb: 256 },
    );
    await inTransaction(db, async (trx) => {
      await updateFile(
        trx,
        file.id,
        result.ok
          ? {
              extraction_status: "done",
              extracted_text: result.extraction.text,
              language: result.extraction.language,
              extraction_error: null,
            }
          : { extraction_status: "failed", extraction_error: result.message },
      );
      const contribution = await selectContribution(trx, file.contribution_id, true);
      if (!contribution) return;
      const files = await selectFiles(trx, contribution.id);
      const main = files.find((f) => f.role === "main" && f.language) ?? files.find((f) => f.language);
      const updated = await updateContribution(trx, contribution.id, {
        search_text: searchTextOf(contribution, files),
        language: contribution.language ?? main?.language ?? null,
      });
      // The file's text is new (or gone, when it failed): excerpts coded in it are found again now.
      await textChanged(trx, updated, new Date());
    });
  };
}
