// A cookie-keeping client over app.inject, for tests that walk a journey like a browser without JavaScript:
// it remembers cookies, reads the CSRF token from forms, and submits forms as urlencoded bodies.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";

export class TestAgent {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === "" || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0)
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  /** GET a page. */
  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: "GET",
      url,
      headers: { ...this.headers, cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  /** POST a form with the agent's CSRF token (unless the fields give another or `csrf: false`). */
  async post(
    url: string,
    fields: Record<string, string>,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    if (!this.cookies.has("csrf")) await this.get("/healthz");
    const body = new URLSearchParams(
      options.csrf === false ? fields : { _csrf: this.cookies.get("csrf") ?? "", ...fields },
    );
    const res = await this.app.inject({
      method: "POST",
      url,
      payload: body.toString(),
      headers: {
        ...this.headers,
        "content-type": "application/x-www-form-urlencoded",
        cookie: this.cookieHeader(),
        ...options.headers,
      },
    });
    this.remember(res);
    return res;
  }
}

/** The first URL in a text that starts with the given prefix. */
export function linkIn(text: string, prefix: string): string {
  const match = text.match(new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^\\s"<>]+`));
  if (!match) throw new Error(`No link starting with ${prefix} in:\n${text}`);
  return match[0];
}
