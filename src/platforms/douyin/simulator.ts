/** The simulator's Douyin traffic: 抖店 message ids, and signed push batches as 抖店 sends them. */
import { buildDouyinPush } from "./codec.js";
import { DEFAULT_DOUYIN_CHAT_TAGS } from "./mapping.js";
import { randomHex } from "../../core/random.js";
import type { Sender } from "../../core/events.js";
import type { SimMessage } from "../../simulator/traffic.js";
import type { SimulatorTraffic } from "../types.js";
import type { DouyinCredentials } from "./credentials.js";

const ROLE: Partial<Record<Sender, string>> = { buyer: "buyer", human: "shop", bot: "robot", system: "system" };

/** A signed Douyin batch for these messages. */
export function douyinEnvelope(creds: DouyinCredentials, batch: SimMessage[]): { body: string; headers: Record<string, string> } {
  return buildDouyinPush(
    creds,
    batch.map((m) =>
      m.order
        ? { tag: "101", msg_id: m.id, data: { p_id: `69${m.id.slice(-15)}`, buyer_id: m.conversation, pay_time: Math.floor(m.at / 1000) } }
        : {
            tag: DEFAULT_DOUYIN_CHAT_TAGS[0]!,
            msg_id: m.id,
            data: { conversation_id: m.conversation, create_time: Math.floor(m.at / 1000), content: m.text ?? "", sender_role: ROLE[m.from] ?? m.from, ...(m.agent ? { cs_id: m.agent } : {}) },
          },
    ),
  );
}

export const douyinTraffic: SimulatorTraffic<DouyinCredentials> = {
  messageId: (_random, n) => `73${Date.now()}${String(n).padStart(5, "0")}`,
  credentials: () => ({ appKey: `7${String(Date.now()).padStart(18, "0")}`, appSecret: randomHex(16) }),
  // 抖店 batches its pushes (5 messages by default)
  async pushes(creds, messages, { batch = 5 }) {
    const out = [];
    for (let i = 0; i < messages.length; i += batch) {
      const chunk = messages.slice(i, i + batch);
      out.push({ ...douyinEnvelope(creds, chunk), ack: '{"code":0,"msg":"success"}', count: chunk.length });
    }
    return out;
  },
};
