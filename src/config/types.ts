/**
 * The resolved configuration of the running app: every shop with its policy, credentials,
 * people and rule overrides. Secrets are already read from the environment here; nothing
 * in this structure is ever logged (see describeShop in ./describe.ts for what is).
 */
import type { BotMode, Platform } from "../core/events.js";
import type { EditionSelections } from "../core/rules/editions.js";
import type { RuleOverrides } from "../core/rules/presets.js";
import type { PLATFORM_REGISTRY } from "../platforms/registry.js";
import type { CredentialsReader } from "../platforms/types.js";

type RegisteredModule = (typeof PLATFORM_REGISTRY)[number];

export interface AgentConfig {
  id: string;
  name: string;
  /** SHA-256 hex of the bearer token: tokens are hashed at rest */
  tokenSha256: string;
  /** most chats in the agent's list at once */
  maxConcurrent: number;
}

export interface EscalationTarget {
  kind: "dingtalk" | "wecom" | "feishu" | "generic";
  url: string;
}

/** Each platform's credentials, by id, as its folder reads them (src/platforms/<id>/credentials.ts). */
export type PlatformCredentials = { [M in RegisteredModule as M["id"]]?: M["credentials"] extends CredentialsReader<infer C> ? C : never };

export interface ShopConfig {
  id: string;
  name: string;
  /** HMAC secret of POST /webhooks/generic/{shop}; undefined: the generic webhook is closed */
  genericWebhookSecret?: string;
  /**
   * Taobao counts a bot's answer only from dianxiaomi/leyan/xiaowei/xiaoduo in assist mode.
   * Set when this shop's answers go out through such an eligible integration; undefined: our
   * answers would not count on Taobao, so Taobao chats are always routed to a human.
   */
  taobaoAssistBot?: { bot: string; mode: BotMode };
  /** Douyin never counts a bot answer; opt in to send it anyway (the chat still goes to a human) */
  douyinInstantAnswer: boolean;
  /** a human agent's reply keeps the bot out of that conversation for this long (default 600) */
  humanHoldSeconds?: number;
  /** told to a buyer who asks for a person, where the bot speaks; null: nothing is sent */
  humanRequestAck?: string | null;
  /** where replies are POSTed for platforms without a native sender (the generic outbound webhook) */
  outboundUrl?: string;
  outboundSecret?: string;
  escalation: { leadSeconds: number; targets: EscalationTarget[] };
  agents: AgentConfig[];
  /** SHA-256 hex of admin bearer tokens */
  adminTokenSha256: string[];
  credentials: PlatformCredentials;
  rules: RuleOverrides;
  /** the rule edition read per platform (default: the seeds' reading), docs/compliance.md "Editions" */
  editions?: EditionSelections;
  /** which platforms this shop runs on; used for the demo and the dashboard */
  platforms: Platform[];
}

export interface AppConfig {
  port: number;
  /**
   * address to listen on (HOST / `host:`); unset: 127.0.0.1 while development credentials are in
   * use, else 0.0.0.0 (src/node/listen.ts)
   */
  host?: string;
  databaseUrl: string;
  faqDir: string;
  /** largest webhook body accepted, bytes */
  maxBodyBytes: number;
  /** SQLite `synchronous` on Node: FULL (default, an fsync per commit) or NORMAL (docs/configuration.md) */
  sqliteSynchronous?: "FULL" | "NORMAL";
  /**
   * MEDIA_PROXY_ALLOW_PRIVATE=1: the image proxy may fetch loopback and private addresses.
   * Tests and development only (an image server on 127.0.0.1); never in production, where it
   * would let a typed URL reach the server's own network (docs/configuration.md).
   */
  mediaProxyAllowPrivate?: boolean;
  /** how far an incoming event's time may stray from the server clock (defaults: DEFAULTS.eventTime) */
  eventTime?: EventTimeConfig;
  shops: ShopConfig[];
}

export interface EventTimeConfig {
  /** an event older than this is refused (400): a live webhook does not carry last month's messages */
  maxAgeDays: number;
  /** an event dated further ahead than this is refused (400): it would hold a chat open until then */
  maxAheadSeconds: number;
  /** the skew between platform and server clocks the chat logic tolerates (a reply stamped this much before a message still answers it) */
  skewSeconds: number;
}
