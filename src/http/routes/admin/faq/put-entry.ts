import type { Context } from "hono";
import type { AppEnv } from "../../../env.js";
import { ApiError } from "../../../errors.js";
import { jsonBody } from "../../../validate.js";
import { requireFaqEditor } from "../../../../services/faq-editor.js";
import { asApiErrors } from "./shared.js";
import { type RequestOf, type ResponseOf, respond } from "../../../contract.js";
import { ADMIN_CONTRACTS } from "../../../contracts/admin.js";

/**
 * Creates or replaces the shop's entry. The body is an entry as in the files (question,
 * examples, answer, answers, keywords, enabled); validated like `faq check`, written
 * atomically to faq/shops/<shop>/, live on return.
 */
export const route = { method: "PUT", path: "/faq/entries/:id" } as const;

const CONTRACT = ADMIN_CONTRACTS["PUT /faq/entries/:id"];
export type PutEntryRequest = RequestOf<typeof CONTRACT>;
export type PutEntryResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const id = c.req.param("id") ?? "";
  const body = await jsonBody(c);
  if (body.id !== undefined && body.id !== id) throw new ApiError(400, "bad_request", "the body's id differs from the path's", { field: "id" });
  const editor = requireFaqEditor({ ctx });
  const result = await asApiErrors(() => editor.put(shop.config.id, { ...body, id }));
  // 202: on disk, live once the FAQ is rebuilt (retraining); `version` is the one still live
  return respond(c, CONTRACT, { id, ...result }, result.pending ? 202 : 200);
}
