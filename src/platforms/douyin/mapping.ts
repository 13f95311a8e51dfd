/**
 * THE place where Douyin (抖店) pushes become our event format. Adjust here.
 *
 * The 飞鸽 (Feige) buyer-chat push is not publicly documented, so which tag carries chat
 * messages and how its `data` is laid out is configuration, not knowledge:
 *  - the chat tag(s): `credentials.douyin.chatTags` of the shop (config file), else
 *    DEFAULT_DOUYIN_CHAT_TAGS below — a placeholder of ours, not a platform tag;
 *  - the data fields: DOUYIN_CHAT_FIELDS below, candidate paths tried in order.
 * Documented tags (trade 100–106, refund 200–208, …) and every other tag become platform
 * records: acknowledged and kept, never decided on. See docs/platforms.md.
 */
import type { ChatFieldMapping } from "../../core/platforms/mapping.js";
import type { RecordCategory } from "../../core/platforms/types.js";

/** Placeholder chat tag used when a shop configures none (and by the simulator). */
export const DEFAULT_DOUYIN_CHAT_TAGS: readonly string[] = ["im_buyer_message"];

export const DOUYIN_CHAT_FIELDS: ChatFieldMapping = {
  messageId: ["msg_id", "message_id", "server_message_id", "msgId"],
  conversation: ["conversation_id", "conversation_short_id", "buyer_open_id", "buyer_id", "open_id", "user_id"],
  at: ["create_time", "send_time", "timestamp", "time"],
  from: ["sender_role", "sender_type", "role", "from"],
  fromValues: {
    buyer: "buyer",
    customer: "buyer",
    user: "buyer",
    "1": "buyer",
    shop: "human",
    seller: "human",
    cs: "human",
    agent: "human",
    human: "human",
    "2": "human",
    robot: "bot",
    bot: "bot",
    "3": "bot",
    system: "system",
    "4": "system",
  },
  defaultFrom: "buyer",
  text: ["text", "content.text", "content", "msg_content"],
  agent: ["cs_id", "sub_account", "shop_user_id", "agent"],
  buyerNick: ["buyer_nick", "nick_name"],
};

/** Which tags are orders and refunds (public 抖店 message push docs): trade 100–199, refund 200–299. */
export function douyinTagCategory(tag: string): RecordCategory {
  const n = /^\d+$/.test(tag) ? Number(tag) : NaN;
  if (n >= 100 && n < 200) return "order";
  if (n >= 200 && n < 300) return "refund";
  return "other";
}

/** Where records find their order id, buyer and time. */
export const DOUYIN_RECORD_FIELDS = {
  orderId: ["p_id", "order_id", "s_id", "aftersale_id"],
  buyer: ["buyer_open_id", "buyer_id", "open_id"],
  at: ["update_time", "create_time", "pay_time", "apply_time"],
};
