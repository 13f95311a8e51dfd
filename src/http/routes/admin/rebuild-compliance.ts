import type { Context } from "hono";
import { rebuildShopCompliance } from "../../../services/compliance.js";
import type { AppEnv } from "../../env.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

/**
 * `POST /api/admin/compliance/rebuild?shop=`: folds the shop's stored events into its
 * compliance figures again from scratch: the repair after a change of the shop's rule
 * overrides (figures are computed with the rules in force when folded). Only this shop's
 * figures are touched; the answer says how many events were folded again.
 */
export const route = { method: "POST", path: "/compliance/rebuild" } as const;

const CONTRACT = ADMIN_CONTRACTS["POST /compliance/rebuild"];
export type RebuildComplianceRequest = RequestOf<typeof CONTRACT>;
export type RebuildComplianceResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const folded = await rebuildShopCompliance({ ctx, input: { shop: shop.config.id } });
  return respond(c, CONTRACT, { shop: shop.config.id, folded });
}
