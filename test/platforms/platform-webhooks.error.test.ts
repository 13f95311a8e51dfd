import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Harness } from "../support/harness.js";
import { buildDouyinPush } from "../../src/platforms/douyin/codec.js";
import { DY, platformHarness, postDouyin, postKuaishou } from "./http-helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await platformHarness();
});
afterEach(() => h.close());

describe("platform webhooks: configuration and malformed batches", () => {
  it("a shop without credentials answers a clear 503 JSON error", async () => {
    const dy = await postDouyin(h, "[]", { "app-id": "x", "event-sign": "y" }, "bare");
    expect(dy.status).toBe(503);
    expect(await dy.json()).toMatchObject({ error: { code: "not_configured", message: expect.stringContaining("DOUYIN_APP_KEY") } });
    const ks = await postKuaishou(h, '{"test":true}', "bare");
    expect(ks.status).toBe(503);
    expect(await ks.json()).toMatchObject({ error: { code: "not_configured", message: expect.stringContaining("KUAISHOU_MSG_KEY") } });
  });
  it("an unknown shop answers 404", async () => {
    expect((await postDouyin(h, "[]", {}, "nope")).status).toBe(404);
    expect((await postKuaishou(h, "x", "nope")).status).toBe(404);
  });
  it("a signed Douyin body that is not a JSON array → 400", async () => {
    const body = '{"tag":"100","msg_id":"1","data":"{}"}';
    const signed = buildDouyinPush(DY, []);
    const { douyinEventSign } = await import("../../src/platforms/douyin/codec.js");
    const res = await postDouyin(h, body, { ...signed.headers, "event-sign": douyinEventSign(DY.appKey, new TextEncoder().encode(body), DY.appSecret) });
    expect(res.status).toBe(400);
  });
  it("an empty Douyin batch is acknowledged", async () => {
    const p = buildDouyinPush(DY, []);
    const res = await postDouyin(h, p.body, p.headers);
    expect(await res.json()).toEqual({ code: 0, msg: "success" });
  });
});
