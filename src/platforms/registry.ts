/**
 * The platforms, one line each: a new platform is a folder `src/platforms/<id>/` exporting a
 * PlatformModule (src/platforms/types.ts) and one line here. Everything else derives from this
 * list: the platform ids of the event format and their type (core/events.ts), the rule presets,
 * editions and deadline rules (core/rules), credentials from the environment and the config file
 * (config/load.ts), the webhook route, the native reply senders, the simulator's traffic, the
 * escalation notices' names and the UI's platform names and list.
 *
 * Core reads this list, so it and the platform folders import no service at run time (a push
 * adapter is handed its intake services; a native sender falls back to delivery/generic-sender).
 */
import type { ShopConfig } from "../config/types.js";
import type { ReplyContentKind } from "../core/outbound.js";
import type { Fetch, ReplySender } from "../delivery/generic-sender.js";
import { douyin } from "./douyin/index.js";
import { kuaishou } from "./kuaishou/index.js";
import { taobao } from "./taobao/index.js";
import type { PlatformModule } from "./types.js";

export const PLATFORM_REGISTRY = [taobao, douyin, kuaishou] as const satisfies readonly PlatformModule[];

type Registered = (typeof PLATFORM_REGISTRY)[number];
/** The registry's platform ids, as a union (core/events.ts `Platform`). */
export type RegisteredPlatform = Registered["id"];
/** The registry's rule ids, as a union (core/rules/presets.ts `RuleId`). */
export type RegisteredRuleId = Registered extends infer M ? (M extends { rules: { presets: infer P } } ? keyof P & string : never) : never;

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
