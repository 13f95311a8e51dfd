/**
 * 提醒设置 are the shop admins' to change: agents read them and cannot change them; no token,
 * another shop's token or an agent's token on the admin route is refused; nothing changes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Harness } from "../support/harness.js";
import { attentionHarness, putAttention } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await attentionHarness();
});
afterEach(() => h.close());

describe("attention settings access", () => {
  it("refuses a missing or wrong token and an agent's token on the admin route (401), and has no agent route that writes", async () => {
    const body = JSON.stringify({ sound: false });
    const headers = (auth?: string) => ({ "content-type": "application/json", ...(auth ? { authorization: auth } : {}) });
    for (const auth of [undefined, "Bearer wrong", "Bearer default-a1-token"]) {
      const res = await h.app.request("/api/admin/attention", { method: "PUT", headers: headers(auth), body });
      expect(res.status, String(auth)).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
      expect((await h.app.request("/api/admin/attention", { headers: headers(auth) })).status).toBe(401);
    }
    expect((await h.app.request("/api/agent/attention")).status).toBe(401);
    // an agent can read, not write
    const agentPut = await h.agent("default", "a1", "PUT", "/attention", { sound: false });
    expect(agentPut.status).toBe(404);
    expect((await (await h.agent("default", "a1", "GET", "/attention")).json()).sound).toBe(true);
  });

  it("an admin of one shop cannot change or read another shop's settings", async () => {
    const res = await h.app.request("/api/admin/attention?shop=default", { method: "PUT", headers: { authorization: "Bearer admin-token-other", "content-type": "application/json" }, body: JSON.stringify({ sound: false }) });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
    expect((await h.app.request("/api/admin/attention?shop=default", { headers: { authorization: "Bearer admin-token-other" } })).status).toBe(403);
    expect((await (await h.agent("default", "a1", "GET", "/attention")).json()).sound).toBe(true);
    // its own token changes only its own shop
    expect((await putAttention(h, { sound: false }, "other")).status).toBe(200);
    expect((await (await h.agent("default", "a1", "GET", "/attention")).json()).sound).toBe(true);
    expect((await (await h.agent("other", "a1", "GET", "/attention")).json()).sound).toBe(false);
  });
});
