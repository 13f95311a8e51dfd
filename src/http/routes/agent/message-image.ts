/**
 * GET /media/:platform/:msgId: the image of a message of my shop, fetched by the server and
 * answered as bytes (docs/ui.md "图片和卡片"). Why a proxy: the pages' CSP allows images from
 * this app only (plus blob: and data:), so no platform CDN is contacted by the agent's browser
 * and nothing remote runs; the server enforces the size limit and the type (raster images
 * only: an SVG can hold script). Only the URL stored with that message is ever fetched, so the
 * route is no open proxy. The URL is still whatever the message carried: fetchMedia
 * (../../media-proxy.ts) refuses addresses of the server's own network on every hop (403
 * `private-address`). The console fetches it with its token and shows it as a blob: URL.
 */
import type { Context } from "hono";
import { platformIds, type Platform } from "../../../core/events.js";
import { getMessageImage } from "../../../services/media.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { fetchMedia } from "../../media-proxy.js";
import type { RequestOf, ResponseOf } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

export const route = { method: "GET", path: "/media/:platform/:msgId" } as const;

const CONTRACT = AGENT_CONTRACTS["GET /media/:platform/:msgId"];
export type MessageImageRequest = RequestOf<typeof CONTRACT>;
export type MessageImageResponse = ResponseOf<typeof CONTRACT>;

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 5000;
const RASTER = /^image\/(png|jpeg|gif|webp|bmp|avif)$/;

function unavailable(why: string): ApiError {
  return new ApiError(404, "not_found", `image unavailable: ${why}`, { reason: "image-unavailable" });
}

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const platform = c.req.param("platform") ?? "";
  const msgId = c.req.param("msgId") ?? "";
  if (!(platformIds() as readonly string[]).includes(platform)) throw new ApiError(400, "bad_request", "unknown platform", { field: "platform", reason: "required" });
  const image = await getMessageImage({ ctx, input: { shop: shop.config.id, platform: platform as Platform, msgId } });

  const res = await fetchMedia(image.url, { hop: c.var.mediaHop, allowPrivate: ctx.config.mediaProxyAllowPrivate === true, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!res.ok || !RASTER.test(type) || !res.body) {
    await res.body?.cancel();
    throw unavailable(`HTTP ${res.status} ${type || "no type"}`);
  }
  const tooLarge = () => new ApiError(413, "payload_too_large", `the image is larger than ${MAX_IMAGE_BYTES} bytes`, { reason: "image-too-large", max: MAX_IMAGE_BYTES });
  if (Number(res.headers.get("content-length") ?? 0) > MAX_IMAGE_BYTES) {
    await res.body.cancel();
    throw tooLarge();
  }
  // the declared length may be absent or wrong: count what arrives
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    // the 5 s timeout or a dropped connection in the middle of the body: unavailable, not a 500
    const { done, value } = await reader.read().catch((err: unknown) => {
      throw unavailable(err instanceof Error ? err.message : String(err));
    });
    if (done) break;
    size += value.byteLength;
    if (size > MAX_IMAGE_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    body.set(ch, at);
    at += ch.byteLength;
  }
  return new Response(body, {
    headers: { "content-type": type, "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff", "content-security-policy": "default-src 'none'" },
  });
}
