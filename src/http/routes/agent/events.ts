/**
 * GET /api/agent/events: the console's live stream (Server-Sent Events, src/http/sse.ts).
 * First a `chats` snapshot `{serverNow, chats, queue}` (my chats and the shop's waiting queue,
 * most urgent first), then `delta` events `{serverNow, upsert:[chat], remove:[id],
 * messages:[message]}` as chats and messages change: a chat that enters my list or the queue
 * is upserted, one that leaves both is removed, and messages are those of the conversations I
 * see. A client that falls behind gets a fresh `chats` snapshot instead of the deltas it missed.
 * The shop's 提醒设置 come as an `attention` event (GET /api/agent/attention's body) just before
 * every snapshot and again whenever an admin changes them. The stream ends as soon as the agent
 * is disabled or re-tokened (the page's reconnect then meets the 401).
 *
 * Auth is the usual bearer header: the console reads the stream with fetch() and a
 * ReadableStream (EventSource cannot send headers), so tokens never appear in URLs or logs.
 */
import type { Context } from "hono";
import type { ChatRow } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { type LiveView, type PresentedChat, streamLive } from "../../sse.js";

export const route = { method: "GET", path: "/events" } as const;

/** The `chats` event's data (then `delta`: LiveDelta, src/http/sse.ts; `attention`: AttentionAnswer, src/http/contracts/answers.ts). */
export interface AgentSnapshot {
  serverNow: number;
  chats: PresentedChat[];
  queue: PresentedChat[];
}
import type { RequestOf, ResponseOf } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";
const CONTRACT = AGENT_CONTRACTS["GET /events"];
export type EventsRequest = RequestOf<typeof CONTRACT>;
export type EventsResponse = ResponseOf<typeof CONTRACT>;

export function agentView(agentId: string, signedIn?: () => boolean): LiveView {
  const mine = (r: ChatRow) => r.status === "assigned" && r.agentId === agentId;
  return {
    // an agent's consoles (several tabs, several devices) see the same: their deltas are shared
    key: `agent:${agentId}`,
    ...(signedIn ? { signedIn } : {}),
    sees: (r) => mine(r) || r.status === "waiting",
    snapshot: (rows, now): AgentSnapshot => ({
      serverNow: now,
      chats: rows.filter(mine).map((r) => presentChat(r, now)),
      queue: rows.filter((r) => r.status === "waiting").map((r) => presentChat(r, now)),
    }),
    messages: true,
    countEvents: false,
    attention: true,
  };
}

export async function handler(c: Context<AppEnv>) {
  const { shop, agent } = c.var;
  // the shop's agents change in place when the admin disables or re-tokens one (services/agents.ts)
  const signedIn = () => shop.config.agents.some((a) => a.id === agent.id && a.tokenSha256 === agent.tokenSha256);
  return streamLive(c, shop.config.id, agentView(agent.id, signedIn));
}
