// Builds the application on a test database for `app.inject` requests, with a clock the test controls.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Engine } from "../db/database.js";
import { buildApp } from "../server/app.js";
import { type Config, parseConfig } from "../server/config.js";
import { createTestDatabase, type TestDatabase } from "./databases.js";

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  /** Moves the server's clock; undefined returns it to real time. */
  setNow(at: Date | undefined): void;
  close(): Promise<void>;
}

/** A test configuration: a temporary data folder, no demo, quiet logs, no submission limits (their own test sets them). */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = mkdtempSync(join(tmpdir(), "intersession-test-"));
  return {
    ...parseConfig({
      INTERSESSION_DATA: dataDir,
      INTERSESSION_DEMO: "false",
      LOG_LEVEL: "silent",
      CONTRIBUTION_LIMIT_PER_IP: "100000",
      CONTRIBUTION_LIMIT_PER_ADDRESS: "100000",
    }),
    ...overrides,
  };
}

/** Starts an app (not listening) on a fresh database of the given engine. */
export async function createTestApp(engine: Engine, overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const config = testConfig(overrides);
  let now: Date | undefined;
  const app = await buildApp({ config, database, logger: false, clock: () => now ?? new Date() });
  await app.ready();
  return {
    app,
    database,
    config,
    setNow: (at) => {
      now = at;
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
