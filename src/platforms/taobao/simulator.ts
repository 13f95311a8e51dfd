/**
 * The simulator's Taobao traffic: TMC message ids, and TMC messages (the simulator publishes
 * them on its local TMC server: Taobao has no HTTP push).
 */
import { md5Hex } from "../../core/platforms/crypto.js";
import { DEFAULT_TAOBAO_CHAT_TOPICS } from "./mapping.js";
import { topTimestamp } from "./top-sign.js";
import { randomHex } from "../../core/random.js";
import type { Sender } from "../../core/events.js";
import type { FakeTmcMessage } from "../../simulator/tmc-server.js";
import type { SimMessage } from "../../simulator/traffic.js";
import type { SimulatorTraffic } from "../types.js";
import type { TaobaoCredentials } from "./credentials.js";

const ROLE: Partial<Record<Sender, string>> = { buyer: "buyer", human: "seller", bot: "bot", system: "system", staff: "staff", internal: "internal" };

/** TMC ids are int64: digits are kept, any other id (a replayed file) becomes a stable 60-bit hash. */
export function tmcId(id: string): bigint {
  return /^\d{1,19}$/.test(id) && BigInt(id) < 2n ** 63n ? BigInt(id) : BigInt(`0x${md5Hex(id).slice(0, 15)}`);
}

/** A TMC message (published by the local TMC server). */
export function taobaoEnvelope(m: SimMessage): FakeTmcMessage {
  const content = m.order
    ? { tid: m.id.slice(-12), buyer_nick: m.conversation, created: topTimestamp(m.at) }
    : { buyer_nick: m.conversation, send_time: topTimestamp(m.at), content: m.text ?? "", from_role: ROLE[m.from] ?? m.from, ...(m.agent ? { to_nick: m.agent } : {}) };
  return {
    id: tmcId(m.id),
    topic: m.order ? "taobao_trade_TradeBuyerPay" : DEFAULT_TAOBAO_CHAT_TOPICS[0]!,
    content: JSON.stringify(content),
    time: new Date(m.at),
    nick: "模拟旗舰店",
  };
}

export const taobaoTraffic: SimulatorTraffic<TaobaoCredentials> = {
  messageId: (random, n) => String(2_100_000_000_000_000_000n + BigInt(Math.floor(random() * 1e9)) * 1000n + BigInt(n)),
  credentials: () => ({ appKey: String(10_000_000 + Math.floor(Math.random() * 89_999_999)), appSecret: randomHex(16) }),
};
