/**
 * A new platform is one folder plus one registry line (src/platforms/registry.ts): the fixture
 * platform of test/fixtures/platforms/relay/ — written as a new platform would be, touching no
 * other file — is added by one line: `vi.mock` below stands for that line, so every module of
 * this file that reads the registry sees it. It then gets its webhook with the shared opening
 * (unknown shop 404, no credentials 503, bad signature 401), its events accepted by the event
 * format and stored and decided, its rule presets resolved, overridable in the config file and
 * racing its routed chats' deadlines, its credentials read from the environment and the config
 * file, its simulator traffic pushed and acknowledged, its name in escalation notices and among
 * the platforms' names. The UI's names come from the same registry, served.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { configFromEnv, configFromFile } from "../../src/config/load.js";
import { platformIds } from "../../src/core/events.js";
import { resolveRules, RULE_IDS } from "../../src/core/rules/presets.js";
import { formatPlatformTime } from "../../src/core/time.js";
import { pushSources } from "../../src/platforms/push-sources.js";
import { nativeReplySenders, PLATFORM_REGISTRY, platformNames } from "../../src/platforms/registry.js";
import { noticeText } from "../../src/services/escalation.js";
import { generateTraffic, rng } from "../../src/simulator/traffic.js";
import { runSimulation } from "../../src/simulator/simulate.js";
import type { PlatformModule } from "../../src/platforms/types.js";
import { createHarness, shopConfig, T0, type Harness } from "../support/harness.js";

// the one registry line: `export const PLATFORM_REGISTRY = [taobao, douyin, kuaishou, relay]`. Appended to the
// registry's own list (this file's module graph is its own), before any module reads it: the modules the
// registry imports bind to it while this runs, the rest after.
vi.mock("../../src/platforms/registry.js", async (importOriginal) => {
  const registry = await importOriginal<typeof import("../../src/platforms/registry.js")>();
  const { relay } = await import("../fixtures/platforms/relay/index.js");
  (registry.PLATFORM_REGISTRY as unknown as PlatformModule[]).push(relay);
  return registry;
});

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const BUILT_IN = PLATFORM_REGISTRY.filter((p) => (p.id as string) !== "relay");

async function relayHarness(): Promise<Harness> {
  const platforms = [...platformIds()];
  const shops = [await shopConfig("default", { credentials: { relay: { token: "relay-secret" } } as never, platforms }), await shopConfig("bare", { platforms })];
  return createHarness({ shops });
}

function push(harness: Harness, shop: string, token: string, messages: unknown[]) {
  return harness.app.request(`/webhooks/relay/${shop}`, { method: "POST", body: JSON.stringify({ messages }), headers: { "content-type": "application/json", "x-relay-token": token } });
}

// not among the scripted FAQ's questions: routed to a person
const message = { id: "r-1", buyer: "buyer-relay", at: formatPlatformTime(T0), text: "我想问一下你们的售后流程" };

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
    h = await createHarness({ shops: [await shopConfig("default", { credentials: { relay: { token: "relay-secret" } } as never })], platforms: BUILT_IN });
    const res = await push(h, "default", "relay-secret", [message]);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "no route POST /webhooks/relay/default" } });
  });

  it("its id joins the event format; its name the platforms' names; senders and push sources derive from the registry", () => {
    expect(platformIds()).toEqual(["taobao", "douyin", "kuaishou", "relay"]);
    expect(platformNames(PLATFORM_REGISTRY)).toEqual({ taobao: "淘宝", douyin: "抖音", kuaishou: "快手", relay: "聚合客服" });
    expect([...pushSources(PLATFORM_REGISTRY).keys()]).toEqual(["generic", "douyin", "kuaishou", "relay"]);
    expect([...pushSources(BUILT_IN).keys()]).toEqual(["generic", "douyin", "kuaishou"]);
    expect(Object.keys(nativeReplySenders(fetch, Date.now, PLATFORM_REGISTRY))).toEqual(["kuaishou"]);
  });

  it("its rule presets: resolved with the others, its deadline rule racing its routed chats", async () => {
    expect(RULE_IDS).toContain("relay.reply-4min");
    const rules = resolveRules({ "relay.reply-4min": { limitSeconds: 300 } } as never);
    expect(rules["relay.reply-4min" as never]).toMatchObject({ platform: "relay", limitSeconds: 300, edition: "relay/seed", window: { start: "09:00", end: "21:00" } });
    h = await relayHarness();
    await push(h, "default", "relay-secret", [message]);
    const queue = (await (await h.admin("default", "/queue")).json()) as { chats: { platform: string; conversation: string; deadlineAt: string }[] };
    const chat = queue.chats.find((c) => c.conversation === "buyer-relay");
    // 240 s: the relay's own limit, which no built-in platform has
    expect(chat).toMatchObject({ platform: "relay", deadlineAt: formatPlatformTime(T0 + 240_000) });
    const stats = await h.app.request("/api/stats?shop=default&rule=relay.reply-4min", { headers: { authorization: "Bearer admin-token-default" } });
    expect(stats.status).toBe(200);
    expect(JSON.stringify(await stats.json())).toContain("relay.reply-4min");
  });

  it("its credentials: read from the environment and from a config file by its folder; its rules and editions accepted there", async () => {
    const fromEnv = await configFromEnv({ RELAY_TOKEN: "t-env" });
    expect(fromEnv.shops[0]!.credentials).toEqual({ relay: { token: "t-env" } });
    const yaml = ["shops:", "  - id: s1", "    credentials: { relay: { token: { env: RELAY_SECRET } } }", '    rules: { "relay.reply-4min": { limitSeconds: 120 } }', "    editions: { relay: seed }"].join("\n");
    const fromFile = await configFromFile(yaml, "config.yaml", { RELAY_SECRET: "t-file" });
    expect(fromFile.shops[0]).toMatchObject({ credentials: { relay: { token: "t-file" } }, rules: { "relay.reply-4min": { limitSeconds: 120 } }, editions: { relay: { edition: "seed" } } });
    expect(fromFile.shops[0]!.platforms).toContain("relay");
    // a literal secret is refused for it as for every platform
    await expect(configFromFile(yaml.replace("{ env: RELAY_SECRET }", "plain"), "config.yaml", {})).rejects.toThrow("shops[0].credentials.relay.token: secrets come from the environment");
  });

  it("its simulator traffic: ids in its own form, pushed to its webhook and acknowledged", async () => {
    const traffic = generateTraffic({ platforms: ["relay" as never], buyers: 2, messages: 4, startAt: T0, meanGapMs: 1000, orderShare: 0, random: rng(1), phrases: ["在吗"] });
    expect(traffic.every((m) => m.platform === ("relay" as never) && /^relay-\d+$/.test(m.id))).toBe(true);
    const r = await runSimulation({ platforms: ["relay" as never], messages: 6, buyers: 2, speed: 400, duplicateShare: 0, orderShare: 0, agentReplySeconds: [5, 30], seed: 3 });
    expect(r.settled).toBe(true);
    expect(r.pushes["relay" as never]).toMatchObject({ messages: 6, badAcks: 0 });
    expect(r.decisions.reduce((n, d) => n + d.n, 0)).toBe(6);
  }, 60_000);

  it("its name in escalation notices", () => {
    const text = noticeText({ escalationId: 1, shop: "default", shopName: "店", chatId: 1, platform: "relay", conversation: "c", agent: null, deadlineAt: formatPlatformTime(T0), secondsLeft: 30, lastMessage: null });
    expect(text).toContain("店 · 聚合客服 会话 c");
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
    expect(served.platforms.relay).toBe("聚合客服");
    const common = await (await h.app.request("/ui/assets/common.js")).text();
    for (const name of Object.values(platformNames())) expect(common).not.toContain(`"${name}"`);
  });

  it("give the FAQ editor one answer field per platform, the new one included, with no id list in its script", async () => {
    h = await createHarness();
    const page = await (await h.app.request("/dashboard")).text();
    for (const [id, name] of Object.entries(platformNames())) expect(page).toMatch(new RegExp(`<input id="faq-answer-${id}"[^>]*data-platform="${id}"[^>]*placeholder="${name}"`));
    const res = await h.app.request("/ui/assets/faq-editor.js");
    expect(res.status).toBe(200);
    const editor = await res.text();
    expect(editor).toContain("faq-answer-platform");
    for (const id of Object.keys(platformNames())) expect(editor).not.toContain(`"${id}"`);
  });
});
