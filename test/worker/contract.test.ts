/**
 * The contract suite inside workerd: the same app and services on D1 (migrations from db/),
 * built by the Worker's own createWorkerRuntime with an injected clock and FAQ.
 */
import { env } from "cloudflare:test";
import { describe } from "vitest";
import { DEFAULTS } from "../../src/config/load.js";
import { silentLogger } from "../../src/services/context.js";
import { createWorkerRuntime } from "../../src/worker/context.js";
import type { WorkerEnv } from "../../src/worker/env.js";
import { DEFAULT_SCRIPT, scriptedFaq, shopConfig, T0, type MakeRuntime } from "../contract/fixtures.js";
import { contractSuite } from "../contract/suite.js";
import { wipeDatabase } from "./d1.js";

const makeWorkers: MakeRuntime = async (opts) => {
  const workerEnv = env as unknown as WorkerEnv;
  await wipeDatabase(workerEnv);
  const clock = { now: T0 };
  const config = { port: 0, databaseUrl: "d1", faqDir: "bundled", maxBodyBytes: opts.maxBodyBytes ?? DEFAULTS.maxBodyBytes, shops: opts.shops ?? [await shopConfig("default")] };
  const rt = await createWorkerRuntime(workerEnv, { config, faq: opts.faq ?? scriptedFaq(DEFAULT_SCRIPT), now: () => clock.now, log: silentLogger });
  return {
    name: "workers",
    request: async (path, init) => rt.app.request(path, init, workerEnv),
    clock,
    ctx: rt.ctx,
    async close() {},
  };
};

describe("contract (workers, D1)", () => contractSuite(makeWorkers));
