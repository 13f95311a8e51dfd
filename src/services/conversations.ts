/**
 * The conversation state the decision reads (core/conversation.ts), from the store.
 *
 * Kept, not recomputed: a `conversation_states` row per conversation is updated in the unit
 * that stores each event able to change it (a shop-side message, a buyer message decided as a
 * request for a person, a FAQ answer of our bot), so a buyer message reads one row. Folding the
 * conversation's last events and their decisions on every buyer message cost 0.13–0.17 ms of the
 * request thread's time per message (bench:ingest, docs/configuration.md "Performance").
 * The row equals the fold over the events in date order as long as such events arrive in date
 * order; one dated before an event already folded in (pushes do arrive out of order) marks the
 * row stale, and the next read folds the conversation's tail again, as every read did before.
 */
import { canChange, EMPTY_CONVERSATION, foldConversation, observe, type BotAnswerSent, type ConversationState, type ObservedEvent } from "../core/conversation.js";
import type { Platform } from "../core/events.js";
import { statements } from "../store/statements.js";
import type { ServiceContext } from "./context.js";

/**
 * How far back a fold of the tail looks (a stale or backfilled row). Hold time and the repeat
 * window are minutes to an hour; a conversation's last 50 events cover them in any chat a person
 * could keep up with, and keep the read bounded in a conversation with 100,000 messages.
 */
const TAIL = 50;

export type ConversationKey = {
  shop: string;
  platform: Platform;
  conversation: string;
};

export interface ConversationView {
  state: ConversationState;
  /** the latest date of a stored shop-side message (human or bot) in the conversation; null: none */
  lastReplyAt: number | null;
}

type StateRow = NonNullable<Awaited<ReturnType<ReturnType<typeof statements>["findConversationState"]["get"]>>>;

const stateOf = (row: StateRow): ConversationState => ({
  lastHumanReplyAt: row.lastHumanReplyAt,
  lastHumanAgent: row.lastHumanAgent,
  humanRequestedAt: row.humanRequestedAt,
  botAnswers: JSON.parse(row.botAnswers) as BotAnswerSent[],
});

async function put(ctx: ServiceContext, key: ConversationKey, fields: { state: ConversationState; stale: boolean; foldedAt: number | null; lastReplyAt: number | null }): Promise<void> {
  const { state } = fields;
  await statements(ctx.db).putConversationState.run({
    ...key,
    stale: fields.stale ? 1 : 0,
    foldedAt: fields.foldedAt,
    lastHumanReplyAt: state.lastHumanReplyAt,
    lastHumanAgent: state.lastHumanAgent,
    humanRequestedAt: state.humanRequestedAt,
    botAnswers: JSON.stringify(state.botAnswers),
    lastReplyAt: fields.lastReplyAt,
  });
}

/**
 * The fold over the conversation's latest `limit` stored events, each buyer message with its
 * decision: what a stale row is rebuilt from (and, over all events, what a kept row must equal).
 */
export async function foldStoredConversation({ ctx, input }: { ctx: ServiceContext; input: ConversationKey & { limit?: number } }): Promise<{ state: ConversationState; foldedAt: number | null }> {
  const rows = await statements(ctx.db).conversationTail.all({ shop: input.shop, platform: input.platform, conversation: input.conversation, limit: input.limit ?? TAIL });
  if (rows.length === 0) return { state: EMPTY_CONVERSATION, foldedAt: null };
  const observed: ObservedEvent[] = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    observed.push({ from: r.from as ObservedEvent["from"], type: r.type as ObservedEvent["type"], at: r.at, agent: r.agent, humanRequested: r.reason === "human-requested" });
    // our bot's FAQ answer is recorded on the buyer message it answered
    if (r.action === "auto-answer" && r.faqId) observed.push({ from: "bot", at: r.at, faqId: r.faqId });
  }
  // incremental updates may follow the latest event that could change the state
  let foldedAt: number | null = null;
  for (const o of observed) if (canChange(o) && (foldedAt === null || o.at > foldedAt)) foldedAt = o.at;
  return { state: foldConversation(observed), foldedAt };
}

export async function getConversationState({ ctx, input }: { ctx: ServiceContext; input: ConversationKey }): Promise<ConversationView> {
  const row = await statements(ctx.db).findConversationState.get(input);
  // no row: nothing in this conversation has changed the state, and no shop-side message is stored
  if (!row) return { state: EMPTY_CONVERSATION, lastReplyAt: null };
  if (!row.stale) return { state: stateOf(row), lastReplyAt: row.lastReplyAt };
  const { state, foldedAt } = await foldStoredConversation({ ctx, input });
  await put(ctx, input, { state, stale: false, foldedAt, lastReplyAt: row.lastReplyAt });
  return { state, lastReplyAt: row.lastReplyAt };
}

/**
 * Brings the row up to date with more events of the conversation, in their order: `observed`
 * as the fold sees them, `replyAt` the date of a stored shop-side message (null for none). In
 * the unit that stores them. One read and one write of the row however many there are (a bot
 * answer adds two to a buyer message's decision).
 */
async function note(ctx: ServiceContext, key: ConversationKey, observed: readonly ObservedEvent[], replyAt: number | null): Promise<void> {
  const changing = observed.filter(canChange);
  if (changing.length === 0 && replyAt === null) return;
  const row = await statements(ctx.db).findConversationState.get(key);
  const lastReplyAt = replyAt === null ? (row?.lastReplyAt ?? null) : Math.max(replyAt, row?.lastReplyAt ?? replyAt);
  let foldedAt = row?.foldedAt ?? null;
  let state = row && !row.stale ? stateOf(row) : EMPTY_CONVERSATION;
  // a stale row stays stale (its next read folds the tail); an event out of date order makes it stale
  let stale = row?.stale === 1;
  for (const o of changing) {
    if (stale) break;
    if (foldedAt !== null && o.at < foldedAt) stale = true;
    else {
      state = observe(state, o);
      foldedAt = Math.max(o.at, foldedAt ?? o.at);
    }
  }
  await put(ctx, key, { state, stale, foldedAt, lastReplyAt });
}

/** A message stored in the conversation (received or sent by us); only shop-side ones change the row. */
export async function noteConversationMessage({ ctx, input }: { ctx: ServiceContext; input: ConversationKey & { from: ObservedEvent["from"]; at: number; agent?: string | null } }): Promise<void> {
  const { from, at, agent, ...key } = input;
  if (from !== "human" && from !== "bot") return;
  await note(ctx, key, [{ from, type: "message", at, agent: agent ?? null }], at);
}

/**
 * What the decision on a buyer message adds: a request for a person, or our bot's FAQ answer
 * (dated as the message); and `replyAt`, the date of the latest reply our bot stored for it in
 * the same unit (sendReply with `noteState: false`; null: none). A bot message without a FAQ
 * id changes only the row's `lastReplyAt`, so noting it here is what noteConversationMessage
 * would have done after, in one read and write instead of two.
 */
export async function noteConversationDecision({ ctx, input }: { ctx: ServiceContext; input: ConversationKey & { at: number; humanRequested: boolean; answeredFaqId: string | null; replyAt: number | null } }): Promise<void> {
  const { at, humanRequested, answeredFaqId, replyAt, ...key } = input;
  const observed: ObservedEvent[] = [{ from: "buyer", type: "message", at, humanRequested }];
  if (answeredFaqId) observed.push({ from: "bot", at, faqId: answeredFaqId });
  await note(ctx, key, observed, replyAt);
}
