/**
 * What the decision knows of a conversation before a buyer message: who spoke last and what
 * the bot already said. A pure fold over the conversation's events, so the live service (which
 * reads it from the store), the what-if replay and the tests all compute the same thing.
 *
 * Why a fold and not a query in the decision: the decision stays a function of its inputs, and
 * a replay over a log needs no database to get the same answers as the live service.
 */
import type { ChatEvent } from "./events.js";

export interface BotAnswerSent {
  faqId: string;
  at: number;
}

export interface ConversationState {
  /** the last message a human agent sent in this conversation (any client), epoch ms */
  lastHumanReplyAt: number | null;
  /** the agent who sent it, where known */
  lastHumanAgent: string | null;
  /** the FAQ answers our bot sent here, newest first, at most MAX_REMEMBERED */
  botAnswers: BotAnswerSent[];
  /** the buyer asked for a person and no human has replied since */
  humanRequestedAt: number | null;
}

export const MAX_REMEMBERED = 8;

export const EMPTY_CONVERSATION: ConversationState = Object.freeze({
  lastHumanReplyAt: null,
  lastHumanAgent: null,
  botAnswers: [],
  humanRequestedAt: null,
}) as ConversationState;

/** What a stored or replayed event adds to the state. `faqId` is set for our bot's FAQ answers. */
export interface ObservedEvent {
  from: ChatEvent["from"];
  type?: ChatEvent["type"];
  at: number;
  agent?: string | null;
  /** the FAQ entry whose answer this bot message was */
  faqId?: string | null;
  /** a buyer message the decision classified as a request for a person */
  humanRequested?: boolean;
}

/** The state after one more event. Never mutates its input. */
export function observe(state: ConversationState, e: ObservedEvent): ConversationState {
  if (e.type && e.type !== "message") return state;
  if (e.from === "human") {
    return { ...state, lastHumanReplyAt: e.at, lastHumanAgent: e.agent ?? state.lastHumanAgent, humanRequestedAt: null };
  }
  if (e.from === "bot" && e.faqId) {
    return { ...state, botAnswers: [{ faqId: e.faqId, at: e.at }, ...state.botAnswers].slice(0, MAX_REMEMBERED) };
  }
  if (e.from === "buyer" && e.humanRequested && state.humanRequestedAt === null) {
    return { ...state, humanRequestedAt: e.at };
  }
  return state;
}

/**
 * Whether `e` can change a state at all, wherever it falls in the order (observe may still leave
 * a state as it was, e.g. a second request for a person). The others are no-ops in any position,
 * so a store that keeps the state up to date incrementally (services/conversations.ts) may take
 * them in any order; these must come in date order, or the state be folded again.
 */
export function canChange(e: ObservedEvent): boolean {
  if (e.type && e.type !== "message") return false;
  return e.from === "human" || (e.from === "bot" && !!e.faqId) || (e.from === "buyer" && !!e.humanRequested);
}

export function foldConversation(events: Iterable<ObservedEvent>, from: ConversationState = EMPTY_CONVERSATION): ConversationState {
  let s = from;
  for (const e of events) s = observe(s, e);
  return s;
}
