// Vitest's global setup for the reliability run: starts a fresh collection of figures, and prints them as one
// block once every file has run.
import { clearFigures, readFigures, summaryBlock } from "./figures.js";

/** Clears last run's figures; the returned teardown prints this run's. */
export default function setup(): () => void {
  clearFigures();
  return () => {
    console.log(summaryBlock(readFigures()));
  };
}
