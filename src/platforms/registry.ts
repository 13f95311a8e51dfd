/**
 * The platforms, one line each: a new platform is a folder `src/platforms/<id>/` exporting a
 * PlatformModule (src/platforms/types.ts) and one line here. The webhook route, the native
 * reply senders and the UI's platform names and list derive from this list.
 */
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
