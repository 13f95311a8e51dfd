/**
 * What-if replay of one conversation: every buyer message goes through the live decision (the
 * conversation-aware one, with the shop's FAQ) at the moment it arrived, and the bot messages
 * the live service would have sent are added `latencyMs` later. Nothing in the log is removed:
 * the figures "with the bot" are the same engine run over the log plus these messages.
 *
 * The conversation state is folded exactly as the live service reads it from its store
 * (services/conversations.ts): human replies, buyer messages (marked when the decision took
 * them for a request for a person) and our bot's FAQ answers, recorded at decision time.
 */
import { EMPTY_CONVERSATION, observe, type ConversationState } from "../conversation.js";
import type { Decision, DecisionReason, DecisionShop } from "../decision.js";
import type { BotMode, Platform } from "../events.js";
import type { MessageReading } from "../message-reading.js";
import { botIdentity } from "../reply-policy.js";
import type { EngineEvent } from "../compliance/types.js";
import type { RuleId, RuleSpec } from "../rules/presets.js";
import { decideReplayed } from "./decide-replayed.js";

export const DEFAULT_BOT_LATENCY_MS = 800;

/** An event of the log as the replay reads it: the engine's fields and the text. */
export type ReplayEvent = EngineEvent & { text?: string };

export interface ReplayShop {
  platform: Platform;
  policy: DecisionShop;
  rules: Record<RuleId, RuleSpec>;
  /** the message read once (message-reading.ts) with the shop's live FAQ; cached by the caller */
  read(text: string | undefined): MessageReading | null;
  latencyMs: number;
}

/** A bot message the replay adds, and why. */
export interface AddedReply {
  /** the buyer message it answers (or acknowledges) */
  inReplyTo: string;
  at: number;
  kind: "answer" | "instant" | "acknowledgement";
  faqId: string | null;
  faqScore: number | null;
  text: string;
  reason: DecisionReason;
}

export interface ReplayOutput {
  /** the engine events to add to the log */
  added: EngineEvent[];
  replies: AddedReply[];
  decisions: number;
}

/** Replays one conversation whose events are sorted (compliance/order.ts). Pure. */
export function replayConversation(events: readonly ReplayEvent[], shop: ReplayShop): ReplayOutput {
  const identity = botIdentity(shop.platform, shop.policy);
  const added: EngineEvent[] = [];
  const replies: AddedReply[] = [];
  let decisions = 0;
  let state: ConversationState = EMPTY_CONVERSATION;
  for (const e of events) {
    if (e.type !== "message") continue;
    if (e.from !== "buyer") {
      state = observe(state, { from: e.from, type: e.type, at: e.at, agent: e.agent ?? null });
      continue;
    }
    const reading = shop.read(e.text);
    const d: Decision = decideReplayed({ event: { platform: shop.platform, text: e.text, at: e.at }, reading, shop: shop.policy, rules: shop.rules, conversation: state });
    decisions++;
    state = observe(state, { from: "buyer", type: "message", at: e.at, humanRequested: d.reason === "human-requested" });
    const say = (kind: AddedReply["kind"], text: string) => {
      // one id per buyer message and kind: unique in the conversation, stable across runs
      added.push({ id: `whatif:${kind}:${e.id}`, at: e.at + shop.latencyMs, from: "bot", type: "message", bot: identity.bot, mode: identity.mode as BotMode });
      replies.push({ inReplyTo: e.id, at: e.at + shop.latencyMs, kind, faqId: kind === "acknowledgement" ? null : d.faqId, faqScore: d.faqScore, text, reason: d.reason });
    };
    if (d.action === "auto-answer" && d.answer) {
      // the live service records the answer with the decision: the state knows it at once
      if (d.faqId) state = observe(state, { from: "bot", type: "message", at: e.at, faqId: d.faqId });
      say("answer", d.answer);
      continue;
    }
    if (d.sendInstant && d.answer) say("instant", d.answer);
    if (d.acknowledgement) say("acknowledgement", d.acknowledgement);
  }
  return { added, replies, decisions };
}
