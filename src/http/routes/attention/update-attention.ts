/**
 * PUT /attention `{sound?, desktopNotify?, remindLeadSeconds?: {rule: seconds | null}}` → the
 * settings now in force (admins only). The contract checks the shapes; the service the rules
 * and ranges (400 naming `remindLeadSeconds`, reason `unknown-rule` or `out-of-range`).
 */
import type { Context } from "hono";
import { type AttentionChange, updateAttention } from "../../../services/attention.js";
import type { AppEnv } from "../../env.js";
import { jsonBody } from "../../validate.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_ATTENTION_CONTRACTS } from "../../contracts/attention.js";

export const route = { method: "PUT", path: "/attention" } as const;

const CONTRACT = ADMIN_ATTENTION_CONTRACTS["PUT /attention"];
export type UpdateAttentionRequest = RequestOf<typeof CONTRACT>;
export type UpdateAttentionResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const change = (await jsonBody(c)) as AttentionChange;
  return respond(c, CONTRACT, await updateAttention({ ctx: c.var.ctx, input: { shop: c.var.shop, change } }));
}
