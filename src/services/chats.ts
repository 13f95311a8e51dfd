/**
 * The human side: one chat row per conversation, a queue ordered by deadline, assignment to
 * the least-loaded online agent under their concurrency cap. Every assignment is also stored
 * as an `assigned` event, because the Kuaishou agent metric starts its clock there.
 */
import { and, asc, count, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { eventTimeOf } from "../config/load.js";
import type { BotMode, ChatEvent, Platform } from "../core/events.js";
import { addPendingMessage, chatDeadline } from "../core/reply-policy.js";
import { DEADLINE_RULE, isCountedReply } from "../core/rules/presets.js";
import { agentPresence, chats, events } from "../store/schema/index.js";
import { eventRow } from "../store/event-row.js";
import { statements } from "../store/statements.js";
import type { ServiceContext, Shop } from "./context.js";

export type ChatRow = typeof chats.$inferSelect;
export const OPEN_STATUSES = ["waiting", "assigned"] as const;

/** module-private and positional: it runs for every buyer message (no argument objects on that path) */
async function findChat(ctx: ServiceContext, shop: string, platform: Platform, conversation: string): Promise<ChatRow | undefined> {
  return statements(ctx.db).findChat.get({ shop, platform, conversation });
}

export async function getChat({ ctx, input }: { ctx: ServiceContext; input: { shop: string; id: number } }): Promise<ChatRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(chats)
    .where(and(eq(chats.shop, input.shop), eq(chats.id, input.id)))
    .limit(1);
  return row;
}

/** A buyer message the bot did not settle: the chat enters (or stays in) the queue. */
export async function queueBuyerMessage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    shop: Shop;
    event: ChatEvent;
    suggestion: string | null;
    suggestionFaqId: string | null;
    /**
     * The buyer asked for a person (now or earlier, unanswered): only a person's reply settles
     * the message, not a bot's ("正在为您转接…" counts for Kuaishou's figures, but nobody came).
     */
    onlyPersonSettles?: boolean;
    /**
     * The latest date of a shop-side message stored in the conversation (null: none), where the
     * caller knows it (services/conversations.ts): a message dated after it cannot have been
     * answered before it came, and the replies need not be read.
     */
    lastReplyAt?: number | null;
  };
}): Promise<ChatRow | undefined> {
  const { shop, event } = input;
  const rule = shop.rules[DEADLINE_RULE[event.platform]];
  const now = ctx.now();
  const existing = await findChat(ctx, shop.config.id, event.platform, event.conversation);
  // pushes arrive out of order: a counted reply already stored, dated at or after this message, answered it
  const mayBeAnswered = input.lastReplyAt === undefined || (input.lastReplyAt !== null && input.lastReplyAt >= event.at);
  if (mayBeAnswered && (await answeredBefore(ctx, shop, event, input.onlyPersonSettles ?? false))) return existing;
  const previous = existing?.pendingSince != null ? { pendingSince: existing.pendingSince, firstAssessedAt: existing.firstAssessedAt } : null;
  const pending = addPendingMessage(rule, previous, event.at);
  const { deadlineAt, clockRuns } = chatDeadline(rule, pending);
  const isNewest = !existing?.lastBuyerAt || event.at >= existing.lastBuyerAt;
  const fields = {
    pendingSince: pending.pendingSince,
    firstAssessedAt: pending.firstAssessedAt,
    deadlineAt,
    clockRuns: clockRuns ? 1 : 0,
    lastBuyerAt: isNewest ? event.at : (existing?.lastBuyerAt ?? null),
    lastText: isNewest ? (event.text ?? null) : (existing?.lastText ?? null),
    buyerNick: isNewest ? buyerNickOf(event) : null,
    suggestion: isNewest ? input.suggestion : (existing?.suggestion ?? null),
    suggestionFaqId: isNewest ? input.suggestionFaqId : (existing?.suggestionFaqId ?? null),
    updatedAt: now,
  };
  const st = statements(ctx.db);
  const chat: ChatRow | undefined = existing
    ? (await st.updateQueuedChat.all({ ...fields, id: existing.id, status: existing.status === "assigned" ? "assigned" : "waiting" }))[0]
    : (await st.insertChat.all({ ...fields, shop: shop.config.id, platform: event.platform, conversation: event.conversation }))[0];
  if (!chat) throw new Error("chat row vanished");
  if (chat.status === "waiting") return (await assignChat({ ctx, input: { shop, chat, preferAgent: existing?.agentId ?? null } })) ?? chat;
  return chat;
}

/**
 * The buyer's nickname where the platform gives one: the mappings keep it as `buyerNick`
 * (Douyin buyer_nick, Kuaishou buyerNick/nickName, Taobao buyer_nick); a generic event may send
 * `buyerNick` or `nick`. Shown beside the conversation id, never instead of it in the API.
 */
export function buyerNickOf(event: ChatEvent): string | null {
  const v = event.extra?.buyerNick ?? event.extra?.nick;
  return typeof v === "string" && v.trim() ? v.trim().slice(0, 64) : null;
}

/** A counted reply settles the chat: it leaves the queue (the agent stays, for the next round). */
export async function markChatAnswered({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop; platform: Platform; conversation: string; at: number } }) {
  const chat = await findChat(ctx, input.shop.config.id, input.platform, input.conversation);
  // a reply older than the first pending message answers an earlier round, not this one; but
  // platform and server clocks differ a little (an agent's reply from the console is stamped
  // by ours): a reply processed after the message and at most the skew before it answers it
  const skewMs = eventTimeOf(ctx.config).skewSeconds * 1000;
  if (!chat || chat.pendingSince === null || input.at + skewMs < chat.pendingSince) return;
  await settleChat({ ctx, input: { shop: input.shop, chatId: chat.id } });
}

/** The chat is answered: idle, out of the queue; its agent's slot goes to the next waiting chat. */
export async function settleChat({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop; chatId: number } }): Promise<void> {
  await statements(ctx.db).markChatIdle.run({ id: input.chatId, updatedAt: ctx.now() });
  await fillQueue({ ctx, input: { shop: input.shop } });
}

/**
 * Whether a reply that settles `event` (counted by the platform's rule, and from a person when
 * only a person settles it) is already stored in its conversation, dated at or after it.
 */
async function answeredBefore(ctx: ServiceContext, shop: Shop, event: ChatEvent, onlyPerson: boolean): Promise<boolean> {
  const counted = shop.rules[DEADLINE_RULE[event.platform]].counted;
  // prepared once per database (store/statements.ts): this runs for every buyer message
  const replies = await statements(ctx.db).repliesSince.all({ shop: shop.config.id, platform: event.platform, conversation: event.conversation, at: event.at });
  return replies.some((r) => (!onlyPerson || r.from === "human") && isCountedReply(counted, { from: r.from as ChatEvent["from"], bot: r.bot ?? undefined, mode: (r.mode ?? undefined) as BotMode | undefined }));
}

export function onlineAgents({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop } }): Promise<Set<string>> {
  return online(ctx, input.shop);
}

export function agentLoads({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop } }): Promise<Map<string, number>> {
  return loads(ctx, input.shop);
}

// The two above, positional for this module's own calls: assignChat runs for every buyer message
// the bot leaves to a person, so it builds no argument objects.
async function online(ctx: ServiceContext, shop: Shop): Promise<Set<string>> {
  const rows = await statements(ctx.db).onlineAgents.all({ shop: shop.config.id });
  return new Set(rows.map((r) => r.agentId).filter((id) => shop.agentsById.has(id)));
}

async function loads(ctx: ServiceContext, shop: Shop): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({ agentId: chats.agentId, n: count() })
    .from(chats)
    .where(and(eq(chats.shop, shop.config.id), eq(chats.status, "assigned")))
    .groupBy(chats.agentId);
  return new Map(rows.map((r) => [r.agentId ?? "", r.n]));
}

/**
 * Picks an agent: the chat's previous agent if online with room (the buyer keeps their
 * person), else the least-loaded online agent with room; ties go to the agent listed first.
 */
export function pickAgent(shop: Shop, online: Set<string>, loads: Map<string, number>, prefer: string | null, exclude: string | null = null): string | undefined {
  const room = (id: string) => online.has(id) && id !== exclude && (loads.get(id) ?? 0) < (shop.agentsById.get(id)?.maxConcurrent ?? 0);
  if (prefer && room(prefer)) return prefer;
  let best: string | undefined;
  for (const agent of shop.config.agents) {
    if (room(agent.id) && (best === undefined || (loads.get(agent.id) ?? 0) < (loads.get(best) ?? 0))) best = agent.id;
  }
  return best;
}

/** Puts a chat into an agent's reception list and records it as an `assigned` event. */
export function putChatInList({ ctx, input }: { ctx: ServiceContext; input: { chat: ChatRow; agentId: string; onlyIfStatus?: string } }): Promise<ChatRow | undefined> {
  return putInList(ctx, input.chat, input.agentId, input.onlyIfStatus);
}

/** putChatInList, positional for assignChat and fillQueue (per routed message) */
async function putInList(ctx: ServiceContext, chat: ChatRow, agentId: string, onlyIfStatus?: string): Promise<ChatRow | undefined> {
  const now = ctx.now();
  const where = onlyIfStatus ? and(eq(chats.id, chat.id), eq(chats.status, onlyIfStatus)) : eq(chats.id, chat.id);
  const [updated] = await ctx.db.update(chats).set({ status: "assigned", agentId, assignedAt: now, updatedAt: now }).where(where).returning();
  if (!updated) return undefined;
  ctx.changes.notify(chat.shop);
  const assigned: ChatEvent = { id: `fr-assigned-${chat.id}-${now}-${agentId}`, platform: chat.platform as Platform, shop: chat.shop, conversation: chat.conversation, at: now, from: "system", type: "assigned", agent: agentId };
  await ctx.db.insert(events).values(eventRow(assigned, now)).onConflictDoNothing();
  return updated;
}

export async function assignChat({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop; chat: ChatRow; preferAgent: string | null; excludeAgent?: string } }): Promise<ChatRow | undefined> {
  const present = await online(ctx, input.shop);
  if (present.size === 0) return undefined;
  const agent = pickAgent(input.shop, present, await loads(ctx, input.shop), input.preferAgent, input.excludeAgent ?? null);
  if (!agent) return undefined;
  return putInList(ctx, input.chat, agent, "waiting");
}

/** Hands waiting chats, most urgent first, to agents with room. */
export async function fillQueue({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop } }): Promise<number> {
  const present = await online(ctx, input.shop);
  if (present.size === 0) return 0;
  const load = await loads(ctx, input.shop);
  const waiting = await ctx.db
    .select()
    .from(chats)
    .where(and(eq(chats.shop, input.shop.config.id), eq(chats.status, "waiting")))
    .orderBy(asc(chats.deadlineAt), asc(chats.id))
    .limit(200);
  let assigned = 0;
  for (const chat of waiting) {
    const agent = pickAgent(input.shop, present, load, chat.agentId);
    if (!agent) break;
    if (await putInList(ctx, chat, agent, "waiting")) {
      load.set(agent, (load.get(agent) ?? 0) + 1);
      assigned++;
    }
  }
  return assigned;
}

export async function setAgentOnline({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop; agentId: string; online: boolean } }) {
  const now = ctx.now();
  await ctx.db
    .insert(agentPresence)
    .values({ shop: input.shop.config.id, agentId: input.agentId, online: input.online, changedAt: now })
    .onConflictDoUpdate({ target: [agentPresence.shop, agentPresence.agentId], set: { online: input.online, changedAt: now } });
  if (input.online) {
    await fillQueue({ ctx, input: { shop: input.shop } });
  } else {
    // an agent who leaves hands their open chats back to the queue, to go to whoever has room
    const mine = await ctx.db
      .update(chats)
      .set({ status: "waiting", updatedAt: now })
      .where(and(eq(chats.shop, input.shop.config.id), eq(chats.agentId, input.agentId), eq(chats.status, "assigned")))
      .returning();
    if (mine.length) await fillQueue({ ctx, input: { shop: input.shop } });
  }
}

/**
 * Which of a shop's chats (open or not) were written at or after `sinceMs` (every write to a
 * chat sets `updatedAt`), as `(id, updatedAt)` read from the `chats_updated` index alone: the
 * live feed reads these between its full reads and fetches whole rows (getChatsByIds) only for
 * the chats whose stamp moved (http/sse.ts).
 */
export async function listChatStampsSince({ ctx, input }: { ctx: ServiceContext; input: { shop: string; sinceMs: number } }): Promise<{ id: number; updatedAt: number }[]> {
  return ctx.db
    .select({ id: chats.id, updatedAt: chats.updatedAt })
    .from(chats)
    .where(and(eq(chats.shop, input.shop), gte(chats.updatedAt, input.sinceMs)));
}

/**
 * A shop's chats with these ids, read 50 at a time (a Worker's SQLite binds at most 100 values),
 * by primary key: `+shop` keeps SQLite from choosing an index on `shop` (it took
 * `chats_updated` and walked every chat of the shop for each 50 ids, 6,000 chats in
 * bench:consoles; the live feed calls this up to ten times a second).
 */
export async function getChatsByIds({ ctx, input }: { ctx: ServiceContext; input: { shop: string; ids: readonly number[] } }): Promise<ChatRow[]> {
  const { shop, ids } = input;
  const rows: ChatRow[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    rows.push(
      ...(await ctx.db
        .select()
        .from(chats)
        .where(and(sql`+${chats.shop} = ${shop}`, inArray(chats.id, ids.slice(i, i + 50))))),
    );
  }
  return rows;
}

/**
 * The open chats of a shop (or of one agent), most urgent first: chats whose clock counts
 * before out-of-window ("不计时") ones, whose deadline is only a service target, then by deadline.
 * The console sorts its live list the same way (assets/console.ts compareChats).
 */
export async function listOpenChats({ ctx, input }: { ctx: ServiceContext; input: { shop: string; agentId?: string; unassigned?: boolean; limit?: number } }): Promise<ChatRow[]> {
  const { shop, ...filter } = input;
  const conds = [eq(chats.shop, shop), inArray(chats.status, [...OPEN_STATUSES])];
  if (filter.agentId) conds.push(eq(chats.agentId, filter.agentId), eq(chats.status, "assigned"));
  if (filter.unassigned) conds.push(eq(chats.status, "waiting"));
  return ctx.db
    .select()
    .from(chats)
    .where(and(...conds))
    .orderBy(sql`${chats.deadlineAt} is null`, desc(chats.clockRuns), asc(chats.deadlineAt), asc(chats.id))
    .limit(filter.limit ?? 500);
}
