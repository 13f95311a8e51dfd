/**
 * A real app on a real SQLite file in a temp dir, with an injected clock. Requests go through
 * app.request(); nothing in the storage or HTTP path is mocked.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256Hex } from "../../src/core/crypto.js";
import type { ChatEvent } from "../../src/core/events.js";
import type { FaqMatcher, FaqMatchResult } from "../../src/core/faq/types.js";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { DEFAULTS } from "../../src/config/load.js";
import type { AppConfig, ShopConfig } from "../../src/config/types.js";
import { createApp } from "../../src/http/app.js";
import { createServiceContext } from "../../src/node/context.js";
import { openNodeDatabase } from "../../src/node/database.js";
import { silentLogger, type FaqProvider, type ServiceContext } from "../../src/services/context.js";

export const SECRET = "test-generic-secret";
export const ADMIN_TOKEN = "admin-token-default";

/** 2026-01-07 10:00:00 +08:00, a Wednesday inside every rule's window */
export const T0 = Date.parse("2026-01-07T10:00:00+08:00");

/**
 * A FAQ stand-in whose answers are fixed per text, so decision tests control the match and
 * its confidence exactly; the real matcher is tested in test/faq and end to end elsewhere.
 */
export function scriptedFaq(script: Record<string, { id: string; answer: string; score: number; confident: boolean }>): FaqProvider {
  const matcher: FaqMatcher = {
    version: "scripted-1",
    threshold: 0.8,
    match(text: string): FaqMatchResult {
      const hit = script[text];
      if (!hit) return { normalized: text, matches: [], confident: false };
      return { normalized: text, matches: [{ entryId: hit.id, question: text, answer: hit.answer, score: hit.score }], confident: hit.confident };
    },
  };
  return { forShop: () => matcher };
}

export const DEFAULT_SCRIPT = {
  什么时候发货: { id: "shipping-time", answer: "亲,付款后48小时内发货哦", score: 0.97, confident: true },
  这个怎么样: { id: "quality", answer: "亲,质量有保障的", score: 0.4, confident: false },
};

export async function shopConfig(id: string, overrides: Partial<ShopConfig> = {}): Promise<ShopConfig> {
  return {
    id,
    name: `店铺 ${id}`,
    genericWebhookSecret: SECRET,
    douyinInstantAnswer: false,
    escalation: { leadSeconds: 60, targets: [] },
    agents: [
      { id: "a1", name: "小美", tokenSha256: await sha256Hex(`${id}-a1-token`), maxConcurrent: 2 },
      { id: "a2", name: "小王", tokenSha256: await sha256Hex(`${id}-a2-token`), maxConcurrent: 2 },
    ],
    adminTokenSha256: [await sha256Hex(`admin-token-${id}`)],
    credentials: {},
    rules: {},
    platforms: ["taobao", "douyin", "kuaishou"],
    ...overrides,
  };
}

export interface Harness {
  ctx: ServiceContext;
  app: ReturnType<typeof createApp>;
  clock: { now: number };
  dir: string;
  close(): void;
  postEvents(body: unknown, opts?: { shop?: string; secret?: string; t?: number }): Promise<Response>;
  agent(shop: string, agent: string, method: string, path: string, body?: unknown): Promise<Response>;
  admin(shop: string, path: string, init?: RequestInit): Promise<Response>;
}

export async function createHarness(opts: { shops?: ShopConfig[]; faq?: FaqProvider; maxBodyBytes?: number } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "fr-test-"));
  const database = openNodeDatabase(join(dir, "test.db"));
  const config: AppConfig = {
    port: 0,
    databaseUrl: join(dir, "test.db"),
    faqDir: join(dir, "faq"),
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    shops: opts.shops ?? [await shopConfig("default")],
  };
  const clock = { now: T0 };
  const ctx = createServiceContext({ db: database.db, transact: database.transact, config, faq: opts.faq ?? scriptedFaq(DEFAULT_SCRIPT), now: () => clock.now, log: silentLogger });
  const app = createApp(ctx);
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
  };
}

let seq = 0;
/** A buyer message event (platform time ISO), unique id unless given. */
export function buyer(platform: ChatEvent["platform"], conversation: string, atMs: number, text: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    id: `m-${++seq}-${atMs}`,
    platform,
    conversation,
    at: new Date(atMs).toISOString(),
    from: "buyer",
    ...(text === undefined ? {} : { text }),
    ...extra,
  };
}
