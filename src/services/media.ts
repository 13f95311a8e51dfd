/**
 * The image of one stored message of a shop (docs/ui.md "图片和卡片"): only the URL stored
 * with that message is ever handed out, which is what keeps the media route from being an
 * open proxy. The route fetches and checks the bytes; this owns the lookup.
 */
import { and, eq } from "drizzle-orm";
import { messageContent } from "../core/message-content.js";
import type { Platform } from "../core/events.js";
import { events } from "../store/schema/index.js";
import type { ServiceContext } from "./context.js";
import { notFound } from "./errors.js";

export async function getMessageImage({ ctx, input }: { ctx: ServiceContext; input: { shop: string; platform: Platform; msgId: string } }): Promise<{ url: string }> {
  const [row] = await ctx.db
    .select({ extra: events.extra })
    .from(events)
    .where(and(eq(events.shop, input.shop), eq(events.platform, input.platform), eq(events.msgId, input.msgId)))
    .limit(1);
  if (!row) throw notFound(`no message ${input.msgId} in this shop`, { reason: "message-not-found" });
  let extra: unknown = null;
  try {
    extra = row.extra ? JSON.parse(row.extra) : null;
  } catch {
    // not JSON: no image
  }
  const image = messageContent(extra).image;
  if (!image) throw notFound("image unavailable: the message has no image", { reason: "image-unavailable" });
  return { url: image.url };
}
