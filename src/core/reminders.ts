/**
 * The slow-reply reminder (docs/ui.md "慢回复提醒"). 千牛 reminds an agent once a buyer has
 * waited 100 s, whatever the rule; ours is per rule: the same 100 s of waiting, but never later
 * than 30 s before the rule's deadline, so a 3-minute rule (Douyin, Taobao) reminds with 80 s
 * left, Kuaishou's 5 minutes with 200 s left, a 2-minute rule with 30 s left. Pure.
 */
export const REMIND_AFTER_WAIT_SECONDS = 100;
export const MIN_REMINDER_LEAD_SECONDS = 30;

/** Seconds before the deadline at which to remind, for a rule allowing `limitSeconds`. */
export function reminderLeadSeconds(limitSeconds: number): number {
  return Math.max(MIN_REMINDER_LEAD_SECONDS, Math.min(limitSeconds, limitSeconds - REMIND_AFTER_WAIT_SECONDS));
}

/** When to remind about a chat whose clock started at `startedAt` (ms) and runs out at `deadlineAt`. */
export function remindAtMs(deadlineAt: number, startedAt: number): number {
  const limit = Math.max(0, (deadlineAt - startedAt) / 1000);
  return deadlineAt - Math.min(limit, reminderLeadSeconds(limit)) * 1000;
}

/**
 * A shop's attention settings (docs/ui.md "提醒设置"): the console's sound and desktop
 * notifications on or off, and the reminder's lead per deadline rule where the shop set one
 * (seconds before the deadline; a rule not named keeps reminderLeadSeconds' default).
 */
export interface AttentionSettings {
  sound: boolean;
  desktopNotify: boolean;
  remindLeadSeconds: Record<string, number>;
}

export const DEFAULT_ATTENTION: AttentionSettings = { sound: true, desktopNotify: true, remindLeadSeconds: {} };

/** The shortest lead a shop may set: a reminder needs time to act on it. */
export const MIN_SET_LEAD_SECONDS = 10;
