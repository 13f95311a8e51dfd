import type { Context } from "hono";
import { retryOutboxItem } from "../../../services/admin-logs.js";
import type { AppEnv } from "../../env.js";
import { idParam } from "../../validate.js";

/** Puts a failed delivery back in line, e.g. after fixing the shop's outbound URL. */
export const route = { method: "POST", path: "/outbox/:id/retry" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const row = await retryOutboxItem({ ctx, input: { shop: shop.config.id, id: idParam(c) } });
  return c.json({ id: row.id, status: "pending" });
}
