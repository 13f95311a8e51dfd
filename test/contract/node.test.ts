/** The contract suite on the Node runtime: a better-sqlite3 file in a temp dir, app.request(). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { DEFAULTS } from "../../src/config/load.js";
import { createApp } from "../../src/http/app.js";
import { createServiceContext } from "../../src/node/context.js";
import { openNodeDatabase } from "../../src/node/database.js";
import { silentLogger } from "../../src/services/context.js";
import { DEFAULT_SCRIPT, scriptedFaq, shopConfig, T0, type MakeRuntime } from "./fixtures.js";
import { contractSuite } from "./suite.js";

const makeNode: MakeRuntime = async (opts) => {
  const dir = mkdtempSync(join(tmpdir(), "fr-contract-"));
  const database = openNodeDatabase(join(dir, "test.db"));
  const clock = { now: T0 };
  const config = {
    port: 0,
    databaseUrl: join(dir, "test.db"),
    faqDir: join(dir, "faq"),
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    shops: opts.shops ?? [await shopConfig("default")],
  };
  const ctx = createServiceContext({ db: database.db, config, faq: opts.faq ?? scriptedFaq(DEFAULT_SCRIPT), now: () => clock.now, log: silentLogger });
  const app = createApp(ctx);
  return {
    name: "node",
    request: async (path, init) => app.request(path, init),
    clock,
    run: async <T>(fn: (c: typeof ctx) => T): Promise<Awaited<T>> => await fn(ctx),
    async close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

describe("contract (node)", () => contractSuite(makeNode));
