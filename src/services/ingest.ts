/**
 * The pipeline every platform feeds: store each event once, then act on it. Buyer messages
 * get exactly one decision; counted replies take a chat out of the queue.
 *
 * Store first, work after: the event row is the de-duplication point (a unique index on
 * platform + shop + id), so a re-delivered push is recognised before anything acts on it.
 */
import { eventTimeOf } from "../config/load.js";
import { outsideWindow, type ChatEvent, type TimeWindow } from "../core/events.js";
import { decide, type Decision } from "../core/decision.js";
import { readMessage } from "../core/message-reading.js";
import { botIdentity, chatDeadline, addPendingMessage } from "../core/reply-policy.js";
import { DEADLINE_RULE, isCountedReply } from "../core/rules/presets.js";
import { eventRow } from "../store/event-row.js";
import { statements } from "../store/statements.js";
import { markChatAnswered, queueBuyerMessage } from "./chats.js";
import { getConversationState, noteConversationDecision, noteConversationMessage, type ConversationKey } from "./conversations.js";
import type { ServiceContext, Shop } from "./context.js";
import { sendReply, type SendReplyInput } from "./replies.js";
import { invalidEvent } from "./errors.js";

/** The window around the server clock a live event's `at` must lie in (EVENT_MAX_AHEAD_SECONDS, EVENT_MAX_AGE_DAYS). */
function liveTimeWindow(ctx: Pick<ServiceContext, "config" | "now">): TimeWindow {
  const time = eventTimeOf(ctx.config);
  return { now: ctx.now(), maxAgeMs: time.maxAgeDays * 86_400_000, maxAheadMs: time.maxAheadSeconds * 1000 };
}

export interface StrayTime {
  /** index in the events given */
  index: number;
  id: string;
  message: string;
}

/**
 * Live intake (every webhook, TMC): events dated far ahead of the server clock would hold a
 * chat and an agent's slot until that date, and long-past ones are no live message. Each
 * route refuses or keeps them its own way; the window is one for all (issue 16).
 */
export function eventsOutsideWindow({ ctx, input }: { ctx: Pick<ServiceContext, "config" | "now">; input: { events: readonly ChatEvent[] } }): StrayTime[] {
  const window = liveTimeWindow(ctx);
  const out: StrayTime[] = [];
  input.events.forEach((e, index) => {
    const message = outsideWindow(e.at, window);
    if (message) out.push({ index, id: e.id, message });
  });
  return out;
}

/** 400 invalid_event naming `at` (and the event's index in a batch and its id) for the first stray event. */
export function refuseStrayTimes({ ctx, input }: { ctx: Pick<ServiceContext, "config" | "now">; input: { events: readonly ChatEvent[]; batch: boolean } }): void {
  const [first] = eventsOutsideWindow({ ctx, input });
  if (!first) return;
  const where = input.batch ? `event ${first.index}: ` : "";
  throw invalidEvent(`${where}${first.message}`, { field: "at", ...(input.batch ? { index: first.index } : {}), id: first.id });
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

async function storeEvent(ctx: ServiceContext, e: ChatEvent): Promise<number | undefined> {
  const [row] = await statements(ctx.db).insertEvent.all(eventRow(e, ctx.now()));
  return row?.seq;
}

/** Our bot's replies to one buyer message, and the dates they leave behind. */
interface BotSaid {
  key: ConversationKey;
  source: SendReplyInput["source"];
  inReplyTo: string;
  /** the latest of these replies (noted in the conversation-state row with the decision); null: none */
  repliedAt: number | null;
}

/**
 * Sends one reply of our bot to the buyer message. A module-level function, not a closure made
 * per message: tsx keeps names, and a named closure cost a defineProperty per buyer message.
 */
async function botSays(ctx: ServiceContext, said: BotSaid, text: string): Promise<void> {
  const reply = await sendReply({ ctx, input: { ...said.key, text, source: said.source, inReplyTo: said.inReplyTo, noteState: false } });
  if (reply.repeated) return;
  said.repliedAt = Math.max(reply.createdAt, said.repliedAt ?? reply.createdAt);
}

/** The later of two dates, either of which may be missing. */
function latestOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

async function decideBuyerMessage(ctx: ServiceContext, shop: Shop, e: ChatEvent, seq: number): Promise<Decision> {
  const matcher = ctx.faq.forShop(shop.config.id);
  const reading = readMessage(e.text, matcher, e.platform);
  const key = { shop: shop.config.id, platform: e.platform, conversation: e.conversation };
  const view = await getConversationState({ ctx, input: key });
  const decision = decide({ event: e, reading, shop: shop.config, rules: shop.rules, conversation: view.state });
  const rule = shop.rules[DEADLINE_RULE[e.platform]];
  // the message's own clock, as the decision records it (the chat's deadline may be earlier)
  const own = chatDeadline(rule, addPendingMessage(rule, null, e.at));

  // booleans as 0/1: prepared statements bind raw values
  await statements(ctx.db).insertDecision.run({
    eventSeq: seq,
    shop: shop.config.id,
    platform: e.platform,
    conversation: e.conversation,
    action: decision.action,
    reason: decision.reason,
    faqId: decision.faqId,
    faqScore: decision.faqScore,
    faqConfident: decision.faqConfident ? 1 : 0,
    faqVersion: matcher?.version ?? null,
    suggestion: decision.answer,
    clockRuns: own.clockRuns ? 1 : 0,
    deadlineAt: decision.action === "route" ? own.deadlineAt : null,
    instantSent: decision.sendInstant ? 1 : 0,
    decidedAt: ctx.now(),
  });
  const said: BotSaid = {
    key,
    source: { from: "bot", ...botIdentity(e.platform, shop.config) },
    inReplyTo: e.id,
    repliedAt: null,
  };
  if (decision.action === "auto-answer" && decision.answer) {
    await botSays(ctx, said, decision.answer);
    await markChatAnswered({ ctx, input: { shop, platform: e.platform, conversation: e.conversation, at: e.at } });
  } else {
    if (decision.sendInstant && decision.answer) await botSays(ctx, said, decision.answer);
    const onlyPersonSettles = decision.reason === "human-requested";
    await queueBuyerMessage({ ctx, input: { shop, event: e, suggestion: decision.answer, suggestionFaqId: decision.answer ? decision.faqId : null, onlyPersonSettles, lastReplyAt: latestOf(view.lastReplyAt, said.repliedAt) } });
    // "正在为您转接…" tells the buyer a person is coming; it does not settle the chat
    if (decision.acknowledgement) await botSays(ctx, said, decision.acknowledgement);
  }
  // What the decision and our replies add to the conversation's state, as a fold over the
  // stored events and decisions reads it: one read and one write of the row for both (nothing
  // between here and the decision reads the row; all of it is one unit).
  await noteConversationDecision({
    ctx,
    input: { ...key, at: e.at, humanRequested: decision.reason === "human-requested", answeredFaqId: decision.action === "auto-answer" ? decision.faqId : null, replyAt: said.repliedAt },
  });
  return decision;
}

async function actOn(ctx: ServiceContext, shop: Shop, e: ChatEvent, seq: number): Promise<void> {
  if (e.type !== "message") return;
  if (e.from === "buyer") {
    await decideBuyerMessage(ctx, shop, e, seq);
  } else if (e.from === "human" || e.from === "bot") {
    await noteConversationMessage({ ctx, input: { shop: shop.config.id, platform: e.platform, conversation: e.conversation, from: e.from, at: e.at, agent: e.agent } });
    // an agent answering in the platform's own client (千牛, 飞鸽 …) settles the chat too; a
    // bot message (a platform echoing our "正在为您转接…") never settles one waiting for a person
    if (isCountedReply(shop.rules[DEADLINE_RULE[e.platform]].counted, e) && (e.from === "human" || !(await waitsForPerson(ctx, e)))) {
      await markChatAnswered({ ctx, input: { shop, platform: e.platform, conversation: e.conversation, at: e.at } });
    }
  }
}

async function waitsForPerson(ctx: ServiceContext, e: ChatEvent): Promise<boolean> {
  const { state } = await getConversationState({ ctx, input: { shop: e.shop, platform: e.platform, conversation: e.conversation } });
  return state.humanRequestedAt !== null;
}

/** Stores and acts on validated events of one shop, in order. */
export async function ingestEvents({ ctx, input }: { ctx: ServiceContext; input: { shopId: string; events: ChatEvent[] } }): Promise<IngestResult> {
  const shop = ctx.shops.get(input.shopId);
  if (!shop) throw new Error(`unknown shop ${input.shopId}`);
  // one unit: a batch is stored whole or not at all, and acknowledged only once committed
  const result = await ctx.transact(async () => {
    const counts: IngestResult = { accepted: 0, duplicates: 0 };
    for (const e of input.events) {
      const seq = await storeEvent(ctx, e);
      if (seq === undefined) {
        counts.duplicates++;
        continue;
      }
      counts.accepted++;
      await actOn(ctx, shop, e, seq);
      for (const hook of ctx.afterStore) await hook(ctx, shop, e);
    }
    return counts;
  });
  if (result.accepted > 0) ctx.changes.notify(input.shopId);
  return result;
}
