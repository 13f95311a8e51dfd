/**
 * Replies that did not reach the buyer (core/undelivered.ts has the rules). The outbox calls
 * these in the unit that records a reply's failed attempt, or its success after a failure, so
 * the chat's state and the attempt commit together. They run only on those paths: a reply
 * delivered at its first attempt costs nothing here.
 *
 * The chat's mark is a decision row on the reply's own event (reason `reply-undelivered`, then
 * `reply-failed` or `reply-delivered-late`), so the console's "为什么转人工" bar, the dashboard's
 * bot panel and /api/admin/decisions read it as they read every other reason; its suggestion is
 * the reply's text, for an agent to send through the platform's own app.
 */
import type { OutboundReply } from "../core/outbound.js";
import { reopenForUndelivered, settleDeliveredLate, type ReplyDeliveryReason } from "../core/undelivered.js";
import { DEADLINE_RULE } from "../core/rules/presets.js";
import { statements } from "../store/statements.js";
import { assignChat, settleChat } from "./chats.js";
import type { ServiceContext } from "./context.js";
import type { OutboxRow } from "./outbox.js";

/**
 * How much of the conversation's tail is read around a reply (the messages after it, and back to
 * the previous reply that reached the buyer), as conversations.ts folds its last 50 events: where
 * every reply fails (no outbound URL at all) the walk back would otherwise cross the whole history.
 */
const TAIL = 50;

interface StoredReply {
  reply: OutboundReply;
  seq: number;
  at: number;
  /** the decision row marking this reply (null: the reply never put its chat back) */
  mark: string | null;
}

/** The reply of an outbox row, with its stored event and mark; undefined for an escalation or a reply never stored. */
async function storedReply(ctx: ServiceContext, row: OutboxRow): Promise<StoredReply | undefined> {
  if (row.kind !== "reply") return undefined;
  const reply = JSON.parse(row.payload) as OutboundReply;
  const event = await statements(ctx.db).messageDecision.get({ platform: reply.platform, shop: reply.shop, msgId: reply.id });
  return event ? { reply, seq: event.seq, at: event.at, mark: event.reason } : undefined;
}

/** Whether the bot's reply settled the chat (an auto-answer), not an acknowledgement or a Douyin instant answer beside a routed chat. */
async function botAnswerSettled(ctx: ServiceContext, r: StoredReply): Promise<boolean> {
  if (!r.reply.inReplyTo) return false;
  const row = await statements(ctx.db).messageDecision.get({ platform: r.reply.platform, shop: r.reply.shop, msgId: r.reply.inReplyTo });
  return row?.action === "auto-answer";
}

/** The marks of a reply still undelivered: the buyer has not read it, so it answered nothing yet. */
const UNDELIVERED: readonly string[] = ["reply-undelivered", "reply-failed"] satisfies ReplyDeliveryReason[];

interface AroundReply {
  /** a person's message in the conversation stored after the reply (the chat is theirs now) */
  personRepliedSince: boolean;
  /**
   * the buyer messages the reply answered: after the conversation's previous shop-side message
   * that reached the buyer, up to the reply; their dates, and the newest
   */
  answered: number[];
  newestAnswered: { at: number; text: string | null } | null;
  /** the dates of the buyer messages after the reply */
  laterBuyerAts: number[];
}

/** What the conversation's tail (≤ TAIL messages, one read, newest first) says around the reply. */
async function aroundReply(ctx: ServiceContext, r: StoredReply): Promise<AroundReply> {
  const tail = await statements(ctx.db).conversationMessagesWithMarks.all({ shop: r.reply.shop, platform: r.reply.platform, conversation: r.reply.conversation, limit: TAIL });
  const out: AroundReply = { personRepliedSince: false, answered: [], newestAnswered: null, laterBuyerAts: [] };
  let before = false; // walking back past the reply
  for (const e of tail) {
    if (e.seq === r.seq) {
      before = true;
      continue;
    }
    if (e.from === "human" && e.seq > r.seq) out.personRepliedSince = true;
    if (!before) {
      if (e.from === "buyer" && e.at > r.at) out.laterBuyerAts.push(e.at);
      // a message stored later but dated at or before the reply is part of its round
      if (e.at > r.at || e.from !== "buyer") continue;
    }
    if (e.from === "buyer") {
      out.answered.push(e.at);
      out.newestAnswered ??= { at: e.at, text: e.text };
    } else if (before && (e.from === "human" || e.from === "bot") && !(e.reason && UNDELIVERED.includes(e.reason))) {
      // the previous shop-side message that reached the buyer ends the round
      break;
    }
  }
  return out;
}

async function setMark(ctx: ServiceContext, seq: number, reason: ReplyDeliveryReason): Promise<void> {
  await statements(ctx.db).setDecisionReason.run({ eventSeq: seq, reason, decidedAt: ctx.now() });
}

/**
 * A reply's delivery attempt failed (`hopeless`: the row is now `failed`). On the first failure
 * the chat goes back to a person, marked; on the hopeless one the mark says so. Returns whether
 * anything changed (the caller notifies the live feeds after its unit).
 */
export async function noteReplyUndelivered({ ctx, input }: { ctx: ServiceContext; input: { row: OutboxRow; hopeless: boolean } }): Promise<boolean> {
  const r = await storedReply(ctx, input.row);
  if (!r) return false;
  if (r.mark) {
    if (!input.hopeless || r.mark === "reply-failed") return false;
    await setMark(ctx, r.seq, "reply-failed");
    return true;
  }
  const { reply } = r;
  if (reply.source.from === "bot" && !(await botAnswerSettled(ctx, r))) return false;
  const shop = ctx.shops.get(reply.shop);
  if (!shop) return false;
  const st = statements(ctx.db);
  const chat = await st.findChat.get({ shop: reply.shop, platform: reply.platform, conversation: reply.conversation });
  const around = await aroundReply(ctx, r);
  const reopening = reopenForUndelivered({
    reply: { from: reply.source.from, agent: reply.source.from === "human" ? reply.source.agent : null },
    hopeless: input.hopeless,
    personRepliedSince: around.personRepliedSince,
    answered: around.answered,
    chat: chat ?? null,
    rule: shop.rules[DEADLINE_RULE[reply.platform]],
  });
  if (!reopening) return false;
  const now = ctx.now();
  const { reason, ...clock } = reopening;
  const suggestion = reply.text || null;
  const key = { shop: reply.shop, platform: reply.platform, conversation: reply.conversation };
  // a conversation the bot answered from its first message has no chat row yet (it enters waiting)
  const row =
    chat ??
    (
      await st.insertChat.all({
        ...key,
        ...clock,
        clockRuns: clock.clockRuns ? 1 : 0,
        lastBuyerAt: around.newestAnswered?.at ?? null,
        lastText: around.newestAnswered?.text ?? null,
        buyerNick: null,
        suggestion,
        suggestionFaqId: null,
        updatedAt: now,
      })
    )[0];
  if (!row) throw new Error("chat row vanished");
  const [updated] =
    chat || clock.status !== "waiting"
      ? await st.reopenChat.all({ id: row.id, ...clock, clockRuns: clock.clockRuns ? 1 : 0, suggestion, suggestionFaqId: null, assignedAt: clock.status === "assigned" && row.status !== "assigned" ? now : row.assignedAt, updatedAt: now })
      : [row];
  await st.insertDecision.run({
    eventSeq: r.seq,
    shop: reply.shop,
    platform: reply.platform,
    conversation: reply.conversation,
    action: "route",
    reason,
    faqId: null,
    faqScore: null,
    faqConfident: 0,
    faqVersion: null,
    suggestion,
    clockRuns: clock.clockRuns ? 1 : 0,
    deadlineAt: clock.deadlineAt,
    instantSent: 0,
    decidedAt: now,
  });
  // back in the queue: whoever has room takes it, its previous agent first
  if (updated?.status === "waiting") await assignChat({ ctx, input: { shop, chat: updated, preferAgent: chat?.agentId ?? null } });
  return true;
}

/**
 * A reply delivered after failed attempts: its chat is settled again, as if it had been
 * delivered the first time, unless a person replied meanwhile. Returns whether anything changed.
 */
export async function noteReplyDeliveredLate({ ctx, input }: { ctx: ServiceContext; input: { row: OutboxRow } }): Promise<boolean> {
  const r = await storedReply(ctx, input.row);
  if (!r) return false;
  if (!r.mark || r.mark === "reply-delivered-late") return false;
  await setMark(ctx, r.seq, "reply-delivered-late");
  const { reply } = r;
  const shop = ctx.shops.get(reply.shop);
  const st = statements(ctx.db);
  const chat = await st.findChat.get({ shop: reply.shop, platform: reply.platform, conversation: reply.conversation });
  if (!shop || !chat) return true;
  const around = await aroundReply(ctx, r);
  const settling = settleDeliveredLate({ personRepliedSince: around.personRepliedSince, after: around.laterBuyerAts, rule: shop.rules[DEADLINE_RULE[reply.platform]] });
  const now = ctx.now();
  if (settling.kind === "answered") {
    await settleChat({ ctx, input: { shop, chatId: chat.id } });
  } else if (settling.kind === "pending") {
    const { kind: _, ...clock } = settling;
    if (chat.status === "waiting" || chat.status === "assigned")
      await st.reopenChat.run({
        id: chat.id,
        status: chat.status,
        agentId: chat.agentId,
        ...clock,
        clockRuns: clock.clockRuns ? 1 : 0,
        suggestion: chat.suggestion,
        suggestionFaqId: chat.suggestionFaqId,
        assignedAt: chat.assignedAt,
        updatedAt: now,
      });
  }
  return true;
}
