/**
 * Child process of bench/ingest.ts: the real Node server (temp SQLite file, demo FAQ, no
 * outbound URL) and a bare Hono route on another port, both in this one process so the
 * baseline pays the same HTTP stack. Prints their URLs as one JSON line.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import { configFromEnv } from "../../src/config/load.js";
import { startNodeServer } from "../../src/node/server.js";
import { silentLogger } from "../../src/services/context.js";

const dir = mkdtempSync(join(tmpdir(), "fr-bench-"));
const config = await configFromEnv({ DATABASE_URL: join(dir, "bench.db"), GENERIC_WEBHOOK_SECRET: process.env.BENCH_SECRET, ADMIN_TOKEN: "bench" });
const server = await startNodeServer(config, { port: 0, host: "127.0.0.1", log: silentLogger });

const bare = new Hono();
// CPU time of this process: per-message cost that holds even when other processes share the cores
bare.get("/cpu", (c) => {
  const u = process.cpuUsage();
  return c.json({ ms: (u.user + u.system) / 1000 });
});
bare.post("/bare", async (c) => {
  await c.req.arrayBuffer();
  return c.json({ accepted: 1, duplicates: 0 });
});
const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: "127.0.0.1" }, () => {
  const port = (bareServer.address() as AddressInfo).port;
  process.stdout.write(`${JSON.stringify({ url: server.url.replace("localhost", "127.0.0.1"), bareUrl: `http://127.0.0.1:${port}`, db: join(dir, "bench.db") })}\n`);
});
process.on("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
