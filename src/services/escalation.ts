/**
 * Warns before a deadline is missed: when a queued chat whose clock runs comes within the
 * shop's lead (default 60 s) of its deadline, one escalation is stored and POSTed to the
 * shop's group robots. One per chat and deadline: a sweep that runs twice emits it once.
 */
import { and, eq, inArray, isNotNull, isNull, lte, ne, or } from "drizzle-orm";
import { formatPlatformTime } from "../core/time.js";
import { PLATFORM_REGISTRY } from "../platforms/registry.js";
import type { PlatformModule } from "../platforms/types.js";
import { chats, escalations } from "../store/schema/index.js";
import { OPEN_STATUSES } from "./chats.js";
import type { ServiceContext } from "./context.js";
import { enqueueOutbox } from "./outbox.js";

export interface EscalationNotice {
  escalationId: number;
  shop: string;
  shopName: string;
  chatId: number;
  platform: string;
  conversation: string;
  agent: string | null;
  deadlineAt: string;
  secondsLeft: number;
  lastMessage: string | null;
}

let noticeNames: Map<string, string> | undefined;
/** The platform as merchants name it in a notice (its folder's `noticeName`, else its name). */
function noticeName(platform: string): string {
  noticeNames ??= new Map((PLATFORM_REGISTRY as readonly PlatformModule[]).map((p) => [p.id, p.noticeName ?? p.name]));
  return noticeNames.get(platform) ?? platform;
}

export function noticeText(n: EscalationNotice): string {
  const who = n.agent ? `接待客服: ${n.agent}` : "尚未分配客服";
  const left = n.secondsLeft > 0 ? `还剩 ${n.secondsLeft} 秒` : `已超时 ${-n.secondsLeft} 秒`;
  const msg = n.lastMessage ? `\n买家: ${n.lastMessage.slice(0, 100)}` : "";
  return `【即将超时】${n.shopName} · ${noticeName(n.platform)} 会话 ${n.conversation}\n${left}(截止 ${n.deadlineAt.slice(11, 19)}),${who}${msg}`;
}

export function sweepEscalations({ ctx }: { ctx: ServiceContext }): Promise<number> {
  return ctx.transact(() => sweep(ctx));
}

async function sweep(ctx: ServiceContext): Promise<number> {
  const now = ctx.now();
  let emitted = 0;
  for (const shop of ctx.shops.values()) {
    const leadMs = shop.config.escalation.leadSeconds * 1000;
    const due = await ctx.db
      .select()
      .from(chats)
      .where(
        and(
          eq(chats.shop, shop.config.id),
          inArray(chats.status, [...OPEN_STATUSES]),
          eq(chats.clockRuns, true),
          isNotNull(chats.deadlineAt),
          lte(chats.deadlineAt, now + leadMs),
          or(isNull(chats.escalatedFor), ne(chats.escalatedFor, chats.deadlineAt)),
        ),
      )
      .limit(500);
    for (const chat of due) {
      const deadlineAt = chat.deadlineAt!;
      const [row] = await ctx.db
        .insert(escalations)
        .values({ shop: shop.config.id, chatId: chat.id, platform: chat.platform, conversation: chat.conversation, agentId: chat.agentId, deadlineAt, createdAt: now })
        .onConflictDoNothing()
        .returning();
      await ctx.db.update(chats).set({ escalatedFor: deadlineAt, updatedAt: now }).where(eq(chats.id, chat.id));
      if (!row) continue;
      emitted++;
      const notice: EscalationNotice = {
        escalationId: row.id,
        shop: shop.config.id,
        shopName: shop.config.name,
        chatId: chat.id,
        platform: chat.platform,
        conversation: chat.conversation,
        agent: chat.agentId,
        deadlineAt: formatPlatformTime(deadlineAt),
        secondsLeft: Math.floor((deadlineAt - now) / 1000),
        lastMessage: chat.lastText,
      };
      ctx.log.warn("escalation", { shop: shop.config.id, chat: chat.id, secondsLeft: notice.secondsLeft });
      for (const [i, target] of shop.config.escalation.targets.entries()) {
        await enqueueOutbox({ ctx, input: { shop: shop.config.id, kind: "escalation", destination: target.kind, dedupeKey: `escalation:${row.id}:${i}`, payload: { target: i, notice } } });
      }
      if (shop.config.escalation.targets.length) ctx.outboxWritten();
    }
  }
  return emitted;
}
