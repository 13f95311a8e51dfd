/**
 * GET /api/agent/chats/:id/context: what the shop knows about the buyer's orders, for the
 * console's side panel. Two sources, both only where known:
 *  - platform records (Douyin order/refund pushes, Kuaishou events, Taobao trade topics)
 *    whose buyer is this conversation's buyer;
 *  - order-looking fields the platform sent with the buyer's messages (kept in `extra`).
 * An empty answer is normal: many pushes carry no order at all.
 */
import type { Context } from "hono";
import { formatPlatformTime } from "../../../core/time.js";
import { getChatOrderSources } from "../../../services/chat-view.js";
import type { AppEnv } from "../../env.js";
import { idParam } from "../../validate.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

export const route = { method: "GET", path: "/chats/:id/context" } as const;

const CONTRACT = AGENT_CONTRACTS["GET /chats/:id/context"];
export type ChatContextRequest = RequestOf<typeof CONTRACT>;
export type ChatContextResponse = ResponseOf<typeof CONTRACT>;

const ORDER_KEY = /order|tid|oid|item|goods|product|sku|refund|订单|商品/i;

function orderFields(extra: unknown, out: Record<string, string>, prefix = "", depth = 0): void {
  if (depth > 2 || typeof extra !== "object" || extra === null) return;
  for (const [k, v] of Object.entries(extra as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if ((typeof v === "string" || typeof v === "number") && (ORDER_KEY.test(k) || ORDER_KEY.test(prefix))) {
      if (!(key in out) && Object.keys(out).length < 20) out[key] = String(v).slice(0, 200);
    } else if (typeof v === "object") orderFields(v, out, key, depth + 1);
  }
}

/** The answer: order records, and order-looking fields (dotted key → value) seen in the chat. */
export interface ChatContext {
  orders: Array<{ category: string; kind: string | null; orderId: string | null; at: string | null }>;
  fields: Record<string, string>;
}

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const { records, recentExtras } = await getChatOrderSources({ ctx, input: { shop: shop.config.id, chatId: idParam(c) } });
  const fields: Record<string, string> = {};
  for (const extra of recentExtras) {
    if (!extra) continue;
    try {
      orderFields(JSON.parse(extra) as unknown, fields);
    } catch {
      // a stored extra that is not JSON is ignored here; the message itself is unaffected
    }
  }
  const body: ChatContext = {
    orders: records.map((r) => ({
      category: r.category,
      kind: r.kind,
      orderId: r.orderId,
      at: r.at == null ? null : formatPlatformTime(r.at),
    })),
    fields,
  };
  return respond(c, CONTRACT, body);
}
