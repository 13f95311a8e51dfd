/**
 * Douyin 抖店. POST /webhooks/douyin/{shop}: the 抖店 message push. Verified over the raw body bytes
 * (`app-id` = app key, `event-sign` = MD5(app_key + body + app_secret)), stored, then
 * acknowledged `{"code":0,"msg":"success"}`. Order/refund tags are kept, never fail the batch;
 * re-delivered `msg_id`s are acknowledged again without acting twice. See docs/platforms.md.
 */
import { DOUYIN_ACK, mapDouyinItems, parseDouyinBatch, verifyDouyinPush } from "./codec.js";
import { ApiError } from "../../http/errors.js";
import type { PlatformModule, PushAdapter } from "../types.js";
import { type DouyinCredentials, douyinCredentials } from "./credentials.js";
import { DOUYIN_RULES } from "./rules.js";
import { douyinTraffic } from "./simulator.js";

type Creds = DouyinCredentials;

const push: PushAdapter<Creds, Uint8Array> = {
  credentials: (shop) => shop.credentials.douyin,
  missingCredentials: (shopId) => `shop "${shopId}" has no Douyin credentials (DOUYIN_APP_KEY, DOUYIN_APP_SECRET)`,
  async verify({ raw, header, creds }) {
    const check = verifyDouyinPush({ appId: header("app-id"), eventSign: header("event-sign"), rawBody: raw }, creds);
    return check.ok ? { ok: true, push: raw } : { ok: false, status: 401, reason: check.reason };
  },
  async receive({ ctx, shopId, creds, push: raw, services }) {
    const batch = parseDouyinBatch(new TextDecoder().decode(raw));
    if (!batch.ok) throw new ApiError(400, "bad_request", batch.error);
    if (batch.invalid.length > 0) ctx.log.warn("douyin push: elements without tag or msg_id skipped", { shop: shopId, count: batch.invalid.length, first: batch.invalid[0]?.problem });

    const items = mapDouyinItems(batch.items, { shop: shopId, ...(creds.chatTags ? { chatTags: creds.chatTags } : {}), receivedAt: ctx.now() });
    await services.ingestPlatformItems({ ctx, input: { shopId, items } });
    return DOUYIN_ACK;
  },
};

export const douyin = {
  id: "douyin" as const,
  name: "抖音",
  noticeName: "抖店",
  rules: DOUYIN_RULES,
  credentials: douyinCredentials,
  simulator: douyinTraffic,
  push,
} satisfies PlatformModule;
