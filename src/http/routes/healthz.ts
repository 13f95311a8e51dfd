/** GET /healthz: the app answers, and which shops it serves (no credentials needed). */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env.js";

export const route = { method: "GET", path: "/healthz" } as const;

export const HealthResponse = z.object({ ok: z.literal(true), shops: z.array(z.string()) });
export type HealthResponse = z.infer<typeof HealthResponse>;

export const openapi = createRoute({
  method: "get",
  path: "/healthz",
  summary: "Liveness, and the shops served",
  responses: { 200: { description: "up", content: { "application/json": { schema: HealthResponse } } } },
});

export function handler(c: Context<AppEnv>) {
  const body: HealthResponse = { ok: true, shops: [...c.var.ctx.shops.keys()] };
  return c.json(body);
}
