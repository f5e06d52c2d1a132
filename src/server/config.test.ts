import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.js";

describe("configuration", () => {
  it("applies defaults a fresh machine can run with", () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe("./data");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.demo).toBe(true);
    expect(config.publicUrl).toBe("http://localhost:3000");
  });

  it("lets the command line win over the environment", () => {
    const config = parseConfig(
      { PORT: "5000", INTERSESSION_DATA: "/env" },
      { port: "4123", dataDir: "/cli" },
    );
    expect(config.port).toBe(4123);
    expect(config.dataDir).toBe("/cli");
  });

  it.each([
    [{ PORT: "eighty" }, "PORT", "not a whole number"],
    [{ PORT: "70000" }, "PORT", "outside the allowed range"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL", "postgres://"],
    [{ INTERSESSION_DEMO: "maybe" }, "INTERSESSION_DEMO", "not true or false"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL", "not one of"],
    [{ DATABASE_POOL_SIZE: "0" }, "DATABASE_POOL_SIZE", "outside the allowed range"],
    [{ INTERSESSION_ADMIN_EMAIL: "nobody" }, "INTERSESSION_ADMIN_EMAIL", "not an e-mail address"],
  ])("refuses %o naming the variable", (env, variable, reason) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).toContain(reason);
  });

  it("sizes the PostgreSQL pool from DATABASE_POOL_SIZE, 10 unless said", () => {
    expect(parseConfig({}).databasePoolSize).toBe(10);
    expect(parseConfig({ DATABASE_POOL_SIZE: "40" }).databasePoolSize).toBe(40);
  });

  it("strips a trailing slash from the public address", () => {
    expect(parseConfig({ PUBLIC_URL: "https://bpf.example.org/" }).publicUrl).toBe("https://bpf.example.org");
  });
});
