// What happens on every start after migrations: make sure the site has an administrator (printing a
// one-time sign-in link until they have signed in once), and on a fresh embedded database, the demo forum.
// Each step is idempotent.
import type { FastifyInstance } from "fastify";
import { createConsoleSignInLink, ensureSiteAdmin } from "../auth/index.js";
import type { AppDatabase } from "../db/database.js";
import { DEMO_SLUG, forumBySlug, seedDemoForum } from "../forums/index.js";
import type { Config } from "./config.js";
import { getSetting, setSetting } from "./settings.js";

export interface FirstStartContext {
  config: Config;
  database: AppDatabase;
  app: FastifyInstance;
  /** The address the server listens on, for the printed link. */
  url: string;
  log: (line: string) => void;
}

/** Runs the start-up steps in order. */
export async function runFirstStart(ctx: FirstStartContext): Promise<void> {
  const { database, config, app } = ctx;
  const { user } = await ensureSiteAdmin(database.db, config.adminEmail);
  if (!user.last_signed_in_at) {
    const link = await createConsoleSignInLink(
      { db: database.db, now: app.services.clock(), publicUrl: ctx.url, secret: app.services.secret },
      user.email,
    );
    ctx.log(
      `Sign in as the site administrator (${user.email}) with this one-time link, valid 24 hours:\n  ${link}`,
    );
  }
  // The demo forum belongs to the embedded default only: a PostgreSQL deployment starts clean.
  if (!config.databaseUrl && config.demo && !(await getSetting(database.db, "demo_seeded"))) {
    if (!(await forumBySlug(database.db, DEMO_SLUG))) {
      await seedDemoForum(database.db, app.services.clock());
      ctx.log(`Created the demo forum: ${ctx.url}/f/${DEMO_SLUG}`);
    }
    await setSetting(database.db, "demo_seeded", new Date().toISOString());
  }
}
