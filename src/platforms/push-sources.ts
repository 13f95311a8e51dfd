/**
 * The push sources of `POST /webhooks/:source/:shop`, apart from the registry: the generic
 * webhook's adapter carries its OpenAPI schema (zod, hono), which the registry's readers in core
 * and the storage worker should not load.
 */
import { genericPush } from "./generic/index.js";
import { PLATFORM_REGISTRY } from "./registry.js";
import type { PlatformModule, PushAdapter } from "./types.js";

/**
 * Who may push to `POST /webhooks/:source/:shop`: the generic event-format webhook (any platform's
 * events, from any system) and each platform with a push of its own.
 */
export function pushSources(platforms: readonly PlatformModule[] = PLATFORM_REGISTRY): Map<string, PushAdapter<unknown, unknown>> {
  const sources = new Map<string, PushAdapter<unknown, unknown>>([["generic", genericPush as PushAdapter<unknown, unknown>]]);
  for (const p of platforms) if (p.push) sources.set(p.id, p.push);
  return sources;
}
