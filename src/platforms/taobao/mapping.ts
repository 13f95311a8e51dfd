/**
 * THE place where Taobao / Tmall TMC messages become our event format. Adjust here.
 *
 * TMC carries trade, refund, item … topics publicly; a 旺旺/千牛 buyer-chat topic is not
 * public, so:
 *  - the chat topic(s): `credentials.taobao.chatTopics` (config file or TAOBAO_CHAT_TOPICS), else
 *    DEFAULT_TAOBAO_CHAT_TOPICS below (a placeholder of ours, not a platform topic);
 *  - the fields of the message `content` (JSON text): TAOBAO_CHAT_FIELDS below.
 * Every other topic becomes a platform record (taobao_trade_* → order, taobao_refund_* →
 * refund). See docs/platforms.md.
 */
import type { ChatFieldMapping } from "../../core/platforms/mapping.js";
import type { RecordCategory } from "../../core/platforms/types.js";

/** Placeholder chat topic used when none is configured (and by the simulator). */
export const DEFAULT_TAOBAO_CHAT_TOPICS: readonly string[] = ["taobao_cs_BuyerMessage"];

export const TAOBAO_CHAT_FIELDS: ChatFieldMapping = {
  messageId: ["msg_id", "message_id", "id"],
  conversation: ["buyer_open_uid", "buyer_nick", "from_nick", "conversation_id"],
  at: ["send_time", "time", "created"],
  from: ["from_role", "direction", "from"],
  fromValues: {
    buyer: "buyer",
    "1": "buyer",
    seller: "human",
    "2": "human",
    human: "human",
    bot: "bot",
    robot: "bot",
    system: "system",
    staff: "staff",
    internal: "internal",
  },
  defaultFrom: "buyer",
  text: ["content", "text", "msg"],
  // the sub-account the buyer talks to (Taobao counts per buyer × sub-account)
  agent: ["sub_nick", "to_nick", "seller_sub_nick"],
  buyerNick: ["buyer_nick", "from_nick"],
};

export function taobaoTopicCategory(topic: string): RecordCategory {
  if (topic.startsWith("taobao_refund_") || topic.startsWith("tmall_refund")) return "refund";
  if (topic.startsWith("taobao_trade_") || topic.startsWith("tmall_trade")) return "order";
  return "other";
}

export const TAOBAO_RECORD_FIELDS = {
  orderId: ["tid", "oid", "refund_id"],
  buyer: ["buyer_open_uid", "buyer_nick"],
  at: ["modified", "created", "pay_time"],
};
