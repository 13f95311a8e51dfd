/**
 * A new platform is one folder plus one registry line (src/platforms/registry.ts): the fixture
 * platform of test/fixtures/platforms/relay/ — written as a new platform would be, touching no
 * other file — added by one line gets its webhook with the shared opening (unknown shop 404,
 * no credentials 503, bad signature 401), its events stored and decided, its acknowledgement,
 * and its name among the platforms' names. The UI's names come from the same registry, served.
 */
import { afterEach, describe, expect, it } from "vitest";
import { formatPlatformTime } from "../../src/core/time.js";
import { nativeReplySenders, PLATFORM_REGISTRY, platformNames, pushSources } from "../../src/platforms/registry.js";
import { relay } from "../fixtures/platforms/relay/index.js";
import { createHarness, shopConfig, T0, type Harness } from "../support/harness.js";

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const PLATFORMS_WITH_RELAY = [...PLATFORM_REGISTRY, relay]; // the one registry line

async function relayHarness(): Promise<Harness> {
  const shops = [await shopConfig("default", { credentials: { relay: { token: "relay-secret" } } as never }), await shopConfig("bare")];
  return createHarness({ shops, platforms: PLATFORMS_WITH_RELAY });
}

function push(harness: Harness, shop: string, token: string, messages: unknown[]) {
  return harness.app.request(`/webhooks/relay/${shop}`, { method: "POST", body: JSON.stringify({ messages }), headers: { "content-type": "application/json", "x-relay-token": token } });
}

const message = { id: "r-1", platform: "kuaishou", buyer: "buyer-relay", at: formatPlatformTime(T0), text: "什么时候发货" };

describe("a new platform: one folder, one registry line", () => {
  it("its push is served at /webhooks/<id>/:shop: stored, decided, acknowledged in its own shape", async () => {
    h = await relayHarness();
    const res = await push(h, "default", "relay-secret", [message]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, stored: 1 });
    // the same pipeline as every push: the message was decided
    const decisions = (await (await h.admin("default", "/decisions?conversation=buyer-relay")).json()) as { decisions: { message: { id: string } }[] };
    expect(decisions.decisions.map((d) => d.message.id)).toEqual(["r-1"]);
    // and de-duplicated like every push
    expect(await (await push(h, "default", "relay-secret", [message])).json()).toEqual({ ok: true, stored: 0 });
  });

  it("gets the shared opening: unknown shop 404, no credentials 503, bad signature 401", async () => {
    h = await relayHarness();
    const unknown = await push(h, "nope", "relay-secret", [message]);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: "not_found", message: 'unknown shop "nope"' } });
    const bare = await push(h, "bare", "relay-secret", [message]);
    expect(bare.status).toBe(503);
    expect(await bare.json()).toEqual({ error: { code: "not_configured", message: 'shop "bare" has no relay credentials (RELAY_TOKEN)' } });
    const forged = await push(h, "default", "guess", [message]);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: { code: "unauthorized", message: "bad relay token" } });
  });

  it("without its registry line there is no such webhook", async () => {
    h = await createHarness({ shops: [await shopConfig("default", { credentials: { relay: { token: "relay-secret" } } as never })] });
    const res = await push(h, "default", "relay-secret", [message]);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "no route POST /webhooks/relay/default" } });
  });

  it("its name joins the platforms' names; senders and push sources derive from the registry", () => {
    expect(platformNames(PLATFORMS_WITH_RELAY)).toEqual({ taobao: "淘宝", douyin: "抖音", kuaishou: "快手", relay: "聚合客服" });
    expect([...pushSources(PLATFORMS_WITH_RELAY).keys()]).toEqual(["generic", "douyin", "kuaishou", "relay"]);
    expect([...pushSources().keys()]).toEqual(["generic", "douyin", "kuaishou"]);
    expect(Object.keys(nativeReplySenders(fetch, Date.now))).toEqual(["kuaishou"]);
  });
});

describe("the UI's platform names", () => {
  it("are served from the registry in /ui/assets/labels.js, not copied into the scripts", async () => {
    h = await createHarness();
    const labels = await (await h.app.request("/ui/assets/labels.js")).text();
    const served = JSON.parse(
      labels
        .slice(labels.indexOf("=") + 1)
        .trim()
        .replace(/;$/, ""),
    ) as { platforms: Record<string, string> };
    expect(served.platforms).toEqual(platformNames());
    const common = await (await h.app.request("/ui/assets/common.js")).text();
    for (const name of Object.values(platformNames())) expect(common).not.toContain(`"${name}"`);
  });
});
