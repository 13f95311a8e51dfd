import type { Context } from "hono";
import { platformIds, type Platform } from "../../../../core/events.js";
import type { AppEnv } from "../../../env.js";
import { ApiError } from "../../../errors.js";
import { jsonBody, requireString } from "../../../validate.js";
import { engineFor } from "./shared.js";
import { type RequestOf, type ResponseOf, respond } from "../../../contract.js";
import { ADMIN_CONTRACTS } from "../../../contracts/admin.js";

/** The admin's "try a question" box: what the live FAQ would do with a buyer message. */
export const route = { method: "POST", path: "/faq/try" } as const;

const CONTRACT = ADMIN_CONTRACTS["POST /faq/try"];
export type TryMatchRequest = RequestOf<typeof CONTRACT>;
export type TryMatchResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const body = await jsonBody(c);
  const text = requireString(body, "text", 2000);
  const platform = body.platform;
  if (platform !== undefined && !(platformIds() as readonly unknown[]).includes(platform)) {
    throw new ApiError(400, "bad_request", `platform must be one of ${platformIds().join(", ")}`, { field: "platform" });
  }
  const m = engineFor(ctx, shop.config.id);
  const result = m.match(text, { platform: platform as Platform | undefined, topK: 5 });
  return respond(c, CONTRACT, { version: m.version, threshold: m.threshold, ...result });
}
