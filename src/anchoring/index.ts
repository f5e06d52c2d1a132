// Text anchors, shared by the analysis workspace's excerpts and the output document's comments: make one
// from a selection, find it again in a changed text.
export {
  type AnchorConfidence,
  type AnchorMatch,
  anchorFor,
  CONTEXT_LENGTH,
  FUZZY_ERROR_RATIO,
  FUZZY_MIN_LENGTH,
  reanchor,
  type TextAnchor,
  wordEdges,
} from "./anchor.js";
