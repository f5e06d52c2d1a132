// A short-lived, in-process cache of the compressed bytes of public pages as an anonymous reader sees them
// (the contributions list, one contribution's page). Rendering and compressing such a page costs several
// milliseconds of CPU and a dozen reads; a crowd of readers asks for the same few pages. So:
// - only routes that say so (config.publicPage) and only anonymous GETs without an Authorization header or a
//   secret in the address; a signed-in reader, whose page shows their name and their rights, never gets or
//   fills an entry;
// - a page is kept only when its handler said what it was made from (cachePage): a check that nothing a
//   reader sees has changed since (a publication or a withdrawal moves its cycle on), and the instant it
//   stops being right anyway (the call's next milestone); never a page that set a cookie; a page showing a
//   figure still being counted only for a second;
// - keyed by the address (path and query), the page's language and time zone, and the encoding sent;
// - an entry lives at most TTL_MS, so what the cache is not told about (an edit of the forum's name, a
//   publication in another process) shows within that time;
// - one render per key at a time: readers arriving while a page is being made wait for it, briefly; once a
//   kept page has had its ten seconds, the reader who comes first makes it again while the others are handed
//   the copy it replaces, for as long as that render takes (a few seconds at most, and never a copy that stopped
//   being right: one a publication or a milestone ended, or one showing a figure still being counted);
// - the page's ETag answers a revalidation with 304, and Cache-Control says `no-cache`: a browser or proxy
//   may keep the page but asks every time, as only this process hears of publications.
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** How long an entry lives at most, in ms. */
export const PAGE_CACHE_TTL_MS = 10_000;
/**
 * How long a page showing a figure still being counted is kept, in ms: the crowd arriving after a publication
 * on a large cycle shares one render a second (seeing the count up to a second late) instead of each reader
 * rendering while the count runs (p99 of 676 ms on a million contributions).
 */
export const BRIEF_KEEP_MS = 1_000;
/** Most bytes kept (compressed), all entries together; the least recently used go first. */
const MAX_BYTES = 32 * 1024 * 1024;
/**
 * How long past its ten seconds a kept page may still be handed out while it is made again, in ms. Readers
 * queued behind each render every ten seconds: 30 to 70 ms of p99 at 500 requests a second on the first page.
 */
const STALE_WHILE_RENDERING_MS = 5_000;
/** How long a reader waits for another request making the same page before making it too, in ms. */
const WAIT_FOR_FILL_MS = 1_000;
const CACHE_CONTROL = "no-cache";
/** The page depends on these: the encoding, and the language and time zone (header or cookies). */
const VARY = "accept-encoding, accept-language, cookie";

type Encoding = "br" | "gzip" | "identity";

/** What a handler says about the page it renders, so that the page may be kept. */
export interface CacheablePage {
  /** The instant the page stops being right whatever happens (the call's next milestone), in ms. */
  until?: number;
  /** Whether what the page was made from is still what readers see; checked on every use. */
  isCurrent: () => boolean;
  /**
   * Whether the page may be kept (checked once, when it is made): true (the default), "briefly" for
   * BRIEF_KEEP_MS only (it shows a figure still being counted), or false.
   */
  mayKeep?: () => boolean | "briefly";
}

interface Entry {
  body: Buffer;
  etag: string;
  contentType: string;
  encoding: Encoding;
  expires: number;
  /** Until when the page may be handed out while it is made again (never past the instant it stops being right). */
  staleUntil: number;
  isCurrent: () => boolean;
}

interface RequestState {
  key: string;
  encoding: Encoding;
  /** Set by the handler through cachePage. */
  page?: CacheablePage;
  /** Resolves the readers waiting for this request's render; absent when others need not wait for it. */
  done?: () => void;
  hit?: boolean;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** true for public pages an anonymous reader's copy of which may be kept (see server/page-cache.ts). */
    publicPage?: boolean;
  }
  interface FastifyRequest {
    pageCacheState: RequestState | undefined;
  }
}

/** The kept pages of one application. */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  /** Renders under way, by key: each resolves to whether its page was kept. */
  private readonly filling = new Map<string, Promise<boolean>>();
  private bytes = 0;

  constructor(private readonly now: () => number) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.expires <= now || !entry.isCurrent()) {
      // An entry past its time but still right is left for readers arriving while it is made again.
      if (now >= entry.staleUntil || !entry.isCurrent()) this.delete(key);
      return undefined;
    }
    // Least recently used first: a hit moves to the end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [oldest] of this.entries) {
      if (this.bytes <= MAX_BYTES) break;
      this.delete(oldest);
    }
  }

  /** Forgets every kept page (tests). */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }

  /** A page past its time that is still right and may be handed out while it is made again. */
  stale(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() < entry.staleUntil && entry.isCurrent()) return entry;
    this.delete(key);
    return undefined;
  }

  /** The render under way for a key, if any. */
  fillOf(key: string): Promise<boolean> | undefined {
    return this.filling.get(key);
  }

  /** Notes that this request makes the page; the returned function ends the wait of the others. */
  startFill(key: string): () => void {
    let resolve: (kept: boolean) => void = () => undefined;
    const promise = new Promise<boolean>((r) => {
      resolve = r;
    });
    this.filling.set(key, promise);
    return () => {
      if (this.filling.get(key) === promise) this.filling.delete(key);
      resolve(this.entries.has(key));
    };
  }
}

/** Called by a handler before it sends a page it may be kept: see CacheablePage. */
export function cachePage(request: FastifyRequest, page: CacheablePage): void {
  if (request.pageCacheState) request.pageCacheState.page = page;
}

/** The encoding to send, as @fastify/compress would choose it; undefined when only one it has not kept fits. */
export function negotiateEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return "identity";
  const q: Record<string, number> = {};
  for (const part of header.toLowerCase().split(",")) {
    const [name = "", ...params] = part.trim().split(";");
    const weight = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const value = weight === undefined ? 1 : Number(weight);
    const token = name === "*" || name === "x-gzip" ? "gzip" : name;
    q[token] = Math.max(q[token] ?? 0, Number.isFinite(value) ? value : 0);
  }
  const br = q.br ?? 0;
  const gzip = q.gzip ?? 0;
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  if ((q.deflate ?? 0) > 0) return undefined;
  return "identity";
}

function compress(html: string, encoding: Encoding): Buffer {
  const raw = Buffer.from(html);
  if (encoding === "br")
    // Quality 4, as @fastify/compress: 11 would cost a render's worth of CPU on every fill.
    return brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 4,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
  if (encoding === "gzip") return gzipSync(raw);
  return raw;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((t) => t.trim())
    .some((t) => t === "*" || t === etag || t.replace(/^W\//, "") === etag.replace(/^W\//, ""));
}

function sendEntry(request: FastifyRequest, reply: FastifyReply, entry: Entry): FastifyReply {
  reply.header("cache-control", CACHE_CONTROL).header("vary", VARY).header("etag", entry.etag);
  if (matches(request.headers["if-none-match"], entry.etag)) return reply.code(304).send();
  reply.type(entry.contentType);
  if (entry.encoding !== "identity") reply.header("content-encoding", entry.encoding);
  return reply.send(entry.body);
}

function isCacheableRequest(request: FastifyRequest, carriesSecret: (url: string) => boolean): boolean {
  return (
    request.routeOptions.config?.publicPage === true &&
    request.method === "GET" &&
    request.actor?.kind === "anonymous" &&
    !request.headers.authorization &&
    !carriesSecret(request.url)
  );
}

/**
 * Installs the cache on the app: the look-up after the reader is known (add after the hook resolving the
 * actor), the keeping before compression (add before @fastify/compress's per-route hook runs, which any
 * global onSend hook does).
 */
export function installPageCache(
  app: FastifyInstance,
  cache: PageCache,
  options: { now: () => number; carriesSecret: (url: string) => boolean },
): void {
  app.decorateRequest("pageCacheState", undefined);

  app.addHook("onRequest", async (request, reply) => {
    if (!isCacheableRequest(request, options.carriesSecret)) return;
    const encoding = negotiateEncoding(request.headers["accept-encoding"]);
    if (!encoding) return;
    const key = `${encoding}\n${request.locale}\n${request.timeZone ?? ""}\n${request.url}`;
    // Real time, not the server's clock (which tests fix).
    const deadline = Date.now() + WAIT_FOR_FILL_MS;
    let single = true;
    for (;;) {
      const entry = cache.get(key);
      if (entry) {
        request.pageCacheState = { key, encoding, hit: true };
        return sendEntry(request, reply, entry);
      }
      const running = cache.fillOf(key);
      if (running) {
        // Made again after its ten seconds: the copy it replaces now, rather than a wait behind the render.
        const previous = cache.stale(key);
        if (previous) {
          request.pageCacheState = { key, encoding, hit: true };
          return sendEntry(request, reply, previous);
        }
      }
      const left = deadline - Date.now();
      if (!running || left <= 0) break;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const kept = await Promise.race([
        running,
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), left);
        }),
      ]);
      clearTimeout(timer);
      // A page that could not be kept (a count not known in time): the readers who waited make their own at
      // once, rather than one after the other.
      if (!kept) {
        single = false;
        if (!cache.get(key)) break;
      }
    }
    request.pageCacheState = {
      key,
      encoding,
      done: single && !cache.fillOf(key) ? cache.startFill(key) : undefined,
    };
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const state = request.pageCacheState;
    if (!state || state.hit) return payload;
    // Kept or not, an anonymous reader's page may be stored elsewhere only to be revalidated, and only for
    // readers sending the same language, time zone and encoding (a cookie set on it makes it no-store).
    reply.header("cache-control", CACHE_CONTROL).header("vary", VARY);
    const page = state.page;
    if (!page) return payload;
    const keep = page.mayKeep ? page.mayKeep() : true;
    const contentType = String(reply.getHeader("content-type") ?? "");
    if (
      reply.statusCode !== 200 ||
      typeof payload !== "string" ||
      !contentType.startsWith("text/html") ||
      reply.hasHeader("set-cookie") ||
      reply.hasHeader("content-encoding") ||
      !page.isCurrent() ||
      !keep
    )
      return payload;
    const now = options.now();
    const until = page.until ?? Number.POSITIVE_INFINITY;
    const expires = Math.min(now + (keep === "briefly" ? BRIEF_KEEP_MS : PAGE_CACHE_TTL_MS), until);
    // A page showing a figure still being counted is not handed out again once its second is over.
    const staleUntil = keep === "briefly" ? expires : Math.min(expires + STALE_WHILE_RENDERING_MS, until);
    const etag = `W/"${createHash("sha1").update(payload).digest("base64url").slice(0, 22)}"`;
    const entry: Entry = {
      body: compress(payload, state.encoding),
      etag,
      contentType,
      encoding: state.encoding,
      expires,
      staleUntil,
      isCurrent: page.isCurrent,
    };
    if (expires > now) cache.set(state.key, entry);
    reply.header("etag", etag);
    if (matches(request.headers["if-none-match"], etag)) {
      reply.code(304);
      return "";
    }
    if (entry.encoding !== "identity") {
      reply.header("content-encoding", entry.encoding);
      reply.header("content-length", entry.body.length);
    }
    return entry.body;
  });

  // Whatever became of the render (kept, refused, failed), the readers waiting for it go on.
  const release = async (request: FastifyRequest) => {
    request.pageCacheState?.done?.();
    if (request.pageCacheState) request.pageCacheState.done = undefined;
  };
  app.addHook("onResponse", release);
  app.addHook("onRequestAbort", release);
}
