/**
 * Kuaishou 快手. POST /webhooks/kuaishou/{shop}: the 快手电商开放平台 message push. The text/plain body is
 * Base64 AES-CBC ciphertext under the app's message key; decrypting it is the authentication.
 * `{"test":true}` probes (encrypted or plain) and stored events are answered 200 `{"result":1}`;
 * re-delivered `eventId`s likewise, without acting twice. Anything that cannot be decrypted,
 * is not JSON or names another app is refused with 4xx (never `result:1`). See docs/platforms.md.
 */
import { KUAISHOU_ACK, mapKuaishouMessage, openKuaishouPush, type KuaishouOpenResult } from "./codec.js";
import { KUAISHOU_REPLY_CONTENT } from "./mapping.js";
import type { PlatformModule, PushAdapter } from "../types.js";
import { type KuaishouCredentials, kuaishouCredentials } from "./credentials.js";
import { KUAISHOU_RULES } from "./rules.js";
import { kuaishouReplySender } from "./sender.js";
import { kuaishouTraffic } from "./simulator.js";

type Creds = KuaishouCredentials;

/** a probe (answered, nothing stored) or one event */
type Opened = Exclude<KuaishouOpenResult, { kind: "rejected" }>;

const push: PushAdapter<Creds, Opened> = {
  credentials: (shop) => shop.credentials.kuaishou,
  missingCredentials: (shopId) => `shop "${shopId}" has no Kuaishou credentials (KUAISHOU_APP_KEY, KUAISHOU_MSG_KEY, KUAISHOU_SIGN_SECRET)`,
  // decrypting the body is the authentication
  async verify({ raw, creds, shopId, log }) {
    let opened;
    try {
      opened = await openKuaishouPush(new TextDecoder().decode(raw), creds);
    } catch (err) {
      // a message key of the wrong size: our configuration, not the caller's fault
      log.error("kuaishou push: message key unusable", { shop: shopId, error: err instanceof Error ? err.message : String(err) });
      return { ok: false, status: 503, reason: `shop "${shopId}" has an unusable Kuaishou message key` };
    }
    if (opened.kind === "rejected") return { ok: false, status: opened.status, reason: opened.reason };
    return { ok: true, push: opened };
  },
  async receive({ ctx, shopId, creds, push: opened, services }) {
    if (opened.kind === "probe") return KUAISHOU_ACK;
    const item = mapKuaishouMessage(opened.message, { shop: shopId, ...(creds.chatEvents ? { chatEvents: creds.chatEvents } : {}), receivedAt: ctx.now() });
    await services.ingestPlatformItems({ ctx, input: { shopId, items: [item] } });
    return KUAISHOU_ACK;
  },
};

export const kuaishou = {
  id: "kuaishou" as const,
  name: "快手",
  rules: KUAISHOU_RULES,
  credentials: kuaishouCredentials,
  simulator: kuaishouTraffic,
  push,
  replySender: (fetch, now) => kuaishouReplySender(fetch, now),
  // the sender sends where the shop has an access token (sender.ts), text only
  // (the shop typed by the one field read: ShopConfig's credentials are derived from this module's type)
  nativeReplies: { sendsFor: (shop: { credentials: { kuaishou?: { accessToken?: string } } }) => !!shop.credentials.kuaishou?.accessToken, content: KUAISHOU_REPLY_CONTENT },
} satisfies PlatformModule;
