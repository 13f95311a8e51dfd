import type { Context } from "hono";
import { platformIds } from "../../../core/events.js";
import { formatPlatformTime, parseDayKey } from "../../../core/time.js";
import { type HistoryDay, listHistoryDays, listHistoryMessages } from "../../../services/history.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { type PresentedMessage, presentEvent } from "../../present.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

/**
 * GET /history?platform=&conversation=: a buyer's conversation by day over the last 30 days
 * (the console's 历史会话); with `&day=YYYY-MM-DD`, that day's messages.
 */
export const route = { method: "GET", path: "/history" } as const;

/** The answer without `day`: the conversation's days, newest first (times in platform time, agents by name). */
export interface HistoryDays {
  platform: string;
  conversation: string;
  days: Array<Omit<HistoryDay, "firstAt" | "lastAt"> & { firstAt: string; lastAt: string }>;
}
/** The answer with `day`: that day's messages. */
export interface HistoryDayMessages {
  platform: string;
  conversation: string;
  day: string;
  messages: PresentedMessage[];
}
const CONTRACT = AGENT_CONTRACTS["GET /history"];
export type HistoryRequest = RequestOf<typeof CONTRACT>;
export type HistoryResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const platform = c.req.query("platform") ?? "";
  const conversation = c.req.query("conversation") ?? "";
  if (!(platformIds() as readonly string[]).includes(platform)) throw new ApiError(400, "bad_request", `platform must be one of ${platformIds().join(", ")}`, { field: "platform", reason: "required" });
  if (!conversation || conversation.length > 256) throw new ApiError(400, "bad_request", "conversation is required (at most 256 characters)", { field: "conversation", reason: "required" });
  const key = { shop: shop.config.id, platform, conversation };
  const dayParam = c.req.query("day");
  if (dayParam !== undefined) {
    const day = parseDayKey(dayParam);
    if (day === undefined) throw new ApiError(400, "bad_request", "day must be YYYY-MM-DD", { field: "day" });
    const rows = await listHistoryMessages({ ctx, input: { ...key, day } });
    const body: HistoryDayMessages = { platform, conversation, day: dayParam, messages: rows.map(presentEvent) };
    return respond(c, CONTRACT, body);
  }
  const days = await listHistoryDays({ ctx, input: key });
  const body: HistoryDays = {
    platform,
    conversation,
    days: days.map((d) => ({ ...d, firstAt: formatPlatformTime(d.firstAt), lastAt: formatPlatformTime(d.lastAt), agents: d.agents.map((a) => shop.agentsById.get(a)?.name ?? a) })),
  };
  return respond(c, CONTRACT, body);
}
