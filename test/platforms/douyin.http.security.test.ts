import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Harness } from "../support/harness.js";
import { douyinEventSign } from "../../src/platforms/douyin/codec.js";
import { count, DY, douyinPush, platformHarness, postDouyin } from "./http-helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await platformHarness();
});
afterEach(() => h.close());

const push = () => douyinPush([{ tag: "im_buyer_message", msg_id: "m1", data: { conversation_id: "b1", content: "在吗" } }]);

describe("Douyin push: forged and tampered", () => {
  it("forged event-sign → 401, nothing stored", async () => {
    const p = push();
    const res = await postDouyin(h, p.body, { ...p.headers, "event-sign": "f".repeat(32) });
    expect(res.status).toBe(401);
    expect((await res.json()) as unknown).toMatchObject({ error: { code: "unauthorized" } });
    expect(await count(h, "events")).toBe(0);
  });
  it("tampered body with the original sign → 401", async () => {
    const p = push();
    const res = await postDouyin(h, p.body.replace("在吗", "在么"), p.headers);
    expect(res.status).toBe(401);
    expect(await count(h, "events")).toBe(0);
  });
  it("wrong app-id with a sign that matches under it → 401", async () => {
    const p = push();
    const other = "7000000000000000000";
    const res = await postDouyin(h, p.body, { ...p.headers, "app-id": other, "event-sign": douyinEventSign(other, new TextEncoder().encode(p.body), DY.appSecret) });
    expect(res.status).toBe(401);
  });
  it("missing headers → 401", async () => {
    const p = push();
    expect((await postDouyin(h, p.body, { "content-type": "application/json" })).status).toBe(401);
  });
  it("a sign in uppercase hex is accepted", async () => {
    const p = push();
    const res = await postDouyin(h, p.body, { ...p.headers, "event-sign": p.headers["event-sign"]!.toUpperCase() });
    expect(res.status).toBe(200);
  });
  it("a valid push for shop A posted to shop B is refused (B's credentials differ or are absent)", async () => {
    const p = push();
    const res = await postDouyin(h, p.body, p.headers, "bare");
    expect(res.status).toBe(503);
  });
});
