/** GET /attention → the shop's attention settings; mounted for agents (their console) and admins (the dashboard's 提醒设置). */
import type { Context } from "hono";
import { getAttention } from "../../../services/attention.js";
import type { AppEnv } from "../../env.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_ATTENTION_CONTRACTS } from "../../contracts/attention.js";

export const route = { method: "GET", path: "/attention" } as const;

const CONTRACT = AGENT_ATTENTION_CONTRACTS["GET /attention"];
export type GetAttentionRequest = RequestOf<typeof CONTRACT>;
export type GetAttentionResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  return respond(c, CONTRACT, await getAttention({ ctx: c.var.ctx, input: { shop: c.var.shop } }));
}
