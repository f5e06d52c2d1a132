import type { ColumnType, Generated, GeneratedAlways } from "kysely";
import type { StoredSuggestions } from "./suggestions/stored.js";

export type CodeKind = "theme" | "section";
export type ExcerptSource = "body" | "file" | "answer";
export type AnchorStatus = "exact" | "moved" | "fuzzy" | "orphan";

/** The `analysis_codes` table: a cycle's codebook, themes (nested through `parent_id`) and output sections. */
export interface AnalysisCodesTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  kind: CodeKind;
  /** Unique within the cycle and kind, ignoring case. */
  name: string;
  description: Generated<string>;
  parent_id: string | null;
  /** Order among its siblings. */
  position: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The `analysis_excerpts` table: a coded stretch of a contribution's text, with its anchor. */
export interface AnalysisExcerptsTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  contribution_id: string;
  /** Which text: the typed body, a file's extracted text (`source_key` its id), an answer (its question id). */
  source: ExcerptSource;
  source_key: Generated<string>;
  quote: string;
  prefix: Generated<string>;
  suffix: Generated<string>;
  /** UTF-16 offsets in the text as it was last anchored (see src/anchoring). */
  start_offset: number;
  end_offset: number;
  /** How the anchor was last found; "orphan" when its text no longer holds it (it is kept, never dropped). */
  anchor_status: Generated<AnchorStatus>;
  proposal: Generated<boolean>;
  note: Generated<string>;
  coded_by: string | null;
  coded_by_label: Generated<string>;
  /** The language of the text it was coded in (ISO 639-1), which stems its search vector. */
  language: string | null;
  /** The quote and the note as searched (CJK characters spaced, see src/db/text-search.ts). */
  search_text: Generated<string>;
  /** Kept by PostgreSQL from `search_text` in the language's configuration; read by searches in SQL. */
  search_vector: GeneratedAlways<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The `analysis_excerpt_codes` table: which themes and sections an excerpt carries. */
export interface AnalysisExcerptCodesTable {
  excerpt_id: string;
  code_id: string;
}

/** The `analysis_suggestion_runs` table: a run of the theme-suggestion job, its progress and what it found. */
export interface AnalysisSuggestionRunsTable {
  id: Generated<string>;
  forum_id: string;
  cycle_id: string;
  status: Generated<"queued" | "running" | "done" | "failed">;
  /** Contributions to read, and read so far (the page's progress). */
  total: Generated<number>;
  done: Generated<number>;
  result: ColumnType<StoredSuggestions | null, string | null, string | null>;
  requested_by: string | null;
  error: Generated<string>;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface AnalysisTables {
  analysis_suggestion_runs: AnalysisSuggestionRunsTable;
  analysis_codes: AnalysisCodesTable;
  analysis_excerpts: AnalysisExcerptsTable;
  analysis_excerpt_codes: AnalysisExcerptCodesTable;
}
