/**
 * THE place where Kuaishou (快手电商开放平台) pushes become our event format, and where our
 * replies become the `open.cs.intelligent.message.send` payload. Adjust here.
 *
 * The buyer-chat callback of Kuaishou customer service is partner-only, so:
 *  - the chat event name(s): `credentials.kuaishou.chatEvents` of the shop (config file or
 *    KUAISHOU_CHAT_EVENTS), else DEFAULT_KUAISHOU_CHAT_EVENTS below (a placeholder of ours);
 *  - the fields inside `info` (JSON text): KUAISHOU_CHAT_FIELDS below;
 *  - whom a reply is addressed to: kuaishouReplyParam below.
 * Every other event (orders, refunds, …) becomes a platform record. See docs/platforms.md.
 */
import type { OutboundReply, ReplyContentKind } from "../../core/outbound.js";
import type { ChatFieldMapping } from "../../core/platforms/mapping.js";
import type { RecordCategory } from "../../core/platforms/types.js";

/** Placeholder chat event name used when none is configured (and by the simulator). */
export const DEFAULT_KUAISHOU_CHAT_EVENTS: readonly string[] = ["kwaishop_cs_buyer_message"];

/** Paths inside the event's `info` (JSON text, parsed). */
export const KUAISHOU_CHAT_FIELDS: ChatFieldMapping = {
  messageId: ["msgId", "messageId", "serverMsgId"],
  conversation: ["buyerOpenId", "buyerId", "fromUserId", "sessionId", "conversationId"],
  at: ["sendTime", "createTime", "timestamp"],
  from: ["fromRole", "senderRole", "role", "from"],
  fromValues: {
    "1": "buyer",
    buyer: "buyer",
    "2": "human",
    seller: "human",
    cs: "human",
    human: "human",
    "3": "bot",
    robot: "bot",
    bot: "bot",
    system: "system",
  },
  defaultFrom: "buyer",
  text: ["text", "content.text", "content"],
  agent: ["csId", "assistantId", "subAccountId", "agent"],
  buyerNick: ["buyerNick", "nickName", "fromUserNick"],
};

export function kuaishouEventCategory(event: string): RecordCategory {
  const e = event.toLowerCase();
  if (e.includes("refund") || e.includes("aftersale")) return "refund";
  if (e.includes("order")) return "order";
  return "other";
}

export const KUAISHOU_RECORD_FIELDS = {
  orderId: ["oid", "orderId", "order_id"],
  buyer: ["buyerOpenId", "buyerId"],
  at: ["updateTime", "createTime"],
};

/** Content type of a text message in `messageList`. */
export const KUAISHOU_TEXT_CONTENT_TYPE = 1;
/**
 * What the send API carries besides text: nothing known. Only `contentType` 1 (text) is known
 * here; the types of an image or a card are not, so such replies are refused (never guessed).
 */
export const KUAISHOU_REPLY_CONTENT: readonly ReplyContentKind[] = [];
/** `toUser.role` of a buyer. */
export const KUAISHOU_BUYER_ROLE = 1;

/**
 * The `param` of open.cs.intelligent.message.send for one reply. `toUser.nickName` is the
 * conversation id (the buyer id the chat push gave us, or `buyerNick` when kept); role 1 = buyer.
 */
export function kuaishouReplyParam(reply: Pick<OutboundReply, "conversation" | "text" | "id">, buyerNick?: string): Record<string, unknown> {
  return {
    toUser: { nickName: buyerNick ?? reply.conversation, role: KUAISHOU_BUYER_ROLE },
    messageList: [{ contentType: KUAISHOU_TEXT_CONTENT_TYPE, content: reply.text }],
    requestId: reply.id,
  };
}
