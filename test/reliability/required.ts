// What a reliability test needs from the machine (PostgreSQL's programs, a tmpfs mount, the forum's seeds, a
// PostgreSQL server). Elsewhere a test without it is skipped with a printed reason; under CI (CI=true with
// TEST_RELIABILITY=true, as .ci/run sets them) nothing may be skipped: the test runs and fails, naming what is
// missing, so a green run means every part of the suite ran.

/** Whether this run is CI's reliability run, where a missing requirement is a failure, never a skip. */
export const strict = process.env.CI === "true" && process.env.TEST_RELIABILITY === "true";

/**
 * Whether a test needing something must be skipped: `missing` says what is absent (undefined when all is
 * there). Under CI it is never skipped (the test calls `demand` first and fails); elsewhere the reason is printed.
 */
export function skipWithout(missing: string | undefined, strictRun: boolean = strict): boolean {
  if (!missing) return false;
  if (strictRun) return false;
  console.warn(`BLOCKED, skipped: ${missing}`);
  return true;
}

/** Throws naming what is missing (the first line of a test that `skipWithout` kept under CI). */
export function demand(missing: string | undefined): void {
  if (missing)
    throw new Error(
      `Required by the reliability suite under CI (CI=true, TEST_RELIABILITY=true), but missing: ${missing}`,
    );
}
