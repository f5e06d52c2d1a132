// The `intersession` command line: serve (the default), migrate, token create. Every command accepts
// --data DIR (or DATABASE_URL) and explains failures in words a person can act on.
import { Command, InvalidArgumentError, Option } from "commander";
import { createApiToken, isForumRole } from "../auth/index.js";
import { PgToolError } from "../backup/index.js";
import { addCampaignsCommand } from "../campaigns/index.js";
import { addImportContributionsCommand } from "../contributions/index.js";
import { DataFolderLockedError } from "../db/data-lock.js";
import { migrateToLatest, NewerSchemaError } from "../db/migrate.js";
import { forumBySlug } from "../forums/index.js";
import { addImportMeetingCommand } from "../meetings/index.js";
import { ConfigError, type ConfigOverrides, parseConfig } from "../server/config.js";
import { openConfiguredDatabase, startServer } from "../server/start.js";
import { addBackupCommands } from "./backup.js";
import { addPrivacyCommands } from "./privacy.js";

/** An error whose message is meant for the person at the terminal, shown without a stack trace. */
export class CliError extends Error {}

interface GlobalOptions {
  data?: string;
}

function configFrom(options: GlobalOptions & { port?: string; demo?: boolean }) {
  const overrides: ConfigOverrides = {};
  if (options.data) overrides.dataDir = options.data;
  if (options.port) overrides.port = options.port;
  if (options.demo === false) overrides.demo = "false";
  return parseConfig(process.env, overrides);
}

const dataOption = () =>
  new Option("--data <dir>", "data folder of the embedded database (default ./data, or INTERSESSION_DATA)");

async function serve(options: GlobalOptions & { port?: string; demo?: boolean }) {
  const config = configFrom(options);
  const server = await startServer(config);
  const where =
    server.database.engine === "pglite"
      ? `embedded database in ${server.database.location}`
      : server.database.location;
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    console.log(`Received ${signal}: finishing requests in flight, then stopping.`);
    server.stop().then(
      () => process.exit(0),
      (error) => {
        console.error("Shutdown failed:", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  // Announced only once the handlers are in place: whoever reads this line may send SIGTERM at once.
  console.log(`Intersession is running at ${server.url} (${where}). Press Ctrl+C to stop.`);
}

async function migrate(options: GlobalOptions) {
  const config = configFrom(options);
  const database = await openConfiguredDatabase(config);
  try {
    const applied = await migrateToLatest(database.db);
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s):\n  ${applied.join("\n  ")}`
        : "The database is up to date.",
    );
  } finally {
    await database.close();
  }
}

async function tokenCreate(options: GlobalOptions & { role: string; name: string; forum?: string }) {
  const role = options.role;
  if (role !== "admin" && !isForumRole(role)) {
    throw new CliError(
      `Unknown role “${role}”. Use admin, secretariat, facilitator, lead_expert, moderator, member or nri_focal_point.`,
    );
  }
  if (role === "admin" && options.forum) {
    throw new CliError(
      "An admin token acts on the whole site; leave out --forum, or use --role secretariat for one forum.",
    );
  }
  const config = configFrom(options);
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database.db);
    let forumId: string | null = null;
    if (options.forum) {
      const forum = await forumBySlug(database.db, options.forum);
      if (!forum)
        throw new CliError(
          `There is no forum with the slug “${options.forum}”. Check the spelling, or create the forum first.`,
        );
      forumId = forum.id;
    }
    const { token } = await createApiToken(database.db, { name: options.name, role, forumId });
    console.log(
      `Created API token “${options.name}” with role ${role}${options.forum ? ` in forum ${options.forum}` : " in every forum"}.`,
    );
    console.log("Keep it safe: it is shown only this once. Send it as “Authorization: Bearer <token>”.");
    console.log(token);
  } finally {
    await database.close();
  }
}

const nonEmpty = (label: string) => (value: string) => {
  if (!value.trim()) throw new InvalidArgumentError(`${label} must not be empty.`);
  return value.trim();
};

/** Builds the command-line program. */
export function buildProgram(): Command {
  const program = new Command("intersession")
    .description("Intersession: the workspace for multistakeholder forums.")
    .showHelpAfterError("(run with --help for usage)");

  program
    .command("serve", { isDefault: true })
    .description("start the web server (the default command)")
    .addOption(dataOption())
    .option("-p, --port <port>", "HTTP port (default 3000, or PORT)")
    .option("--no-demo", "do not create the demo forum on a fresh embedded database")
    .action(serve);

  program
    .command("migrate")
    .description("bring the database schema up to date")
    .addOption(dataOption())
    .action(migrate);

  const token = program.command("token").description("manage API tokens");
  token
    .command("create")
    .description("create an API token; the token alone is printed on the last line")
    .requiredOption(
      "--role <role>",
      "admin, secretariat, facilitator, lead_expert, moderator, member or nri_focal_point",
    )
    .requiredOption("--name <name>", "what the token is for, e.g. “import script”", nonEmpty("--name"))
    .option("--forum <slug>", "limit the token to one forum")
    .addOption(dataOption())
    .action(tokenCreate);

  addImportMeetingCommand(program, (message) => new CliError(message));
  addImportContributionsCommand(program);
  addCampaignsCommand(program);
  addBackupCommands(program, (message) => new CliError(message));
  addPrivacyCommands(program, (message) => new CliError(message));
  return program;
}

/** Runs the program and turns known failures into one readable line and exit code 1. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (
      error instanceof CliError ||
      error instanceof ConfigError ||
      error instanceof DataFolderLockedError ||
      error instanceof NewerSchemaError ||
      error instanceof PgToolError
    ) {
      console.error(`intersession: ${error.message}`);
    } else if (error instanceof Error && "code" in error && error.code === "ECONNREFUSED") {
      console.error(
        `intersession: cannot reach the database server (${error.message}). Is PostgreSQL running, and is DATABASE_URL right?`,
      );
    } else if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      console.error(
        `intersession: the port is already in use (${error.message}). Choose another with --port or PORT.`,
      );
    } else {
      console.error("intersession: unexpected error:", error);
    }
    process.exitCode = 1;
  }
}
