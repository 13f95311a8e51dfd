import type { Context } from "hono";
import { and, eq } from "drizzle-orm";
import { outbox } from "../../../store/schema/index.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { idParam } from "../../validate.js";

/** Puts a failed delivery back in line, e.g. after fixing the shop's outbound URL. */
export const route = { method: "POST", path: "/outbox/:id/retry" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const [row] = await ctx.db
    .update(outbox)
    .set({ status: "pending", attempts: 0, nextAttemptAt: ctx.now() })
    .where(and(eq(outbox.shop, shop.config.id), eq(outbox.id, idParam(c)), eq(outbox.status, "failed")))
    .returning({ id: outbox.id });
  if (!row) throw new ApiError(404, "not_found", "no failed delivery with that id in this shop");
  ctx.outboxWritten();
  return c.json({ id: row.id, status: "pending" });
}
