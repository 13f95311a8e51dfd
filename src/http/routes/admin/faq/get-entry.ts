import type { Context } from "hono";
import type { AppEnv } from "../../../env.js";
import { ApiError } from "../../../errors.js";
import { engineFor } from "./shared.js";
import { type RequestOf, type ResponseOf, respond } from "../../../contract.js";
import { ADMIN_CONTRACTS } from "../../../contracts/admin.js";

/** One entry of the shop's live FAQ. */
export const route = { method: "GET", path: "/faq/entries/:id" } as const;

const CONTRACT = ADMIN_CONTRACTS["GET /faq/entries/:id"];
export type GetEntryRequest = RequestOf<typeof CONTRACT>;
export type GetEntryResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const id = c.req.param("id") ?? "";
  const entry = engineFor(ctx, shop.config.id).entries.find((e) => e.id === id);
  if (!entry) throw new ApiError(404, "not_found", `no FAQ entry "${id}" in this shop`);
  return respond(c, CONTRACT, entry);
}
