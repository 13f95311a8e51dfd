import type { Context } from "hono";
import type { AppEnv } from "../../../env.js";
import { ApiError } from "../../../errors.js";
import { requireFaqEditor } from "../../../../services/faq-editor.js";
import { asApiErrors } from "./shared.js";
import { type RequestOf, type ResponseOf, respond } from "../../../contract.js";
import { ADMIN_CONTRACTS } from "../../../contracts/admin.js";

/**
 * Removes the shop's own entry; a shared entry of the same id shows again. To hide a shared
 * entry for the shop, PUT it with `enabled: false`.
 */
export const route = { method: "DELETE", path: "/faq/entries/:id" } as const;

const CONTRACT = ADMIN_CONTRACTS["DELETE /faq/entries/:id"];
export type DeleteEntryRequest = RequestOf<typeof CONTRACT>;
export type DeleteEntryResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const id = c.req.param("id") ?? "";
  const result = await asApiErrors(() => requireFaqEditor({ ctx }).remove(shop.config.id, id));
  if (!result) throw new ApiError(404, "not_found", `the shop has no entry "${id}" of its own (shared entries are hidden with enabled: false)`);
  // 202: on disk, live once the FAQ is rebuilt (retraining); `version` is the one still live
  return respond(c, CONTRACT, { id, deleted: true, ...result }, result.pending ? 202 : 200);
}
