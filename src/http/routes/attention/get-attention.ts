/** GET /attention → the shop's attention settings; mounted for agents (their console) and admins (the dashboard's 提醒设置). */
import type { Context } from "hono";
import { getAttention } from "../../../services/attention.js";
import type { AppEnv } from "../../env.js";

export const route = { method: "GET", path: "/attention" } as const;

export async function handler(c: Context<AppEnv>) {
  return c.json(await getAttention({ ctx: c.var.ctx, input: { shop: c.var.shop } }));
}
