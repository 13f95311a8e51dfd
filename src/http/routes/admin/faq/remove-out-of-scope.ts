import type { Context } from "hono";
import { removeOutOfScopeTexts } from "../../../../services/faq-out-of-scope.js";
import type { AppEnv } from "../../../env.js";
import { jsonBody } from "../../../validate.js";
import { asApiErrors, outOfScopeSet } from "./shared.js";
import { type RequestOf, type ResponseOf, respond } from "../../../contract.js";
import { ADMIN_CONTRACTS } from "../../../contracts/admin.js";

/**
 * Removes texts from the 不回答的问题 of the shop's set (or of the shared set): the messages
 * they held back are answered by the FAQ again. Texts not listed are left out of `removed`.
 */
export const route = { method: "POST", path: "/faq/out-of-scope/remove" } as const;

const CONTRACT = ADMIN_CONTRACTS["POST /faq/out-of-scope/remove"];
export type RemoveOutOfScopeRequest = RequestOf<typeof CONTRACT>;
export type RemoveOutOfScopeResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const body = (await jsonBody(c)) as RemoveOutOfScopeRequest["body"];
  const set = await outOfScopeSet(c, body.set);
  const result = await asApiErrors(() => removeOutOfScopeTexts({ ctx, input: { shopId: shop.config.id, set, texts: body.texts } }));
  // 202: on disk, live once the FAQ is rebuilt (retraining); `version` is the one still live
  return respond(c, CONTRACT, result, result.pending ? 202 : 200);
}
