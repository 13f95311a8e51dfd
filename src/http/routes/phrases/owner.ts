/**
 * The phrase routes are mounted twice: under /api/admin (the shop's phrases, `scope: "shop"`)
 * and under /api/agent (the agent's own, `scope: "personal"`). Who owns what is decided here,
 * from the token's shop and agent, never from the request body.
 */
import type { Context } from "hono";
import type { PhraseOwner } from "../../../services/quick-phrases.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { requireString } from "../../validate.js";

export type PhraseScope = "shop" | "personal";

export function ownerOf(c: Context<AppEnv>, scope: PhraseScope): PhraseOwner {
  return { shop: c.var.shop.config.id, agentId: scope === "shop" ? null : c.var.agent.id };
}

export const TITLE_MAX = 40;
export const CONTENT_MAX = 2000; // what a reply may hold (reply-chat)

/** `{title, content}`; on an update either may be left out, but not both. */
export function phraseFields(body: Record<string, unknown>, partial: boolean): { title?: string; content?: string } {
  if (partial && body.title === undefined && body.content === undefined) {
    throw new ApiError(400, "bad_request", "give title or content", { field: "content", reason: "required" });
  }
  return {
    ...(!partial || body.title !== undefined ? { title: requireString(body, "title", TITLE_MAX) } : {}),
    ...(!partial || body.content !== undefined ? { content: requireString(body, "content", CONTENT_MAX) } : {}),
  };
}
