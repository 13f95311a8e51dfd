/**
 * POST /webhooks/kuaishou/{shop}: the 快手电商开放平台 message push. The text/plain body is
 * Base64 AES-CBC ciphertext under the app's message key; decrypting it is the authentication.
 * `{"test":true}` probes (encrypted or plain) and stored events are answered 200 `{"result":1}`;
 * re-delivered `eventId`s likewise, without acting twice. Anything that cannot be decrypted,
 * is not JSON or names another app is refused with 4xx (never `result:1`). See docs/platforms.md.
 */
import type { Context } from "hono";
import { KUAISHOU_ACK, mapKuaishouMessage, openKuaishouPush } from "../../../core/platforms/kuaishou.js";
import { ingestPlatformItems } from "../../../services/platform-ingest.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";

export const route = { method: "POST", path: "/webhooks/kuaishou/:shop" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx } = c.var;
  const shopId = c.req.param("shop") ?? "";
  const shop = ctx.shops.get(shopId);
  if (!shop) throw new ApiError(404, "not_found", `unknown shop "${shopId}"`);
  const creds = shop.config.credentials.kuaishou;
  if (!creds) throw new ApiError(503, "not_configured", `shop "${shopId}" has no Kuaishou credentials (KUAISHOU_APP_KEY, KUAISHOU_MSG_KEY, KUAISHOU_SIGN_SECRET)`);

  const body = await c.req.text();
  let opened;
  try {
    opened = await openKuaishouPush(body, creds);
  } catch (err) {
    // a message key of the wrong size: our configuration, not the caller's fault
    ctx.log.error("kuaishou push: message key unusable", { shop: shopId, error: err instanceof Error ? err.message : String(err) });
    throw new ApiError(503, "not_configured", `shop "${shopId}" has an unusable Kuaishou message key`);
  }
  if (opened.kind === "rejected") {
    const code = opened.status === 400 ? "bad_request" : opened.status === 401 ? "unauthorized" : "forbidden";
    throw new ApiError(opened.status, code, opened.reason);
  }
  if (opened.kind === "probe") return c.json(KUAISHOU_ACK, 200);

  const item = mapKuaishouMessage(opened.message, { shop: shopId, ...(creds.chatEvents ? { chatEvents: creds.chatEvents } : {}), receivedAt: ctx.now() });
  await ingestPlatformItems({ ctx, input: { shopId, items: [item] } });
  return c.json(KUAISHOU_ACK, 200);
}
