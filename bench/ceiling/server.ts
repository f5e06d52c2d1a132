// The ceiling: a bare Fastify server that answers each captured request with the bytes the application sent
// (status, headers and body), compressed as the application compresses them (Brotli quality 4, else gzip),
// so the difference between the two is the application's own work. The bytes are compressed once, at start:
// the application keeps anonymous pages compressed (src/server/page-cache.ts), and a ceiling that compressed
// on every request would no longer be one. Prints "listening PORT" once it listens.
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import Fastify from "fastify";
import type { CapturedResponse } from "../lib/processes.js";

const file = process.argv[2];
if (!file) throw new Error("Usage: server.ts RESPONSES.json");
const responses = new Map(
  (JSON.parse(readFileSync(file, "utf8")) as CapturedResponse[]).map((r) => {
    const identity = Buffer.from(r.body, "utf8");
    // Below 1 KB the application sends bytes as they are (@fastify/compress's threshold).
    const small = identity.length < 1024;
    const br = small
      ? identity
      : brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
    return [r.path, { ...r, identity, br, gzip: small ? identity : gzipSync(identity), small }];
  }),
);
const app = Fastify({ logger: false });
app.get("/*", async (request, reply) => {
  const response = responses.get(request.url);
  if (!response) return reply.status(404).send("not captured");
  reply.status(response.status).headers(response.headers);
  const accepted = String(request.headers["accept-encoding"] ?? "");
  const encoding = response.small
    ? undefined
    : /\bbr\b/.test(accepted)
      ? "br"
      : /\bgzip\b/.test(accepted)
        ? "gzip"
        : undefined;
  reply.header("vary", "accept-encoding");
  if (!encoding) return reply.send(response.identity);
  reply.header("content-encoding", encoding);
  return reply.send(encoding === "br" ? response.br : response.gzip);
});
const address = await app.listen({ port: 0, host: "127.0.0.1" });
console.log(`listening ${new URL(address).port}`);
process.on("SIGTERM", () => {
  app.close().then(() => process.exit(0));
});
