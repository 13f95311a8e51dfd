/**
 * The contracts of the shop's attention settings (提醒设置, docs/ui.md): read by agents
 * (GET /api/agent/attention, the console) and admins (GET /api/admin/attention), changed by
 * admins (PUT /api/admin/attention).
 */
import { z } from "@hono/zod-openapi";
import { contracts, operation } from "../contract.js";

export const AttentionView = z.object({
  sound: z.boolean().openapi({ description: "the console beeps on a buyer's message, a new chat and a reminder" }),
  desktopNotify: z.boolean().openapi({ description: "the console shows desktop notifications (Notification API) when its tab is not in front" }),
  reminders: z.array(
    z.object({
      platform: z.string(),
      rule: z.string().openapi({ description: "the deadline rule of the platform's chats", example: "douyin.manual-3min" }),
      ruleName: z.string(),
      limitSeconds: z.number().int(),
      defaultLeadSeconds: z.number().int().openapi({ description: "without a setting: 100 s of waiting, never less than 30 s before the deadline" }),
      leadSeconds: z.number().int().openapi({ description: "the slow-reply reminder fires this many seconds before the deadline" }),
      custom: z.boolean().openapi({ description: "true: the shop set leadSeconds" }),
    }),
  ),
  updatedAt: z.number().int().nullable().openapi({ description: "epoch ms of the last change; null: the defaults" }),
});

const GET = {
  summary: "The shop's attention settings: sound, desktop notifications, the slow-reply reminder's lead per deadline rule",
  response: { description: "the settings in force", schema: AttentionView },
} as const;

export const AGENT_ATTENTION_CONTRACTS = contracts(operation("GET", "/attention", { ...GET, errors: [401] }));

export const ADMIN_ATTENTION_CONTRACTS = contracts(
  operation("GET", "/attention", { ...GET, errors: [400, 401, 403] }),
  operation("PUT", "/attention", {
    summary: "Change the shop's attention settings (what is given; a lead of null goes back to the default); open consoles get it over their live feed at once",
    body: z.object({
      sound: z.boolean().optional(),
      desktopNotify: z.boolean().optional(),
      remindLeadSeconds: z.record(z.string(), z.number().int().nullable()).optional().openapi({ description: "per deadline rule id: seconds before the deadline (10 … the rule's limit), or null for the default" }),
    }),
    response: { description: "the settings now in force", schema: AttentionView },
    errors: [400, 401, 403],
  }),
);
