/** Bad requests to the stats API: a JSON error naming the problem, never a 500. */
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.js";
import { createHarness, type Harness } from "../support/harness.js";

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

async function app() {
  h = await createHarness();
  return createApp(h.ctx);
}

describe("stats API errors", () => {
  it("needs an admin token", async () => {
    const a = await app();
    expect((await a.request("/api/stats")).status).toBe(401);
    expect((await a.request("/api/stats", { headers: { authorization: "Bearer default-a1-token" } })).status).toBe(401);
  });
  it.each([
    ["/api/stats?rule=douyin.nope", "rule"],
    ["/api/stats?to=2026-13-01", "to"],
    ["/api/stats/explain?day=2026-01-07", "rule"],
    ["/api/stats/explain?rule=taobao.rounds-3min", "day"],
    ["/api/stats/explain?rule=taobao.rounds-3min&day=yesterday", "day"],
  ])("%s → 400 naming %s", async (path, field) => {
    const res = await (await app()).request(path, { headers: { authorization: "Bearer admin-token-default" } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "bad_request", field });
  });
  it("an empty database answers empty results, not an error", async () => {
    const res = await (await app()).request("/api/stats", { headers: { authorization: "Bearer admin-token-default" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ results: [], skipped: [], freshness: { upToDate: true, eventsNotYetFolded: 0, foldedUpTo: null } });
  });
});
