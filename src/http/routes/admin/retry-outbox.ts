import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { retryOutboxItem } from "../../../services/admin-logs.js";
import type { AppEnv } from "../../env.js";
import { errorResponses } from "../../openapi.js";
import { idParam } from "../../validate.js";

/** Puts a failed delivery back in line, e.g. after fixing the shop's outbound URL. */
export const route = { method: "POST", path: "/outbox/:id/retry" } as const;

export const RetryOutboxResponse = z.object({ id: z.number().int(), status: z.literal("pending") });
export type RetryOutboxResponse = z.infer<typeof RetryOutboxResponse>;

export const openapi = createRoute({
  method: "post",
  path: "/outbox/{id}/retry",
  summary: "Put a failed delivery back in line",
  request: { params: z.object({ id: z.string().regex(/^\d+$/) }), query: z.object({ shop: z.string().optional() }) },
  responses: { 200: { description: "queued again", content: { "application/json": { schema: RetryOutboxResponse } } }, ...errorResponses(400, 401, 403, 404) },
});

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const row = await retryOutboxItem({ ctx, input: { shop: shop.config.id, id: idParam(c) } });
  const body: RetryOutboxResponse = { id: row.id, status: "pending" };
  return c.json(body);
}
