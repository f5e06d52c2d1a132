// How fast /healthz answers while the embedded database runs a two-second query (F1 asks for < 200 ms).
// Run: npx tsx bench/healthz-busy.ts  — prints one figure per round; the first includes the route's warm-up.
import { sql } from "kysely";
import { createTestApp } from "../src/test-support/app.js";

const t = await createTestApp("pglite");
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const slow = sql`select pg_sleep(2)`.execute(t.database.db);
  await new Promise((r) => setTimeout(r, 50));
  const s = performance.now();
  const res = await t.app.inject({ method: "GET", url: "/healthz" });
  times.push(performance.now() - s);
  if (res.json().database.status !== "busy") throw new Error("not busy");
  await slow;
}
console.log("healthz during pg_sleep(2), ms:", times.map((x) => x.toFixed(1)).join(", "));
await t.close();
