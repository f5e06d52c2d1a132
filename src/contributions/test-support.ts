// Test support only: a forum with a 2016 and a 2017 cycle and its call milestones, multipart bodies for
// app.inject, and API tokens. Imported by *.test.ts files, never by the application.
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { createApiToken } from "../auth/api-tokens.js";
import type { Database } from "../db/schema.js";
import { ANYWHERE_ON_EARTH, endOfDayInZone, startOfDayInZone } from "../forums/index.js";
import { makeCycle, makeForum } from "../test-support/factories.js";

/** The test call: opens 15 August, soft deadline 15 September, cutoff 30 September, closes 30 November 2017, AoE. */
export const testCall = {
  call_opens: startOfDayInZone("2017-08-15", ANYWHERE_ON_EARTH),
  soft_deadline: endOfDayInZone("2017-09-15", ANYWHERE_ON_EARTH),
  inclusion_cutoff: endOfDayInZone("2017-09-30", ANYWHERE_ON_EARTH),
  call_closes: endOfDayInZone("2017-11-30", ANYWHERE_ON_EARTH),
};

/** Creates the forum "bpf-cyber" with cycles 2016 and 2017 (the call above on 2017), through the services. */
export async function seedTestForum(db: Kysely<Database>, slug = "bpf-cyber") {
  const forum = await makeForum(db, { slug, mailing_list: "bpf-cyber@example.org" });
  const cycle2016 = await makeCycle(db, forum, { year: 2016 });
  const cycle2017 = await makeCycle(db, forum, {
    year: 2017,
    continueFromYear: 2016,
    milestones: {
      call_opens: "2017-08-15",
      soft_deadline: "2017-09-15",
      inclusion_cutoff: "2017-09-30",
      call_closes: "2017-11-30",
    },
    zone: ANYWHERE_ON_EARTH,
  });
  return { forum, cycle2016, cycle2017 };
}

/** An API token for a role in the forum (or "admin"). */
export async function tokenFor(
  db: Kysely<Database>,
  role: "admin" | "secretariat" | "member",
  forumId: string | null,
) {
  const { token } = await createApiToken(db, {
    name: `${role} test`,
    role,
    forumId: role === "admin" ? null : forumId,
  });
  return token;
}

export interface MultipartFile {
  field: string;
  name: string;
  bytes: Buffer;
  type?: string;
}

/** A multipart/form-data body, fields in the given order (put _csrf first), then files. */
export function multipart(fields: [string, string][], files: MultipartFile[] = []) {
  const boundary = `----intersession${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? "application/octet-stream"}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

/** The fields of a complete web submission. */
export function completeFields(overrides: Record<string, string> = {}): [string, string][] {
  const base: Record<string, string> = {
    contributor_name: "Amina Diallo",
    organisation: "Example Civil Society Network",
    stakeholder_group: "civil_society",
    country: "SN",
    email: "amina@example.org",
    consent: "with_name",
    licence: "cc_by_4_0",
    body_text: "Cooperation between CERTs needs trusted channels.",
    action: "submit",
    ...overrides,
  };
  return Object.entries(base);
}

/** A browser-like visitor for multipart posts: keeps cookies and sends the CSRF field first. */
export class FormVisitor {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(res: { cookies: { name: string; value: string }[] }) {
    for (const c of res.cookies) this.cookies.set(c.name, c.value);
  }

  /** GET a page. */
  async get(url: string) {
    const res = await this.app.inject({ method: "GET", url, headers: { cookie: this.cookieHeader() } });
    this.remember(res);
    return res;
  }

  /** POST a multipart form with the CSRF field first (unless `csrf: false`). */
  async postForm(
    url: string,
    fields: [string, string][],
    files: MultipartFile[] = [],
    options: { csrf?: boolean } = {},
  ) {
    if (!this.cookies.has("csrf")) await this.get("/healthz");
    const all: [string, string][] =
      options.csrf === false ? fields : [["_csrf", this.cookies.get("csrf") ?? ""], ...fields];
    const body = multipart(all, files);
    const res = await this.app.inject({
      method: "POST",
      url,
      payload: body.payload,
      headers: { ...body.headers, cookie: this.cookieHeader() },
    });
    this.remember(res);
    return res;
  }
}
