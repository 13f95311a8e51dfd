/** GET /healthz: the app answers, and which shops it serves (no credentials needed). */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { contract, respond } from "../contract.js";
import type { AppEnv } from "../env.js";

export const route = { method: "GET", path: "/healthz" } as const;

export const HealthResponse = z.object({ ok: z.literal(true), shops: z.array(z.string()) });
export type HealthResponse = z.infer<typeof HealthResponse>;

export const openapi = contract("GET", "/healthz", { summary: "Liveness, and the shops served", response: { description: "up", schema: HealthResponse } });

export function handler(c: Context<AppEnv>) {
  return respond(c, openapi, { ok: true, shops: [...c.var.ctx.shops.keys()] });
}
