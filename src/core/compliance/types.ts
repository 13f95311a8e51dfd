/**
 * Types shared by the compliance engine. Pure data: the engine runs unchanged in Node and
 * on Cloudflare Workers, so nothing here touches I/O.
 */
import type { ChatEvent, Platform } from "../events.js";
import type { RuleId, RuleSpec } from "../rules/presets.js";

/** The fields of an event the engine reads; a ChatEvent is one. */
export type EngineEvent = Pick<ChatEvent, "id" | "at" | "from" | "type" | "agent" | "bot" | "mode">;

/** Identifies a conversation: ids are only unique per platform + shop. */
export interface ConversationRef {
  platform: Platform;
  shop: string;
  conversation: string;
}

/**
 * What a conversation-day needs to know about the days before it. Everything else about a
 * rule is confined to one natural day (choice 2, "unanswered at midnight = late").
 */
export interface Carry {
  /** the agent whose reception list holds the conversation (from `assigned` events) */
  agent: string | null;
  /** when the conversation entered that agent's list */
  agentSince: number | null;
  /** per streak-clock rule: first buyer message of a streak still open (no counted reply since) */
  streakStart: Partial<Record<RuleId, number>>;
  /** first buyer message of a round with no shop reply yet; later buyer messages join it */
  roundStart: number | null;
}

export const EMPTY_CARRY: Carry = Object.freeze({ agent: null, agentSince: null, streakStart: {}, roundStart: null }) as Carry;

export interface DayInput {
  ref: ConversationRef;
  /** platform day number (see core/time.ts) */
  day: number;
  /** the conversation's events of that day, any order */
  events: EngineEvent[];
  carryIn: Carry;
  /** a shop reply exists on a later day: a round open at midnight is then cross-day (choice 2) */
  laterShopReply: boolean;
  /** the conversation has an `internal` or `staff` message (on any day): never assessed */
  excluded: boolean;
}

export type ItemStatus = "in-time" | "late" | "excluded";

export interface ReplyRef {
  id: string;
  at: number;
  from: "human" | "bot";
  agent?: string;
  bot?: string;
  mode?: string;
}

/** The explanation of one assessed (or excluded) message, round, person or conversation-day. */
export interface ExplainItem {
  rule: RuleId;
  platform: Platform;
  shop: string;
  conversation: string;
  /** per-agent rules: the agent; per-person rules: the sub-account of the person (may be ""); else null */
  agent: string | null;
  day: number;
  unit: RuleSpec["unit"];
  /** the buyer message that starts the item */
  startId: string;
  start: number;
  /** where the clock starts (the streak's first message, the moment the agent received it, …) */
  clockFrom: number;
  /** the reply that stopped the clock (or, for an excluded round, the reply that ended it) */
  reply: ReplyRef | null;
  /** seconds from clockFrom to the reply; null without a reply */
  seconds: number | null;
  status: ItemStatus;
  reason?: string;
}

/** Response-time distribution of the Taobao seed: ≤10 s, ≤30 s, ≤60 s, slower, no reply. */
export type Tiers = [fast: number, good: number, pass: number, slower: number, none: number];
export const TIER_LABELS = ["≤10s 快速", "≤30s 良好", "≤60s 合格", "slower", "no reply"] as const;
export const TIER_LIMITS_MS = [10_000, 30_000, 60_000] as const;

export interface Contribution {
  rule: RuleId;
  /** per-agent rules only; null otherwise */
  agent: string | null;
  day: number;
  numerator: number;
  denominator: number;
  tiers: Tiers;
}

export interface DayOutput {
  contributions: Contribution[];
  /** filled only when asked for (explain); the figures never need them */
  items: ExplainItem[];
  carryOut: Carry;
  /** a round is still open at the end of the day (its fate waits for a later shop reply) */
  openRoundAtEnd: boolean;
}

/** Which rules apply to a shop (already resolved with its overrides and the selection). */
export type RulesFor = (platform: Platform, shop: string) => readonly RuleSpec[];
