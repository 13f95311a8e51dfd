/**
 * Fixtures of the contract suite. Pure (no node: imports) so the same file loads in Node and
 * inside workerd; mirrors test/support/harness.ts, which the Node-only suites keep using.
 */
import { sha256Hex } from "../../src/core/crypto.js";
import type { ChatEvent } from "../../src/core/events.js";
import type { FaqMatcher, FaqMatchResult } from "../../src/core/faq/types.js";
import type { ShopConfig } from "../../src/config/types.js";
import type { FaqProvider, ServiceContext } from "../../src/services/context.js";

export const SECRET = "test-generic-secret";
/** 2026-01-07 10:00:00 +08:00, a Wednesday inside every rule's window */
export const T0 = Date.parse("2026-01-07T10:00:00+08:00");
export const DY = { appKey: "7123456789012345678", appSecret: "dy-secret-contract" };
export const KS = { appKey: "ks683741259617381234", msgKey: "AAECAwQFBgcICQoLDA0ODw==", signSecret: "ks-sign-secret-test" };

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
  这个质量怎么样: { id: "quality", answer: "亲,质量有保障的", score: 0.4, confident: false },
  包邮吗: { id: "free-shipping", answer: "亲,全场包邮哦", score: 0.95, confident: true },
  能开发票吗: { id: "invoice", answer: "亲,可以开电子发票", score: 0.95, confident: true },
  我不要发票: { id: "invoice", answer: "亲,可以开电子发票", score: 0.95, confident: true },
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

let seq = 0;
/** A buyer message event (platform time ISO), unique id unless given. */
export function buyer(platform: ChatEvent["platform"], conversation: string, atMs: number, text: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    id: `m-${++seq}-${atMs}`,
    platform,
    conversation,
    at: new Date(atMs).toISOString(),
    from: "buyer" as const,
    ...(text === undefined ? {} : { text }),
    ...extra,
  };
}

/**
 * What a runtime under test offers the suite: its app's request function, its clock, and
 * `run`, which calls a function with its (first shop's) service context where that context
 * can do I/O (inside the shop's Durable Object on Workers).
 */
export interface ContractRuntime {
  name: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  clock: { now: number };
  run<T>(fn: (ctx: ServiceContext) => T): Promise<Awaited<T>>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  shops?: ShopConfig[];
  faq?: FaqProvider;
  maxBodyBytes?: number;
}

/** Builds a fresh runtime (empty database) with an injected clock starting at T0. */
export type MakeRuntime = (opts: RuntimeOptions) => Promise<ContractRuntime>;
