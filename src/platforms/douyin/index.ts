/**
 * POST /webhooks/douyin/{shop}: the 抖店 message push. Verified over the raw body bytes
 * (`app-id` = app key, `event-sign` = MD5(app_key + body + app_secret)), stored, then
 * acknowledged `{"code":0,"msg":"success"}`. Order/refund tags are kept, never fail the batch;
 * re-delivered `msg_id`s are acknowledged again without acting twice. See docs/platforms.md.
 */
import type { Context } from "hono";
import { DOUYIN_ACK, mapDouyinItems, parseDouyinBatch, verifyDouyinPush } from "../../../core/platforms/douyin.js";
import { ingestPlatformItems } from "../../../services/platform-ingest.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";

export const route = { method: "POST", path: "/webhooks/douyin/:shop" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx } = c.var;
  const shopId = c.req.param("shop") ?? "";
  const shop = ctx.shops.get(shopId);
  if (!shop) throw new ApiError(404, "not_found", `unknown shop "${shopId}"`);
  const creds = shop.config.credentials.douyin;
  if (!creds) throw new ApiError(503, "not_configured", `shop "${shopId}" has no Douyin credentials (DOUYIN_APP_KEY, DOUYIN_APP_SECRET)`);

  const raw = new Uint8Array(await c.req.arrayBuffer());
  const check = verifyDouyinPush({ appId: c.req.header("app-id"), eventSign: c.req.header("event-sign"), rawBody: raw }, creds);
  if (!check.ok) throw new ApiError(401, "unauthorized", check.reason);

  const batch = parseDouyinBatch(new TextDecoder().decode(raw));
  if (!batch.ok) throw new ApiError(400, "bad_request", batch.error);
  if (batch.invalid.length > 0) ctx.log.warn("douyin push: elements without tag or msg_id skipped", { shop: shopId, count: batch.invalid.length, first: batch.invalid[0]?.problem });

  const items = mapDouyinItems(batch.items, { shop: shopId, ...(creds.chatTags ? { chatTags: creds.chatTags } : {}), receivedAt: ctx.now() });
  await ingestPlatformItems({ ctx, input: { shopId, items } });
  return c.json(DOUYIN_ACK, 200);
}
