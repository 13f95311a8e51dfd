/** The slow-reply reminder's lead per rule (core/reminders.ts) and its place in the chats the console gets. */
import { describe, expect, it } from "vitest";
import { reminderLeadSeconds, remindAtMs } from "../../src/core/reminders.js";
import { buyer, createHarness, T0 } from "../support/harness.js";

describe("slow-reply reminder", () => {
  it("reminds after 100 s of waiting (千牛), never later than 30 s before the deadline", () => {
    expect(reminderLeadSeconds(180)).toBe(80); // Douyin, Taobao 3 minutes
    expect(reminderLeadSeconds(300)).toBe(200); // Kuaishou 5 minutes
    expect(reminderLeadSeconds(130)).toBe(30); // exactly 100 s would leave 30 s
    expect(reminderLeadSeconds(120)).toBe(30); // Douyin 2-minute first reply: 30 s left, at 90 s
    expect(remindAtMs(T0 + 180_000, T0)).toBe(T0 + 100_000);
    expect(remindAtMs(T0 + 20_000, T0)).toBe(T0); // a limit shorter than the lead: at once
  });

  it("is in every chat the console gets, only where the clock counts", async () => {
    const h = await createHarness();
    try {
      await h.postEvents([buyer("kuaishou", "k", T0, "在吗"), buyer("taobao", "night", T0 - 4 * 3600_000, "在吗")]);
      const { chats } = await (await h.agent("default", "a1", "GET", "/queue")).json();
      const k = chats.find((c: { conversation: string }) => c.conversation === "k");
      expect(Date.parse(k.remindAt) - Date.parse(k.deadlineAt)).toBe(-200_000);
      const night = chats.find((c: { conversation: string }) => c.conversation === "night");
      expect(night.clockRuns).toBe(false);
      expect(night.remindAt).toBeNull();
    } finally {
      h.close();
    }
  });
});
