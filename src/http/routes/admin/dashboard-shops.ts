/**
 * GET /api/dashboard/shops: the shops an admin token administers, for the dashboard's shop
 * picker. Outside /api/admin on purpose: the admin guard there needs `?shop=` as soon as a
 * token covers several shops, which is exactly when this list is needed.
 */
import type { Context } from "hono";
import { sha256Hex } from "../../../core/crypto.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { PAGE_CONTRACTS } from "../../contracts/pages.js";

export const route = { method: "GET", path: "/api/dashboard/shops" } as const;

const CONTRACT = PAGE_CONTRACTS["GET /api/dashboard/shops"];
export type DashboardShopsRequest = RequestOf<typeof CONTRACT>;
export type DashboardShopsResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (!m?.[1]) throw new ApiError(401, "unauthorized", "send Authorization: Bearer <token>");
  const hash = await sha256Hex(m[1]);
  const shops = [...c.var.ctx.shops.values()].filter((s) => s.config.adminTokenSha256.includes(hash));
  if (shops.length === 0) throw new ApiError(401, "unauthorized", "unknown admin token");
  return respond(c, CONTRACT, { shops: shops.map((s) => ({ id: s.config.id, name: s.config.name, platforms: s.config.platforms })) });
}
