import type { Context } from "hono";
import { addOutOfScopeTexts } from "../../../../services/faq-out-of-scope.js";
import type { AppEnv } from "../../../env.js";
import { jsonBody } from "../../../validate.js";
import { asApiErrors, outOfScopeSet } from "./shared.js";
import { type RequestOf, type ResponseOf, respond } from "../../../contract.js";
import { ADMIN_CONTRACTS } from "../../../contracts/admin.js";

/**
 * Adds texts to the 不回答的问题 of the shop's set (or, `set: "shared"`, of the shared set): a buyer
 * message at least as close to one of them as to any text of the top entry is not answered
 * by the bot (docs/faq.md, the nearest-text rule). The dashboard's "不再自动回答" on a flagged
 * answer sends its buyer message here. Texts already listed are left as they are (idempotent).
 */
export const route = { method: "POST", path: "/faq/out-of-scope" } as const;

const CONTRACT = ADMIN_CONTRACTS["POST /faq/out-of-scope"];
export type AddOutOfScopeRequest = RequestOf<typeof CONTRACT>;
export type AddOutOfScopeResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const body = (await jsonBody(c)) as AddOutOfScopeRequest["body"];
  const set = await outOfScopeSet(c, body.set);
  const result = await asApiErrors(() => addOutOfScopeTexts({ ctx, input: { shopId: shop.config.id, set, texts: body.texts } }));
  // 202: on disk, live once the FAQ is rebuilt (retraining); `version` is the one still live
  return respond(c, CONTRACT, result, result.pending ? 202 : 200);
}
