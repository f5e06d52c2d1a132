// Configuration is read once, at start-up, from the environment and the command line's overrides, against
// one declarative schema. A wrong value stops the process with a message that names the variable.

/** The parsed configuration every part of the server receives. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  smtpUrl: string | undefined;
  mailFrom: string;
  adminEmail: string;
  demo: boolean;
  uploadMaxFiles: number;
  uploadMaxFileBytes: number;
  trustProxy: boolean;
  /** Seconds a request (headers and body) may take to arrive, file uploads excepted. */
  requestTimeoutSeconds: number;
  /** Seconds a request carrying file uploads may take to arrive. */
  uploadTimeoutSeconds: number;
  /** Seconds an idle kept-alive connection stays open between requests. */
  keepAliveTimeoutSeconds: number;
  /** Contributions (new, or changed through a private link) one IP address may send per window. */
  contributionLimitPerIp: number;
  /** Contributions one e-mail address may send per window. */
  contributionLimitPerAddress: number;
  /** The window of the two limits above, in seconds. */
  contributionLimitWindowSeconds: number;
  /** Days the embedded database's daily backups are kept (0: none is made). */
  backupRetentionDays: number;
  /** Seconds a claimed job stays leased: after a crash on PostgreSQL, its jobs wait this long to be run again. */
  jobLeaseSeconds: number;
}

/** Raised for an invalid variable; `variable` names it for the person reading the message. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = "ConfigError";
  }
}

type Source = Record<string, string | undefined>;

interface Field<T> {
  variable: string;
  description: string;
  default: string | undefined;
  parse: (raw: string, variable: string) => T;
}

const integer =
  (min: number, max: number) =>
  (raw: string, variable: string): number => {
    if (!/^\d+$/.test(raw.trim())) throw new ConfigError(variable, `"${raw}" is not a whole number.`);
    const n = Number(raw);
    if (n < min || n > max)
      throw new ConfigError(variable, `${n} is outside the allowed range ${min}–${max}.`);
    return n;
  };

const text = (raw: string) => raw;

const boolean = (raw: string, variable: string): boolean => {
  const v = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new ConfigError(variable, `"${raw}" is not true or false.`);
};

const url =
  (protocols: string[]) =>
  (raw: string, variable: string): string => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new ConfigError(variable, `"${raw}" is not a URL (expected ${protocols.join(" or ")}://…).`);
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ""))) {
      throw new ConfigError(
        variable,
        `the URL must start with ${protocols.map((p) => `${p}://`).join(" or ")}.`,
      );
    }
    // A trailing slash on a site address would double up when paths are appended.
    return protocols.includes("http") ? raw.replace(/\/+$/, "") : raw;
  };

const email = (raw: string, variable: string): string => {
  if (!/^[^\s@]+@[^\s@]+$/.test(raw)) throw new ConfigError(variable, `"${raw}" is not an e-mail address.`);
  return raw;
};

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The schema: every setting, its variable, its default and how it is checked. The README's table mirrors it. */
export const configSchema = {
  port: { variable: "PORT", description: "HTTP port", default: "3000", parse: integer(0, 65535) },
  host: { variable: "HOST", description: "address to listen on", default: "127.0.0.1", parse: text },
  publicUrl: {
    variable: "PUBLIC_URL",
    description: "the address people use to reach the site (used in e-mails and feeds)",
    default: undefined,
    parse: url(["http", "https"]),
  },
  dataDir: {
    variable: "INTERSESSION_DATA",
    description: "data folder of the embedded database and uploaded files",
    default: "./data",
    parse: text,
  },
  databaseUrl: {
    variable: "DATABASE_URL",
    description: "PostgreSQL connection URL; without it, the embedded database in the data folder",
    default: undefined,
    parse: url(["postgres", "postgresql"]),
  },
  databasePoolSize: {
    variable: "DATABASE_POOL_SIZE",
    description:
      "most PostgreSQL connections the server opens at once (PostgreSQL only; each one is a server process)",
    default: "10",
    parse: integer(1, 500),
  },
  logLevel: {
    variable: "LOG_LEVEL",
    description: "fatal, error, warn, info, debug, trace or silent",
    default: "info",
    parse: (raw: string, variable: string) => {
      const level = raw.trim().toLowerCase() as Config["logLevel"];
      if (!LOG_LEVELS.includes(level))
        throw new ConfigError(variable, `"${raw}" is not one of ${LOG_LEVELS.join(", ")}.`);
      return level;
    },
  },
  smtpUrl: {
    variable: "SMTP_URL",
    description:
      "SMTP server for outgoing mail (smtp:// or smtps://); without it, mail goes to the outbox at /admin/outbox",
    default: undefined,
    parse: url(["smtp", "smtps"]),
  },
  mailFrom: {
    variable: "MAIL_FROM",
    description: "sender address of outgoing mail",
    default: "Intersession <no-reply@localhost>",
    parse: text,
  },
  adminEmail: {
    variable: "INTERSESSION_ADMIN_EMAIL",
    description: "the site administrator created on first start",
    default: "admin@localhost",
    parse: email,
  },
  demo: {
    variable: "INTERSESSION_DEMO",
    description: "create the demo forum on the first start of the embedded database",
    default: "true",
    parse: boolean,
  },
  uploadMaxFiles: {
    variable: "UPLOAD_MAX_FILES",
    description: "most files in one contribution",
    default: "10",
    parse: integer(1, 100),
  },
  uploadMaxFileBytes: {
    variable: "UPLOAD_MAX_FILE_BYTES",
    description: "largest accepted file, in bytes",
    default: String(10 * 1024 * 1024),
    parse: integer(1024, 1024 * 1024 * 1024),
  },
  trustProxy: {
    variable: "TRUST_PROXY",
    description: "trust X-Forwarded-* headers from a reverse proxy",
    default: "false",
    parse: boolean,
  },
  requestTimeoutSeconds: {
    variable: "REQUEST_TIMEOUT_SECONDS",
    description: "most seconds a request may take to arrive (a slow sender is cut off with 408)",
    default: "30",
    parse: integer(1, 3600),
  },
  uploadTimeoutSeconds: {
    variable: "UPLOAD_TIMEOUT_SECONDS",
    description: "the same for a request carrying files (a 10 MB file over a weak mobile link takes minutes)",
    default: "300",
    parse: integer(1, 3600),
  },
  keepAliveTimeoutSeconds: {
    variable: "KEEP_ALIVE_TIMEOUT_SECONDS",
    description: "seconds an idle connection is kept open for the next request",
    default: "10",
    parse: integer(1, 600),
  },
  contributionLimitPerIp: {
    variable: "CONTRIBUTION_LIMIT_PER_IP",
    description: "contributions (sent, saved or changed) one IP address may send per window",
    default: "30",
    parse: integer(1, 100000),
  },
  contributionLimitPerAddress: {
    variable: "CONTRIBUTION_LIMIT_PER_ADDRESS",
    description: "contributions one e-mail address may send per window",
    default: "10",
    parse: integer(1, 100000),
  },
  contributionLimitWindowSeconds: {
    variable: "CONTRIBUTION_LIMIT_WINDOW_SECONDS",
    description: "the window of the two contribution limits, in seconds",
    default: "600",
    parse: integer(1, 86400),
  },
  backupRetentionDays: {
    variable: "BACKUP_RETENTION_DAYS",
    description:
      "days the embedded database keeps its daily backups (in the data folder's backups/; 0 makes none)",
    default: "7",
    parse: integer(0, 3650),
  },
  jobLeaseSeconds: {
    variable: "JOB_LEASE_SECONDS",
    description:
      "seconds a server holds a background job it started; on PostgreSQL, a crashed server's jobs are run again after this",
    default: "300",
    parse: integer(5, 86400),
  },
} satisfies { [K in keyof Config]: Field<Config[K]> | Field<Exclude<Config[K], undefined>> };

/** Values given on the command line, which win over the environment. */
export type ConfigOverrides = Partial<Record<keyof Config, string>>;

/** Parses the environment (and overrides) into a Config, or throws a ConfigError naming the variable. */
export function parseConfig(env: Source, overrides: ConfigOverrides = {}): Config {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(configSchema) as [keyof Config, Field<unknown>][]) {
    const raw = overrides[key] ?? env[field.variable] ?? field.default;
    out[key] = raw === undefined || raw === "" ? undefined : field.parse(raw, field.variable);
  }
  const config = out as unknown as Config;
  config.publicUrl ??= `http://localhost:${config.port}`;
  return config;
}
