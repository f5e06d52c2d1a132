// The ceiling: a bare Fastify server that answers each captured request with the bytes the application sent
// (status, headers and body), through @fastify/compress with the application's settings, so the difference
// between the two is the application's own work. Prints "listening PORT" once it listens.
import { readFileSync } from "node:fs";
import compress from "@fastify/compress";
import Fastify from "fastify";
import type { CapturedResponse } from "../lib/processes.js";

const file = process.argv[2];
if (!file) throw new Error("Usage: server.ts RESPONSES.json");
const responses = new Map(
  (JSON.parse(readFileSync(file, "utf8")) as CapturedResponse[]).map((r) => [
    r.path,
    { ...r, bytes: Buffer.from(r.body, "utf8") },
  ]),
);
const app = Fastify({ logger: false });
await app.register(compress, { global: true, threshold: 1024 });
app.get("/*", async (request, reply) => {
  const response = responses.get(request.url);
  if (!response) return reply.status(404).send("not captured");
  reply.status(response.status).headers(response.headers);
  return reply.send(response.bytes);
});
const address = await app.listen({ port: 0, host: "127.0.0.1" });
console.log(`listening ${new URL(address).port}`);
process.on("SIGTERM", () => {
  app.close().then(() => process.exit(0));
});
