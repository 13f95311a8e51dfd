/**
 * A shop's attention settings (docs/ui.md "提醒设置"), kept by its admins in `shop_attention`
 * and read by every agent's console: sound and desktop notifications on or off, and the
 * slow-reply reminder's lead per deadline rule (the rule each platform's chats race against,
 * core/rules/presets.ts DEADLINE_RULE), in seconds before the deadline.
 */
import { eq } from "drizzle-orm";
import { DEFAULT_ATTENTION, MIN_SET_LEAD_SECONDS, reminderLeadSeconds, type AttentionSettings } from "../core/reminders.js";
import { DEADLINE_RULE } from "../core/rules/presets.js";
import type { Platform } from "../core/events.js";
import { shopAttention } from "../store/schema/index.js";
import type { ServiceContext, Shop } from "./context.js";
import { invalid } from "./errors.js";

export interface AttentionReminder {
  platform: Platform;
  rule: string;
  ruleName: string;
  limitSeconds: number;
  /** the lead without a setting (core/reminders.ts: 100 s of waiting, never less than 30 s) */
  defaultLeadSeconds: number;
  /** the lead the consoles use: the shop's if set, else the default */
  leadSeconds: number;
  /** true: the shop set it */
  custom: boolean;
}

export interface AttentionView {
  sound: boolean;
  desktopNotify: boolean;
  reminders: AttentionReminder[];
  /** epoch ms of the last change; null: never changed (the defaults) */
  updatedAt: number | null;
}

export interface AttentionChange {
  sound?: boolean;
  desktopNotify?: boolean;
  /** per rule id: seconds before the deadline, or null for the default */
  remindLeadSeconds?: Record<string, number | null>;
}

/** The deadline rules of the shop's platforms that run a clock, with their limits. */
function deadlineRules(shop: Shop): { platform: Platform; rule: string; ruleName: string; limitSeconds: number }[] {
  return shop.config.platforms.flatMap((platform) => {
    const spec = shop.rules[DEADLINE_RULE[platform]];
    return spec?.limitSeconds ? [{ platform, rule: spec.id, ruleName: spec.name, limitSeconds: spec.limitSeconds }] : [];
  });
}

async function storedSettings(ctx: ServiceContext, shopId: string): Promise<{ settings: AttentionSettings; updatedAt: number | null }> {
  const [row] = await ctx.db.select().from(shopAttention).where(eq(shopAttention.shop, shopId)).limit(1);
  if (!row) return { settings: DEFAULT_ATTENTION, updatedAt: null };
  let leads: Record<string, number> = {};
  try {
    const parsed = JSON.parse(row.remindLeads) as unknown;
    if (parsed && typeof parsed === "object") leads = Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => Number.isInteger(e[1])));
  } catch {
    // an unreadable value (never written by us) means no setting: the defaults
  }
  return { settings: { sound: row.sound, desktopNotify: row.desktopNotify, remindLeadSeconds: leads }, updatedAt: row.updatedAt };
}

function view(shop: Shop, settings: AttentionSettings, updatedAt: number | null): AttentionView {
  return {
    sound: settings.sound,
    desktopNotify: settings.desktopNotify,
    reminders: deadlineRules(shop).map((r) => {
      const defaultLeadSeconds = reminderLeadSeconds(r.limitSeconds);
      const set = settings.remindLeadSeconds[r.rule];
      // a lead set before the rule's limit shrank (a rule override) is held to the new limit
      const custom = set !== undefined;
      return { ...r, defaultLeadSeconds, leadSeconds: custom ? Math.min(set, r.limitSeconds) : defaultLeadSeconds, custom };
    }),
    updatedAt,
  };
}

export async function getAttention({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop } }): Promise<AttentionView> {
  const { settings, updatedAt } = await storedSettings(ctx, input.shop.config.id);
  return view(input.shop, settings, updatedAt);
}

/** Changes what is given, keeps the rest; a lead of null goes back to the default. */
export async function updateAttention({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop; change: AttentionChange } }): Promise<AttentionView> {
  const shopId = input.shop.config.id;
  const rules = new Map(deadlineRules(input.shop).map((r) => [r.rule, r]));
  const { settings } = await storedSettings(ctx, shopId);
  const leads = { ...settings.remindLeadSeconds };
  for (const [rule, seconds] of Object.entries(input.change.remindLeadSeconds ?? {})) {
    const r = rules.get(rule);
    if (!r) throw invalid(`remindLeadSeconds: ${rule} is not a deadline rule of this shop (${[...rules.keys()].join(", ")})`, { field: "remindLeadSeconds", reason: "unknown-rule", rule });
    if (seconds === null) {
      delete leads[rule];
      continue;
    }
    if (!Number.isInteger(seconds) || seconds < MIN_SET_LEAD_SECONDS || seconds > r.limitSeconds) {
      throw invalid(`remindLeadSeconds.${rule} must be a whole number of seconds from ${MIN_SET_LEAD_SECONDS} to ${r.limitSeconds}`, {
        field: "remindLeadSeconds",
        reason: "out-of-range",
        rule,
        min: MIN_SET_LEAD_SECONDS,
        max: r.limitSeconds,
      });
    }
    leads[rule] = seconds;
  }
  const next: AttentionSettings = { sound: input.change.sound ?? settings.sound, desktopNotify: input.change.desktopNotify ?? settings.desktopNotify, remindLeadSeconds: leads };
  const now = ctx.now();
  const row = { shop: shopId, sound: next.sound, desktopNotify: next.desktopNotify, remindLeads: JSON.stringify(leads), updatedAt: now };
  await ctx.transact(async () => {
    await ctx.db
      .insert(shopAttention)
      .values(row)
      .onConflictDoUpdate({ target: shopAttention.shop, set: { sound: row.sound, desktopNotify: row.desktopNotify, remindLeads: row.remindLeads, updatedAt: now } });
  });
  // open consoles get the new settings over their live feed (src/http/sse.ts), at once
  ctx.changes.notify(shopId, "attention");
  return view(input.shop, next, now);
}
