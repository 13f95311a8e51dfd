/**
 * 提醒设置 per shop (docs/ui.md): the defaults (sound and desktop notifications on, the reminder's
 * lead per deadline rule as core/reminders.ts computes it), changed by the admin, stored in
 * SQLite and read back by the shop's agents; a lead reset with null returns to the default.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { shopAttention } from "../../src/store/schema/index.js";
import type { Harness } from "../support/harness.js";
import { attentionHarness, putAttention } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await attentionHarness();
});
afterEach(() => h.close());

describe("attention settings", () => {
  it("start at the defaults: sound and notifications on, each deadline rule's default lead", async () => {
    const res = await h.call("GET /api/agent/attention", { agent: "a1" });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({ sound: true, desktopNotify: true, updatedAt: null });
    const byRule = Object.fromEntries(body.reminders.map((r) => [r.rule, r]));
    // 千牛's 100 s of waiting, per rule: 3-minute rules remind 80 s before, Kuaishou's 5 minutes 200 s before
    expect(byRule["douyin.manual-3min"]).toMatchObject({ platform: "douyin", limitSeconds: 180, defaultLeadSeconds: 80, leadSeconds: 80, custom: false });
    expect(byRule["taobao.rounds-3min"]).toMatchObject({ platform: "taobao", limitSeconds: 180, leadSeconds: 80, custom: false });
    expect(byRule["kuaishou.shop-5min"]).toMatchObject({ platform: "kuaishou", limitSeconds: 300, leadSeconds: 200, custom: false });
    expect((await h.call("GET /api/admin/attention", {})).body).toEqual(body);
  });

  it("are changed by the admin, stored, and read by the shop's agents; null returns a lead to its default; what is not given is kept", async () => {
    h.clock.now += 5000;
    const put = await h.call("PUT /api/admin/attention", { body: { sound: false, remindLeadSeconds: { "douyin.manual-3min": 120, "kuaishou.shop-5min": 10 } } });
    expect(put.status).toBe(200);
    const saved = put.body;
    expect(saved).toMatchObject({ sound: false, desktopNotify: true, updatedAt: h.clock.now });
    const agentView = (await h.call("GET /api/agent/attention", { agent: "a2" })).body;
    expect(agentView).toEqual(saved);
    const lead = (v: { reminders: { rule: string; leadSeconds: number; custom: boolean }[] }, rule: string) => v.reminders.find((r) => r.rule === rule)!;
    expect(lead(agentView, "douyin.manual-3min")).toMatchObject({ leadSeconds: 120, custom: true });
    // the exact limits are accepted: 10 s, and the whole limit
    expect(lead(agentView, "kuaishou.shop-5min")).toMatchObject({ leadSeconds: 10, custom: true });
    expect((await putAttention(h, { remindLeadSeconds: { "taobao.rounds-3min": 180 } })).status).toBe(200);

    const rows = await h.ctx.db.select().from(shopAttention);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.remindLeads)).toEqual({ "douyin.manual-3min": 120, "kuaishou.shop-5min": 10, "taobao.rounds-3min": 180 });

    const reset = await (await putAttention(h, { desktopNotify: false, remindLeadSeconds: { "douyin.manual-3min": null } })).json();
    expect(reset).toMatchObject({ sound: false, desktopNotify: false });
    expect(lead(reset, "douyin.manual-3min")).toMatchObject({ leadSeconds: 80, custom: false });
    expect(lead(reset, "taobao.rounds-3min")).toMatchObject({ leadSeconds: 180, custom: true });
  });

  it("belong to one shop: another shop keeps its defaults and lists only its own platforms' rules", async () => {
    expect((await putAttention(h, { sound: false })).status).toBe(200);
    const other = await (await h.agent("other", "a1", "GET", "/attention")).json();
    expect(other.sound).toBe(true);
    expect(other.reminders.map((r: { rule: string }) => r.rule)).toEqual(["douyin.manual-3min"]);
  });
});
