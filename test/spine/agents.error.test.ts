import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buyer, createHarness, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe("agent API bad input", () => {
  it("400 for an empty reply, a non-boolean status, a bad id", async () => {
    await h.postEvents(buyer("douyin", "d", T0, "在吗"));
    expect((await h.agent("default", "a1", "POST", "/chats/1/reply", { text: "  " })).status).toBe(400);
    expect((await (await h.agent("default", "a1", "POST", "/chats/1/reply", {})).json()).error.field).toBe("text");
    expect((await h.agent("default", "a1", "PUT", "/status", { online: "yes" })).status).toBe(400);
    expect((await h.agent("default", "a1", "POST", "/chats/abc/claim")).status).toBe(400);
  });

  it("404 for a chat that does not exist, 400 for an unknown transfer target", async () => {
    expect((await h.agent("default", "a1", "POST", "/chats/999/claim")).status).toBe(404);
    await h.postEvents(buyer("douyin", "d", T0, "在吗"));
    await h.agent("default", "a1", "POST", "/chats/1/claim");
    const res = await h.agent("default", "a1", "POST", "/chats/1/transfer", { agent: "ghost" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe("agent");
  });

  it("409 when claiming beyond the cap", async () => {
    for (let i = 0; i < 3; i++) await h.postEvents(buyer("douyin", `d${i}`, T0, "在吗"));
    expect((await h.agent("default", "a1", "POST", "/chats/1/claim")).status).toBe(200);
    expect((await h.agent("default", "a1", "POST", "/chats/2/claim")).status).toBe(200);
    const res = await h.agent("default", "a1", "POST", "/chats/3/claim");
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("conflict");
  });
});
