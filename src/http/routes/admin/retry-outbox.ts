import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { retryOutboxItem } from "../../../services/admin-logs.js";
import type { AppEnv } from "../../env.js";
import { contract, respond } from "../../contract.js";
import { idParam } from "../../validate.js";

/** Puts a failed delivery back in line, e.g. after fixing the shop's outbound URL. */
export const route = { method: "POST", path: "/outbox/:id/retry" } as const;

export const RetryOutboxResponse = z.object({ id: z.number().int(), status: z.literal("pending") });
export type RetryOutboxResponse = z.infer<typeof RetryOutboxResponse>;

export const openapi = contract("POST", "/outbox/:id/retry", {
  summary: "Put a failed delivery back in line",
  params: z.object({ id: z.string().regex(/^\d+$/) }),
  query: z.object({ shop: z.string().optional() }),
  response: { description: "queued again", schema: RetryOutboxResponse },
  errors: [400, 401, 403, 404],
});

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const row = await retryOutboxItem({ ctx, input: { shop: shop.config.id, id: idParam(c) } });
  return respond(c, openapi, { id: row.id, status: "pending" });
}
