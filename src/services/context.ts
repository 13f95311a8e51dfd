/**
 * The typed service context every service receives as `ctx` and every handler finds on the
 * request: storage, configuration, FAQ, clock, log. Built once by the runtime (Node or Workers).
 */
import { ConfigError } from "../config/load.js";
import type { AgentConfig, AppConfig, ShopConfig } from "../config/types.js";
import type { ChatEvent } from "../core/events.js";
import type { FaqMatcher } from "../core/faq/types.js";
import { resolveRules, type RuleId, type RuleSpec } from "../core/rules/presets.js";
import type { Db } from "../store/db.js";
import type { Transact } from "../store/transact.js";
import type { ShopChanges } from "./changes.js";

export interface FaqProvider {
  /** the live FAQ of a shop; undefined when the shop has none (every message is routed) */
  forShop(shopId: string): FaqMatcher | undefined;
}

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface Shop {
  config: ShopConfig;
  rules: Record<RuleId, RuleSpec>;
  agentsById: Map<string, AgentConfig>;
}

/** Runs after each stored event (the compliance engine's incremental aggregates hang here). */
export type AfterStore = (ctx: ServiceContext, shop: Shop, event: ChatEvent) => Promise<void>;

export interface ServiceContext {
  db: Db;
  /** runs a unit of writes atomically where the database allows it (see store/transact.ts) */
  transact: Transact;
  config: AppConfig;
  shops: Map<string, Shop>;
  faq: FaqProvider;
  /** epoch ms; injected so tests can move time */
  now: () => number;
  log: Logger;
  /** called after outbox rows are written, so a runtime can deliver at once instead of on its next poll */
  outboxWritten: () => void;
  afterStore: AfterStore[];
  /**
   * true where a background folder keeps the compliance aggregates current (Node: the storage
   * worker, or the fold loop): reads then serve the folded aggregates as they are and say how
   * fresh they are, and no request waits for a catch-up. Otherwise (Workers, CLI, tests without
   * loops) a read folds what is new first.
   */
  foldsInBackground?: boolean;
  /**
   * true where agents sign in against this context's shops (Node), so agents added or re-tokened
   * from the dashboard (services/agents.ts) can sign in at once. On Workers the front Worker
   * routes a token to its shop's object by the configuration, so they are managed there.
   */
  agentsEditable?: boolean;
  /** this context's change notifier: services notify, live feeds listen (services/changes.ts) */
  changes: ShopChanges;
  /** what this context keeps between calls (dashboard grids, rules, live feeds …): see ContextCache */
  cache: ContextCache;
}

/** A typed slot of a ContextCache: the value type travels with the key. */
export interface CacheKey<T> {
  readonly name: string;
  /** never set: carries T */
  readonly _type?: T;
}

export function cacheKey<T>(name: string): CacheKey<T> {
  return { name };
}

/**
 * State a module keeps per service context, not per process: two apps in one process (tests,
 * the CLI beside a server) never see each other's. Each module declares its key
 * (`const GRIDS = cacheKey<Map<…>>("dashboard.pastGrids")`) and reads and fills its slot; the
 * key types the value. Slots are filled by their owners, so the context needs no import of
 * the layers above it (the HTTP live feed, the Worker's drainer keep theirs here too).
 */
export class ContextCache {
  private readonly slots = new Map<CacheKey<unknown>, unknown>();

  get<T>(key: CacheKey<T>): T | undefined {
    return this.slots.get(key) as T | undefined;
  }

  set<T>(key: CacheKey<T>, value: NoInfer<T>): T {
    this.slots.set(key, value);
    return value;
  }
}

export function resolveShops(config: AppConfig): Map<string, Shop> {
  return new Map(config.shops.map((s) => [s.id, { config: s, rules: shopRules(s), agentsById: new Map(s.agents.map((a) => [a.id, a])) }]));
}

/** A shop's rule overrides that the engine cannot use are a configuration error, named. */
function shopRules(s: ShopConfig): Record<RuleId, RuleSpec> {
  try {
    return resolveRules(s.rules, s.editions);
  } catch (err) {
    throw new ConfigError(`shop ${s.id}: rules: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** JSON lines on stdout/stderr; callers never pass secrets in fields. */
export const consoleLogger: Logger = {
  info: (msg, fields) => console.log(JSON.stringify({ level: "info", msg, ...fields })),
  warn: (msg, fields) => console.warn(JSON.stringify({ level: "warn", msg, ...fields })),
  error: (msg, fields) => console.error(JSON.stringify({ level: "error", msg, ...fields })),
};
