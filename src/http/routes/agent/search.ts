import type { Context } from "hono";
import { formatPlatformTime } from "../../../core/time.js";
import { SEARCH_DAYS, type SearchConversation, type SearchHit, type SearchResult, searchConversations } from "../../../services/history.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

/**
 * GET /search?query=: the shop's conversations of the last 30 days by buyer id, order id or
 * message text (services/history.ts). `index` says whether the FTS5 index answered or a scan.
 */
export const route = { method: "GET", path: "/search" } as const;

/** The answer: the matching conversations of the last `days` days (times in platform time). */
export interface SearchAnswer extends Omit<SearchResult, "from" | "conversations"> {
  days: number;
  from: string;
  conversations: Array<Omit<SearchConversation, "lastAt" | "hits"> & { lastAt: string; hits: Array<Omit<SearchHit, "at"> & { at: string }> }>;
}
const CONTRACT = AGENT_CONTRACTS["GET /search"];
export type SearchRequest = RequestOf<typeof CONTRACT>;
export type SearchResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const query = (c.req.query("query") ?? "").trim();
  if (!query) throw new ApiError(400, "bad_request", "query is required", { field: "query", reason: "required" });
  if (query.length > 100) throw new ApiError(400, "bad_request", "query is longer than 100 characters", { field: "query", reason: "too-long", max: 100 });
  const r = await searchConversations({ ctx, input: { shop: shop.config.id, query } });
  const body: SearchAnswer = {
    query: r.query,
    days: SEARCH_DAYS,
    from: formatPlatformTime(r.from),
    index: r.index,
    conversations: r.conversations.map((x) => ({ ...x, lastAt: formatPlatformTime(x.lastAt), hits: x.hits.map((h) => ({ ...h, at: formatPlatformTime(h.at) })) })),
  };
  return respond(c, CONTRACT, body);
}
