/**
 * Bearer-token auth. Tokens are compared by their SHA-256 (config holds only hashes), and the
 * shop a caller may act for comes from the token, never from the request alone: an agent of
 * one shop can never reach another shop's chats.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { sha256Hex } from "../../core/crypto.js";
import type { AgentConfig } from "../../config/types.js";
import type { Shop } from "../../services/context.js";
import type { AppEnv } from "../env.js";
import { ApiError } from "../errors.js";

function bearer(header: string | undefined): string {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m?.[1]) throw new ApiError(401, "unauthorized", "send Authorization: Bearer <token>");
  return m[1];
}

/** The agent whose token has this SHA-256, and their shop (also the Worker's router, src/worker/route.ts). */
export function agentByTokenHash(shops: Iterable<Shop>, hash: string): { shop: Shop; agent: AgentConfig } | undefined {
  for (const shop of shops) {
    const agent = shop.config.agents.find((a) => a.tokenSha256 === hash);
    if (agent) return { shop, agent };
  }
  return undefined;
}

/** The shops an admin token (by its SHA-256) administers. */
export function adminShopsOf(shops: Iterable<Shop>, hash: string): Shop[] {
  return [...shops].filter((s) => s.config.adminTokenSha256.includes(hash));
}

/**
 * Whether the request's admin token administers every shop: what changing the shared FAQ set
 * (every shop's answers) takes. An agency's admin of a few shops must not change the others'.
 */
export async function adminOfEveryShop(c: Context<AppEnv>): Promise<boolean> {
  const shops = [...c.var.ctx.shops.values()];
  return adminShopsOf(shops, await sha256Hex(bearer(c.req.header("authorization")))).length === shops.length;
}

export const requireAgent = createMiddleware<AppEnv>(async (c, next) => {
  const found = agentByTokenHash(c.var.ctx.shops.values(), await sha256Hex(bearer(c.req.header("authorization"))));
  if (!found) throw new ApiError(401, "unauthorized", "unknown agent token");
  c.set("shop", found.shop);
  c.set("agent", found.agent);
  return next();
});

/**
 * Admin tokens may cover several shops (an agency); the `shop` query parameter picks one and
 * may be omitted when the token covers exactly one.
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const hash = await sha256Hex(bearer(c.req.header("authorization")));
  const mine = adminShopsOf(c.var.ctx.shops.values(), hash);
  if (mine.length === 0) throw new ApiError(401, "unauthorized", "unknown admin token");
  const wanted = c.req.query("shop");
  if (!wanted) {
    if (mine.length > 1) throw new ApiError(400, "bad_request", "this token administers several shops: add ?shop=<id>", { field: "shop" });
    c.set("shop", mine[0]!);
    return next();
  }
  const shop = mine.find((s) => s.config.id === wanted);
  if (!shop) throw new ApiError(403, "forbidden", `this token is not an admin of shop "${wanted}"`, { field: "shop" });
  c.set("shop", shop);
  return next();
});
