/**
 * Builds the AppConfig: one shop (`default`) from environment variables, or many shops from a
 * YAML/JSON config file. Secrets never sit in the file: a secret field is written
 * `{ env: NAME }` and read from the environment here, so a config file can be committed.
 */
import { DEFAULT_HUMAN_HOLD_SECONDS } from "../core/decision.js";
import { parse as parseYaml } from "yaml";
import { platformIds, type Platform } from "../core/events.js";
import { PLATFORM_REGISTRY } from "../platforms/registry.js";
import type { ConfigReader, PlatformModule } from "../platforms/types.js";
import { sha256Hex } from "../core/crypto.js";
import { parseEditionChoice, resolveEdition, type EditionChoice, type EditionSelections } from "../core/rules/editions.js";
import { RULE_IDS, type RuleOverrides } from "../core/rules/presets.js";
import type { AgentConfig, AppConfig, EscalationTarget, EventTimeConfig, PlatformCredentials, ShopConfig } from "./types.js";

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export const DEFAULTS = {
  port: 8787,
  databaseUrl: "./data/first-responder.db",
  faqDir: "./faq",
  maxBodyBytes: 1024 * 1024,
  escalationLeadSeconds: 60,
  maxConcurrent: 5,
  eventTime: { maxAgeDays: 30, maxAheadSeconds: 300, skewSeconds: 10 },
} as const;

/** The configured event-time bounds, or the defaults (configs built in code may leave them out). */
export function eventTimeOf(config: { eventTime?: EventTimeConfig }): EventTimeConfig {
  return config.eventTime ?? DEFAULTS.eventTime;
}

const ESCALATION_KINDS = ["dingtalk", "wecom", "feishu", "generic"] as const;

function intFrom(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function synchronousFrom(value: string | undefined): "FULL" | "NORMAL" {
  if (value === undefined || value === "") return "FULL";
  const v = value.toUpperCase();
  if (v !== "FULL" && v !== "NORMAL") throw new ConfigError(`SQLITE_SYNCHRONOUS must be FULL or NORMAL, got "${value}"`);
  return v;
}

/** `a=1,b=2` → [["a","1"],["b","2"]]; the value may itself contain `=` (URLs). */
function pairs(value: string | undefined, name: string): [string, string][] {
  if (!value) return [];
  return value.split(",").map((p) => {
    const i = p.indexOf("=");
    if (i <= 0 || i === p.length - 1) throw new ConfigError(`${name}: expected name=value pairs separated by commas`);
    return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  });
}

async function agentsFromEnv(env: Env): Promise<AgentConfig[]> {
  const maxConcurrent = intFrom(env.AGENT_MAX_CONCURRENT, "AGENT_MAX_CONCURRENT", DEFAULTS.maxConcurrent);
  const names = new Map(pairs(env.AGENT_NAMES, "AGENT_NAMES"));
  return Promise.all(pairs(env.AGENT_TOKENS, "AGENT_TOKENS").map(async ([id, token]) => ({ id, name: names.get(id) ?? id, tokenSha256: await sha256Hex(token), maxConcurrent })));
}

function escalationKind(kind: string, where: string): EscalationTarget["kind"] {
  if (!(ESCALATION_KINDS as readonly string[]).includes(kind)) throw new ConfigError(`${where}: kind must be one of ${ESCALATION_KINDS.join(", ")}`);
  return kind as EscalationTarget["kind"];
}

/** Each platform's credentials as its folder reads them from the environment (src/platforms/<id>/credentials.ts). */
function credentialsFromEnv(env: Env): PlatformCredentials {
  const c: Record<string, unknown> = {};
  for (const p of PLATFORM_REGISTRY as readonly PlatformModule[]) {
    const creds = p.credentials.fromEnv(env);
    if (creds !== undefined) c[p.id] = creds;
  }
  return c as PlatformCredentials;
}

/** The single shop `default`, entirely from environment variables (docs/configuration.md). */
export async function shopFromEnv(env: Env): Promise<ShopConfig> {
  const shop: ShopConfig = {
    id: "default",
    name: env.SHOP_NAME ?? "演示店铺",
    genericWebhookSecret: env.GENERIC_WEBHOOK_SECRET || undefined,
    douyinInstantAnswer: env.DOUYIN_INSTANT_ANSWER === "1" || env.DOUYIN_INSTANT_ANSWER === "true",
    humanHoldSeconds: intFrom(env.HUMAN_HOLD_SECONDS, "HUMAN_HOLD_SECONDS", DEFAULT_HUMAN_HOLD_SECONDS),
    outboundUrl: env.OUTBOUND_WEBHOOK_URL || undefined,
    outboundSecret: env.OUTBOUND_WEBHOOK_SECRET || undefined,
    escalation: {
      leadSeconds: intFrom(env.ESCALATION_LEAD_SECONDS, "ESCALATION_LEAD_SECONDS", DEFAULTS.escalationLeadSeconds),
      targets: pairs(env.ESCALATION_WEBHOOKS, "ESCALATION_WEBHOOKS").map(([kind, url]) => ({ kind: escalationKind(kind, "ESCALATION_WEBHOOKS"), url })),
    },
    agents: await agentsFromEnv(env),
    adminTokenSha256: env.ADMIN_TOKEN ? [await sha256Hex(env.ADMIN_TOKEN)] : [],
    credentials: credentialsFromEnv(env),
    rules: {},
    platforms: [...platformIds()],
  };
  if (env.TAOBAO_ASSIST_BOT) shop.taobaoAssistBot = { bot: env.TAOBAO_ASSIST_BOT, mode: "assist" };
  return shop;
}

// ---- config file -------------------------------------------------------------------------

type Raw = Record<string, unknown>;

class FileReader implements ConfigReader {
  constructor(private readonly env: Env) {}

  obj(v: unknown, where: string): Raw {
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ConfigError(`${where} must be a mapping`);
    return v as Raw;
  }

  str(v: unknown, where: string): string {
    if (typeof v !== "string" || !v) throw new ConfigError(`${where} must be a non-empty string`);
    return v;
  }

  optStr(v: unknown, where: string): string | undefined {
    return v === undefined || v === null ? undefined : this.str(v, where);
  }

  /** A secret: `{ env: NAME }` only; a literal in the file is refused so it never gets committed. */
  secret(v: unknown, where: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") throw new ConfigError(`${where}: secrets come from the environment: write { env: VARIABLE_NAME }`);
    const name = this.str(this.obj(v, where).env, `${where}.env`);
    const value = this.env[name];
    if (!value) throw new ConfigError(`${where}: environment variable ${name} is not set`);
    return value;
  }

  int(v: unknown, where: string, fallback: number): number {
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new ConfigError(`${where} must be a whole number`);
    return v;
  }

  list(v: unknown, where: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new ConfigError(`${where} must be a list`);
    return v;
  }
}

async function tokenHash(r: FileReader, raw: Raw, where: string): Promise<string> {
  if (raw.tokenSha256 !== undefined) {
    const h = r.str(raw.tokenSha256, `${where}.tokenSha256`).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(h)) throw new ConfigError(`${where}.tokenSha256 must be 64 hex digits`);
    return h;
  }
  const token = r.secret(raw.token, `${where}.token`);
  if (!token) throw new ConfigError(`${where}: give tokenSha256 or token: { env: NAME }`);
  return sha256Hex(token);
}

/** `credentials: { <platform>: {...} }`, each read by its platform's folder; an empty required field is refused, naming it. */
function credentialsFromFile(r: FileReader, raw: unknown, where: string): PlatformCredentials {
  if (raw === undefined || raw === null) return {};
  const c = r.obj(raw, where);
  const out: Record<string, unknown> = {};
  for (const p of PLATFORM_REGISTRY as readonly PlatformModule[]) if (c[p.id]) out[p.id] = p.credentials.fromFile(r, c[p.id], `${where}.${p.id}`);
  for (const [name, v] of Object.entries(out)) {
    for (const [field, value] of Object.entries(v as Record<string, unknown>)) {
      if (value === "") throw new ConfigError(`${where}.${name}.${field} is required`);
    }
  }
  return out as PlatformCredentials;
}

function rulesFromFile(r: FileReader, raw: unknown, where: string): RuleOverrides {
  if (raw === undefined || raw === null) return {};
  const rules = r.obj(raw, where);
  for (const id of Object.keys(rules)) {
    if (!(RULE_IDS as readonly string[]).includes(id)) throw new ConfigError(`${where}: unknown rule "${id}" (rules: ${RULE_IDS.join(", ")})`);
    r.obj(rules[id], `${where}.${id}`);
  }
  return rules as RuleOverrides;
}

const optionalEditions = (e: EditionSelections | undefined) => (e ? { editions: e } : {});

/** `editions: { douyin: "feige-2024+assist-bots-counted" }` or `{ douyin: { edition, options: [...] } }`. */
function editionsFromFile(r: FileReader, raw: unknown, where: string): EditionSelections | undefined {
  if (raw === undefined || raw === null) return undefined;
  const out: EditionSelections = {};
  for (const [platform, v] of Object.entries(r.obj(raw, where))) {
    if (!(platformIds() as readonly string[]).includes(platform)) throw new ConfigError(`${where}: unknown platform "${platform}"`);
    let choice: EditionChoice;
    if (typeof v === "string") choice = parseEditionChoice(v);
    else {
      const o = r.obj(v, `${where}.${platform}`);
      choice = { edition: r.str(o.edition, `${where}.${platform}.edition`), options: r.list(o.options, `${where}.${platform}.options`).map(String) };
    }
    try {
      resolveEdition(platform as Platform, choice);
    } catch (err) {
      throw new ConfigError(`${where}.${platform}: ${err instanceof Error ? err.message : String(err)}`);
    }
    out[platform as Platform] = choice;
  }
  return out;
}

async function shopFromFile(r: FileReader, raw: unknown, i: number): Promise<ShopConfig> {
  const where = `shops[${i}]`;
  const s = r.obj(raw, where);
  const id = r.str(s.id, `${where}.id`);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ConfigError(`${where}.id may hold only letters, digits, _ and - (it appears in URLs)`);
  const escalation = s.escalation === undefined ? {} : r.obj(s.escalation, `${where}.escalation`);
  const outbound = s.outbound === undefined ? {} : r.obj(s.outbound, `${where}.outbound`);
  const platforms = s.platforms === undefined ? [...platformIds()] : r.list(s.platforms, `${where}.platforms`);
  for (const p of platforms) {
    if (!(platformIds() as readonly unknown[]).includes(p)) throw new ConfigError(`${where}.platforms: unknown platform "${String(p)}"`);
  }
  const shop: ShopConfig = {
    id,
    name: r.optStr(s.name, `${where}.name`) ?? id,
    genericWebhookSecret: r.secret(s.genericWebhookSecret, `${where}.genericWebhookSecret`),
    douyinInstantAnswer: s.douyinInstantAnswer === true,
    humanHoldSeconds: r.int(s.humanHoldSeconds, `${where}.humanHoldSeconds`, DEFAULT_HUMAN_HOLD_SECONDS),
    ...(s.humanRequestAck === null ? { humanRequestAck: null } : s.humanRequestAck !== undefined ? { humanRequestAck: r.optStr(s.humanRequestAck, `${where}.humanRequestAck`) } : {}),
    outboundUrl: r.optStr(outbound.url, `${where}.outbound.url`),
    outboundSecret: r.secret(outbound.secret, `${where}.outbound.secret`),
    escalation: {
      leadSeconds: r.int(escalation.leadSeconds, `${where}.escalation.leadSeconds`, DEFAULTS.escalationLeadSeconds),
      targets: r.list(escalation.targets, `${where}.escalation.targets`).map((t, j) => {
        const tw = `${where}.escalation.targets[${j}]`;
        const target = r.obj(t, tw);
        // group-robot URLs embed their access token: a secret like any other
        const url = r.secret(target.url, `${tw}.url`);
        if (!url) throw new ConfigError(`${tw}.url is required`);
        return { kind: escalationKind(r.str(target.kind, `${tw}.kind`), tw), url };
      }),
    },
    agents: await Promise.all(
      r.list(s.agents, `${where}.agents`).map(async (a, j) => {
        const aw = `${where}.agents[${j}]`;
        const agent = r.obj(a, aw);
        const agentId = r.str(agent.id, `${aw}.id`);
        return {
          id: agentId,
          name: r.optStr(agent.name, `${aw}.name`) ?? agentId,
          tokenSha256: await tokenHash(r, agent, aw),
          maxConcurrent: r.int(agent.maxConcurrent, `${aw}.maxConcurrent`, DEFAULTS.maxConcurrent),
        };
      }),
    ),
    adminTokenSha256: await Promise.all(r.list(s.adminTokens, `${where}.adminTokens`).map((t, j) => tokenHash(r, r.obj(t, `${where}.adminTokens[${j}]`), `${where}.adminTokens[${j}]`))),
    credentials: credentialsFromFile(r, s.credentials, `${where}.credentials`),
    rules: rulesFromFile(r, s.rules, `${where}.rules`),
    ...optionalEditions(editionsFromFile(r, s.editions, `${where}.editions`)),
    platforms: platforms as Platform[],
  };
  if (s.taobaoAssistBot !== undefined) {
    const b = r.obj(s.taobaoAssistBot, `${where}.taobaoAssistBot`);
    const mode = b.mode ?? "assist";
    if (mode !== "assist" && mode !== "auto") throw new ConfigError(`${where}.taobaoAssistBot.mode must be assist or auto`);
    shop.taobaoAssistBot = { bot: r.str(b.bot, `${where}.taobaoAssistBot.bot`), mode };
  }
  return shop;
}

function baseFromEnv(env: Env): Omit<AppConfig, "shops"> {
  return {
    port: intFrom(env.PORT, "PORT", DEFAULTS.port),
    ...optionalHost(env.HOST),
    databaseUrl: env.DATABASE_URL || DEFAULTS.databaseUrl,
    faqDir: env.FAQ_DIR || DEFAULTS.faqDir,
    maxBodyBytes: intFrom(env.MAX_BODY_BYTES, "MAX_BODY_BYTES", DEFAULTS.maxBodyBytes),
    sqliteSynchronous: synchronousFrom(env.SQLITE_SYNCHRONOUS),
    ...(env.MEDIA_PROXY_ALLOW_PRIVATE === "1" ? { mediaProxyAllowPrivate: true } : {}),
    eventTime: {
      maxAgeDays: intFrom(env.EVENT_MAX_AGE_DAYS, "EVENT_MAX_AGE_DAYS", DEFAULTS.eventTime.maxAgeDays),
      maxAheadSeconds: intFrom(env.EVENT_MAX_AHEAD_SECONDS, "EVENT_MAX_AHEAD_SECONDS", DEFAULTS.eventTime.maxAheadSeconds),
      skewSeconds: intFrom(env.CLOCK_SKEW_SECONDS, "CLOCK_SKEW_SECONDS", DEFAULTS.eventTime.skewSeconds),
    },
  };
}

/** Parses a config file's text (YAML or JSON); the environment supplies every secret. */
export async function configFromFile(text: string, file: string, env: Env): Promise<AppConfig> {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new ConfigError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const r = new FileReader(env);
  try {
    const root = r.obj(raw, "config");
    const base = baseFromEnv(env);
    const shops = await Promise.all(r.list(root.shops, "shops").map((s, i) => shopFromFile(r, s, i)));
    if (shops.length === 0) throw new ConfigError("shops: at least one shop is required");
    const ids = new Set<string>();
    for (const s of shops) {
      if (ids.has(s.id)) throw new ConfigError(`shops: duplicate shop id "${s.id}"`);
      ids.add(s.id);
    }
    return {
      port: env.PORT ? base.port : r.int(root.port, "port", base.port),
      ...optionalHost(env.HOST || r.optStr(root.host, "host")),
      databaseUrl: env.DATABASE_URL || r.optStr(root.database, "database") || base.databaseUrl,
      faqDir: env.FAQ_DIR || r.optStr(root.faqDir, "faqDir") || base.faqDir,
      maxBodyBytes: r.int(root.maxBodyBytes, "maxBodyBytes", base.maxBodyBytes),
      eventTime: base.eventTime,
      sqliteSynchronous: base.sqliteSynchronous,
      ...(base.mediaProxyAllowPrivate ? { mediaProxyAllowPrivate: true } : {}),
      shops,
    };
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${file}: ${err.message}`);
    throw err;
  }
}

function optionalHost(host: string | undefined): { host?: string } {
  return host ? { host } : {};
}

export async function configFromEnv(env: Env): Promise<AppConfig> {
  return { ...baseFromEnv(env), shops: [await shopFromEnv(env)] };
}
