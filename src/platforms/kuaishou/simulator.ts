/** The simulator's Kuaishou traffic: event ids, and encrypted pushes as 快手 sends them (one message each). */
import { encryptKuaishouPush } from "./codec.js";
import { toBase64 } from "../../core/platforms/crypto.js";
import { DEFAULT_KUAISHOU_CHAT_EVENTS } from "./mapping.js";
import { randomBytesOf, randomHex } from "../../core/random.js";
import type { Sender } from "../../core/events.js";
import type { SimMessage } from "../../simulator/traffic.js";
import type { SimulatorTraffic } from "../types.js";
import type { KuaishouCredentials } from "./credentials.js";

const ROLE: Partial<Record<Sender, string>> = { buyer: "1", human: "2", bot: "3", system: "system" };

/** An encrypted Kuaishou push (Base64 text body). */
export function kuaishouEnvelope(creds: Pick<KuaishouCredentials, "appKey" | "msgKey">, m: SimMessage): Promise<string> {
  const info = m.order
    ? { oid: `21${m.id.replace(/\D/g, "").slice(-14)}`, buyerOpenId: m.conversation, updateTime: m.at }
    : { buyerOpenId: m.conversation, sendTime: m.at, text: m.text ?? "", fromRole: ROLE[m.from] ?? m.from, ...(m.agent ? { csId: m.agent } : {}) };
  return encryptKuaishouPush(
    JSON.stringify({
      eventId: m.id,
      bizId: m.id,
      userId: "10001",
      openId: "sim-seller-open-id",
      appKey: creds.appKey,
      event: m.order ? "kwaishop_order_paySuccess" : DEFAULT_KUAISHOU_CHAT_EVENTS[0]!,
      info: JSON.stringify(info),
      createTime: m.at,
      test: false,
    }),
    creds.msgKey,
  );
}

export const kuaishouTraffic: SimulatorTraffic<KuaishouCredentials> = {
  messageId: (_random, n) => `ks-ev-${Date.now().toString(36)}-${n}`,
  credentials: () => ({ appKey: `ks${randomHex(8)}`, msgKey: toBase64(randomBytesOf(16)), signSecret: randomHex(16), accessToken: `sim-token-${randomHex(8)}` }),
  async pushes(creds, messages) {
    const out = [];
    for (const m of messages) out.push({ body: await kuaishouEnvelope(creds, m), headers: { "content-type": "text/plain" }, ack: '{"result":1}', count: 1 });
    return out;
  },
};
