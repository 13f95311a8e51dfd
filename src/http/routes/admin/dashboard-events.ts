/**
 * GET /api/admin/dashboard/events?shop=: the dashboard's live stream (src/http/sse.ts). First
 * a `chats` snapshot `{serverNow, chats}` of every open chat (most urgent first), then `delta`
 * events `{serverNow, upsert, remove, events}` where `events` counts the shop's new stored
 * events (the page refetches its figures when it is not 0). Bearer header as everywhere.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { streamLive } from "../../sse.js";
import type { RequestOf, ResponseOf } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

export const route = { method: "GET", path: "/dashboard/events" } as const;

const CONTRACT = ADMIN_CONTRACTS["GET /dashboard/events"];
export type DashboardEventsRequest = RequestOf<typeof CONTRACT>;
export type DashboardEventsResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  return streamLive(c, c.var.shop.config.id, {
    key: "dashboard", // every dashboard of the shop sees every open chat: one delta for all
    sees: () => true,
    snapshot: (rows, now) => ({ serverNow: now, chats: rows.map((r) => presentChat(r, now)) }),
    messages: false,
    countEvents: true,
  });
}
