/**
 * What an agent does with a chat: claim, reply, transfer, release. Each checks that the chat
 * is the agent's shop's and in a state that allows it; conflicts are reported, never forced.
 */
import { and, eq } from "drizzle-orm";
import type { AgentConfig } from "../config/types.js";
import type { Platform } from "../core/events.js";
import type { ReplyContent, ReplyContentKind } from "../core/outbound.js";
import { chats } from "../store/schema/index.js";
import { agentLoads, fillQueue, getChat, markChatAnswered, onlineAgents, putChatInList, type ChatRow } from "./chats.js";
import type { ServiceContext, Shop } from "./context.js";
import { sendReply } from "./replies.js";
import { conflict, invalid, notFound, unsupported } from "./errors.js";

interface AgentChatInput {
  shop: Shop;
  agent: AgentConfig;
  chatId: number;
}

async function loadChat(ctx: ServiceContext, input: AgentChatInput): Promise<ChatRow> {
  const chat = await getChat({ ctx, input: { shop: input.shop.config.id, id: input.chatId } });
  if (!chat) throw notFound(`no chat ${input.chatId} in this shop`, { reason: "chat-not-found" });
  return chat;
}

/** The name agents know a colleague by (the id only when the shop no longer lists them). */
function agentName(shop: Shop, id: string | null): string {
  return (id && shop.agentsById.get(id)?.name) ?? id ?? "";
}

function belongsToOther(chat: ChatRow, agentId: string): boolean {
  return chat.status === "assigned" && chat.agentId !== null && chat.agentId !== agentId;
}

async function ensureRoom(ctx: ServiceContext, shop: Shop, agent: AgentConfig): Promise<void> {
  const load = (await agentLoads({ ctx, input: { shop } })).get(agent.id) ?? 0;
  if (load >= agent.maxConcurrent)
    throw conflict(`${agent.name} already has ${load} chats (limit ${agent.maxConcurrent})`, {
      reason: "agent-at-limit",
      agentName: agent.name,
      load,
      limit: agent.maxConcurrent,
    });
}

async function claim({ ctx, input }: { ctx: ServiceContext; input: AgentChatInput }): Promise<ChatRow> {
  const chat = await loadChat(ctx, input);
  if (chat.status === "assigned" && chat.agentId === input.agent.id) return chat;
  if (chat.status !== "waiting") {
    throw chat.status === "idle" ? conflict("this chat has been answered", { reason: "chat-answered" }) : conflict(`this chat is with ${chat.agentId}`, { reason: "chat-with-other", agentName: agentName(input.shop, chat.agentId) });
  }
  await ensureRoom(ctx, input.shop, input.agent);
  const claimed = await putChatInList({ ctx, input: { chat, agentId: input.agent.id, onlyIfStatus: "waiting" } });
  if (!claimed) throw conflict("someone else took this chat a moment ago", { reason: "chat-taken" });
  return claimed;
}

/** What the reply carries besides text, and what this shop's replies on a platform can carry (platforms/registry.ts replyContentFor). */
interface ReplyInput {
  text: string;
  ref?: string;
  /** with `canCarry`: a reply without it can only be text */
  content?: ReplyContent;
  canCarry?: (platform: string) => readonly ReplyContentKind[];
}

/**
 * An image or card goes only where the platform's outbound format for it is known; elsewhere it
 * is refused before anything is stored, never sent as something else.
 */
function checkContent(platform: string, input: ReplyInput): void {
  if (!input.content) return;
  const kind: ReplyContentKind = input.content.image ? "image" : "card";
  if (input.canCarry?.(platform).includes(kind)) return;
  throw unsupported(`${platform} replies of this shop go out through ${platform}'s own send API, whose ${kind} message format is not known here; send text instead`, {
    reason: kind === "image" ? "image-not-supported" : "card-not-supported",
    platform,
    content: kind,
  });
}

async function reply({ ctx, input }: { ctx: ServiceContext; input: AgentChatInput & ReplyInput }) {
  const chat = await loadChat(ctx, input);
  if (belongsToOther(chat, input.agent.id))
    throw conflict(`this chat is with ${chat.agentId}; ask them to transfer it`, {
      reason: "chat-with-other",
      agentName: agentName(input.shop, chat.agentId),
    });
  checkContent(chat.platform, input);
  const reply = await sendReply({
    ctx,
    input: {
      shop: chat.shop,
      platform: chat.platform as Platform,
      conversation: chat.conversation,
      text: input.content ? "" : input.text,
      ...(input.content ? { content: input.content } : {}),
      source: { from: "human", agent: input.agent.id },
      // the console's ref for this send: a retry after a lost answer maps to the same reply
      ...(input.ref ? { id: `fr-h-${input.agent.id}-${input.ref}` } : {}),
    },
  });
  // already stored by the first attempt: answering the chat again could settle a newer round
  if (reply.repeated) return { reply, chat };
  if (chat.status !== "assigned" || chat.agentId !== input.agent.id) {
    await ctx.db.update(chats).set({ agentId: input.agent.id, updatedAt: ctx.now() }).where(eq(chats.id, chat.id));
  }
  await markChatAnswered({ ctx, input: { shop: input.shop, platform: reply.platform, conversation: chat.conversation, at: reply.createdAt } });
  ctx.changes.notify(chat.shop);
  return { reply, chat: (await getChat({ ctx, input: { shop: chat.shop, id: chat.id } }))! };
}

async function transfer({ ctx, input }: { ctx: ServiceContext; input: AgentChatInput & { to: string } }): Promise<ChatRow> {
  const chat = await loadChat(ctx, input);
  if (belongsToOther(chat, input.agent.id)) throw conflict(`this chat is with ${chat.agentId}`, { reason: "chat-with-other", agentName: agentName(input.shop, chat.agentId) });
  if (chat.status === "idle") throw conflict("this chat has been answered; nothing to transfer", { reason: "chat-answered" });
  const target = input.shop.agentsById.get(input.to);
  if (!target) throw invalid(`no agent "${input.to}" in this shop`, { field: "agent", reason: "unknown-agent" });
  if (target.id === input.agent.id) throw invalid("this chat is already yours", { field: "agent", reason: "already-yours" });
  if (!(await onlineAgents({ ctx, input: { shop: input.shop } })).has(target.id)) throw conflict(`${target.name} is offline`, { reason: "agent-offline", agentName: target.name });
  await ensureRoom(ctx, input.shop, target);
  const moved = await putChatInList({ ctx, input: { chat, agentId: target.id } });
  if (!moved) throw conflict("the chat changed meanwhile; try again", { reason: "chat-changed" });
  return moved;
}

async function release({ ctx, input }: { ctx: ServiceContext; input: AgentChatInput }): Promise<ChatRow> {
  const chat = await loadChat(ctx, input);
  if (chat.status !== "assigned" || chat.agentId !== input.agent.id) throw conflict("only a chat in your list can be released", { reason: "not-in-your-list" });
  const [released] = await ctx.db
    .update(chats)
    .set({ status: "waiting", agentId: null, updatedAt: ctx.now() })
    .where(and(eq(chats.id, chat.id), eq(chats.status, "assigned"), eq(chats.agentId, input.agent.id)))
    .returning();
  if (!released) throw conflict("the chat changed meanwhile; try again", { reason: "chat-changed" });
  ctx.changes.notify(chat.shop);
  // it goes to whoever else has room, not straight back to the agent who let it go
  const online = await onlineAgents({ ctx, input: { shop: input.shop } });
  online.delete(input.agent.id);
  if (online.size) await fillQueueExcept(ctx, input.shop, input.agent.id);
  return (await getChat({ ctx, input: { shop: chat.shop, id: chat.id } }))!;
}

async function fillQueueExcept(ctx: ServiceContext, shop: Shop, agentId: string): Promise<void> {
  const others = { ...shop, config: { ...shop.config, agents: shop.config.agents.filter((a) => a.id !== agentId) } };
  await fillQueue({ ctx, input: { shop: others } });
}

type Action<I, O> = (args: { ctx: ServiceContext; input: I }) => Promise<O>;

/** Each action is one unit of writes: it happens whole or not at all. */
function unit<I, O>(action: Action<I, O>): Action<I, O> {
  return (args) => args.ctx.transact(() => action(args));
}

export const claimChat = unit(claim);
export const replyToChat = unit(reply);
export const transferChat = unit(transfer);
export const releaseChat = unit(release);
