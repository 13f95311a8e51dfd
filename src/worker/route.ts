/**
 * Which shop's Durable Object a request belongs to, decided by the Worker before it forwards
 * the request: the shop in a webhook's path, the shop of an agent's token, the shop an admin
 * token administers (`?shop=` picks one when it covers several). Undefined: the front app
 * answers (health, pages, the dashboard's shop list, and every auth error, which it words as
 * the object would, since it runs the same middleware over every configured shop).
 */
import { sha256Hex } from "../core/crypto.js";
import { adminShopsOf, agentByTokenHash } from "../http/middleware/auth.js";
import type { ServiceContext } from "../services/context.js";

/** The shop of a webhook path: /webhooks/<kind>/<shop>. */
export function webhookShop(pathname: string): string | undefined {
  const m = /^\/webhooks\/[^/]+\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

export async function shopOfRequest(ctx: Pick<ServiceContext, "shops">, request: Request): Promise<string | undefined> {
  const url = new URL(request.url);
  const hooked = webhookShop(url.pathname);
  if (hooked !== undefined) return ctx.shops.has(hooked) ? hooked : undefined;
  const area = /^\/api\/(agent|admin|stats)(?:\/|$)/.exec(url.pathname)?.[1];
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!area || !token) return undefined;
  const hash = await sha256Hex(token);
  if (area === "agent") return agentByTokenHash(ctx.shops.values(), hash)?.shop.config.id;
  const mine = adminShopsOf(ctx.shops.values(), hash);
  const wanted = url.searchParams.get("shop");
  if (wanted) return mine.some((s) => s.config.id === wanted) ? wanted : undefined;
  return mine.length === 1 ? mine[0]!.config.id : undefined;
}
