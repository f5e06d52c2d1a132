// What a suggestion run keeps: its groups and each contribution's terms, with references so the page needs
// no further lookups.
import type { ScoredTerm } from "./keyphrases.js";

/** A contribution as a suggestion names it. */
export interface SuggestedContribution {
  id: string;
  reference: string | null;
}

/** What a finished run found. */
export interface StoredSuggestions {
  clusters: {
    terms: ScoredTerm[];
    members: (SuggestedContribution & { similarity: number; terms: string[] })[];
  }[];
  documents: (SuggestedContribution & { terms: ScoredTerm[] })[];
}
