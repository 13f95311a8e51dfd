/**
 * The platforms, one line each: a new platform is a folder `src/platforms/<id>/` exporting a
 * PlatformModule (src/platforms/types.ts) and one line here. The webhook route, the native
 * reply senders and the UI's platform names and list derive from this list.
 */
import type { ShopConfig } from "../config/types.js";
import type { ReplyContentKind } from "../core/outbound.js";
import type { ReplySender } from "../delivery/deliver.js";
import type { Fetch } from "../delivery/deliver.js";
import { douyin } from "./douyin/index.js";
import { genericPush } from "./generic/index.js";
import { kuaishou } from "./kuaishou/index.js";
import { taobao } from "./taobao/index.js";
import type { PlatformModule, PushAdapter } from "./types.js";

export const PLATFORM_REGISTRY: readonly PlatformModule[] = [taobao, douyin, kuaishou];

/**
 * Who may push to `POST /webhooks/:source/:shop`: the generic event-format webhook (any platform's
 * events, from any system) and each platform with a push of its own.
 */
export function pushSources(platforms: readonly PlatformModule[] = PLATFORM_REGISTRY): Map<string, PushAdapter<unknown, unknown>> {
  const sources = new Map<string, PushAdapter<unknown, unknown>>([["generic", genericPush as PushAdapter<unknown, unknown>]]);
  for (const p of platforms) if (p.push) sources.set(p.id, p.push);
  return sources;
}

/** The native reply senders, for createDeliver's `replySenders` (a platform without one replies through the shop's outbound webhook). */
export function nativeReplySenders(fetchImpl: Fetch, now: () => number, platforms: readonly PlatformModule[] = PLATFORM_REGISTRY): Record<string, ReplySender> {
  return Object.fromEntries(platforms.flatMap((p) => (p.replySender ? [[p.id, p.replySender(fetchImpl, now)]] : [])));
}

/** id → Chinese name, in the registry's order (served to the UI as FR_LABELS.platforms). */
export function platformNames(platforms: readonly PlatformModule[] = PLATFORM_REGISTRY): Record<string, string> {
  return Object.fromEntries(platforms.map((p) => [p.id, p.name]));
}

/** The generic outbound webhook's JSON is ours (the event format's fields: core/outbound.ts ReplyContent): it carries both. */
const GENERIC_REPLY_CONTENT: readonly ReplyContentKind[] = ["image", "card"];

/**
 * What a shop's replies on a platform can carry besides text: the native sender's known formats
 * where it sends that shop's replies, else what the generic outbound webhook carries.
 */
export function replyContentFor(platforms: readonly PlatformModule[] = PLATFORM_REGISTRY): (platform: string, shop: ShopConfig) => readonly ReplyContentKind[] {
  const byId = new Map(platforms.map((p) => [p.id, p]));
  return (platform, shop) => {
    const native = byId.get(platform)?.nativeReplies;
    return native?.sendsFor(shop) ? native.content : GENERIC_REPLY_CONTENT;
  };
}
