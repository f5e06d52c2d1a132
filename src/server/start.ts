// Starting and stopping the server process: open and migrate the database, build the app, listen, and on
// SIGTERM stop accepting, finish what is in flight, then close the database (releasing the data folder).
import type { FastifyInstance } from "fastify";
import type { AppDatabase } from "../db/database.js";
import { migrateToLatest } from "../db/migrate.js";
import { buildApp } from "./app.js";
import type { Config } from "./config.js";
import { runFirstStart } from "./first-start.js";
import { openConfiguredDatabase } from "./open-database.js";

// Offered here too for the command line, which starts the server as well; a domain's command imports it from
// open-database.ts, which does not load the app.
export { openConfiguredDatabase };

export interface RunningServer {
  app: FastifyInstance;
  database: AppDatabase;
  url: string;
  stop(): Promise<void>;
}

/** Starts Intersession and returns once it listens. */
export async function startServer(
  config: Config,
  log: (line: string) => void = console.log,
): Promise<RunningServer> {
  const database = await openConfiguredDatabase(config);
  let app: FastifyInstance | undefined;
  try {
    await migrateToLatest(database.db);
    const app_ = await buildApp({ config, database });
    app = app_;
    const address = await app_.listen({ port: config.port, host: config.host });
    const port = Number(new URL(address).port);
    // With --port 0 the real port is known only now; links in mail must use it.
    const url =
      config.publicUrl === `http://localhost:${config.port}` ? `http://localhost:${port}` : config.publicUrl;
    app_.services.config.publicUrl = url;
    await runFirstStart({ config, database, log, app: app_, url });
    await app_.services.jobs.start();
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await app_.close();
        await app_.services.jobs.stop();
        await database.close();
      })();
      return stopping;
    };
    return { app: app_, database, url, stop };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
