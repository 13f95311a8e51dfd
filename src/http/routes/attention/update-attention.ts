/**
 * PUT /attention `{sound?, desktopNotify?, remindLeadSeconds?: {rule: seconds | null}}` → the
 * settings now in force (admins only). The contract checks the shapes; the service the rules
 * and ranges (400 naming `remindLeadSeconds`, reason `unknown-rule` or `out-of-range`).
 */
import type { Context } from "hono";
import { type AttentionChange, updateAttention } from "../../../services/attention.js";
import type { AppEnv } from "../../env.js";
import { jsonBody } from "../../validate.js";

export const route = { method: "PUT", path: "/attention" } as const;

export async function handler(c: Context<AppEnv>) {
  const change = (await jsonBody(c)) as AttentionChange;
  return c.json(await updateAttention({ ctx: c.var.ctx, input: { shop: c.var.shop, change } }));
}
