/**
 * A real app on a real SQLite file in a temp dir, with an injected clock. Requests go through
 * app.request(); nothing in the storage or HTTP path is mocked.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SCRIPT, SECRET, T0, scriptedFaq, shopConfig } from "../contract/fixtures.js";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { DEFAULTS } from "../../src/config/load.js";
import type { AppConfig, ShopConfig } from "../../src/config/types.js";
import { createApp } from "../../src/http/app.js";
import { createServiceContext } from "../../src/node/context.js";
import { openNodeDatabase } from "../../src/node/database.js";
import { nodeMediaHop } from "../../src/node/media-hop.js";
import type { MediaHop } from "../../src/http/media-proxy.js";
import { silentLogger, type FaqProvider, type ServiceContext } from "../../src/services/context.js";
import type { PlatformModule } from "../../src/platforms/types.js";
import { type TypedCalls, typedCalls } from "./typed-calls.js";

export { DEFAULT_SCRIPT, SECRET, T0, buyer, scriptedFaq, shopConfig } from "../contract/fixtures.js";
export { type Answer, type CallInit, type Caller, type ErrorAnswer, refusalOf, successOf, typedCalls } from "./typed-calls.js";
export const ADMIN_TOKEN = "admin-token-default";

/** The harness: a real app on a real SQLite file, and its typed calls (`call`, `refused`: test/support/typed-calls.ts). */
export interface Harness extends TypedCalls {
  ctx: ServiceContext;
  app: ReturnType<typeof createApp>;
  clock: { now: number };
  dir: string;
  close(): void;
  postEvents(body: unknown, opts?: { shop?: string; secret?: string; t?: number }): Promise<Response>;
  agent(shop: string, agent: string, method: string, path: string, body?: unknown): Promise<Response>;
  admin(shop: string, path: string, init?: RequestInit): Promise<Response>;
}

/**
 * `mediaProxyAllowPrivate`: let the image proxy fetch 127.0.0.1 (the tests' image server); the
 * security tests leave it off, as production does. The proxy's hop is Node's (src/node/media-hop.ts).
 */
export async function createHarness(opts: { shops?: ShopConfig[]; faq?: FaqProvider; maxBodyBytes?: number; platforms?: readonly PlatformModule[]; mediaProxyAllowPrivate?: boolean; mediaHop?: MediaHop } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "fr-test-"));
  const database = openNodeDatabase(join(dir, "test.db"));
  const config: AppConfig = {
    port: 0,
    databaseUrl: join(dir, "test.db"),
    faqDir: join(dir, "faq"),
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    shops: opts.shops ?? [await shopConfig("default")],
    ...(opts.mediaProxyAllowPrivate ? { mediaProxyAllowPrivate: true } : {}),
  };
  const clock = { now: T0 };
  const ctx = createServiceContext({ db: database.db, transact: database.transact, config, faq: opts.faq ?? scriptedFaq(DEFAULT_SCRIPT), now: () => clock.now, log: silentLogger });
  const app = createApp(ctx, { platforms: opts.platforms, mediaHop: opts.mediaHop ?? nodeMediaHop });
  return {
    ctx,
    app,
    clock,
    dir,
    close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
    async postEvents(body, o = {}) {
      const raw = typeof body === "string" ? body : JSON.stringify(body);
      const t = o.t ?? Math.floor(clock.now / 1000);
      const sig = await signGenericBody(o.secret ?? SECRET, raw, t);
      return app.request(`/webhooks/generic/${o.shop ?? "default"}`, { method: "POST", body: raw, headers: { "content-type": "application/json", "x-signature": sig } });
    },
    async agent(shop, agent, method, path, body) {
      return app.request(`/api/agent${path}`, {
        method,
        headers: { authorization: `Bearer ${shop}-${agent}-token`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    async admin(shop, path, init = {}) {
      return app.request(`/api/admin${path}`, { ...init, headers: { authorization: `Bearer admin-token-${shop}`, ...(init.headers ?? {}) } });
    },
    ...typedCalls(app, { platforms: opts.platforms, now: () => clock.now }),
  };
}
