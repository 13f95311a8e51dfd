/**
 * The change notifier and the caches live on the service context (issue 15), not in module
 * globals: two apps built in one process, serving a shop of the same id over their own
 * databases, never hear each other's changes nor share a live feed or a cache; a context built
 * with another's notifier (createServiceContext's `changes`) hears that one's shop.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { liveStats } from "../../src/http/sse.js";
import type { ShopChange } from "../../src/services/changes.js";
import { rulesForContext } from "../../src/services/compliance.js";
import { silentLogger } from "../../src/services/context.js";
import { createServiceContext } from "../../src/services/runtime-context.js";
import { buyer, createHarness, DEFAULT_SCRIPT, scriptedFaq, T0, type Harness } from "../support/harness.js";

let a: Harness;
let b: Harness;
beforeEach(async () => {
  a = await createHarness();
  b = await createHarness();
});
afterEach(() => {
  a.ctx.changes.stop();
  b.ctx.changes.stop();
  a.close();
  b.close();
});

function record(h: Harness, shop = "default"): ShopChange[] {
  const heard: ShopChange[] = [];
  h.ctx.changes.listen(shop, (what) => heard.push(what));
  return heard;
}

/** Opens the agent console's live stream and reads its first frame (the snapshot): the feed is then joined. */
async function openConsole(h: Harness): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const res = await h.agent("default", "a1", "GET", "/events");
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toContain("event: chats");
  return reader;
}

describe("the service context carries its notifier and caches", () => {
  it("each context has its own: a webhook on one app wakes only that app's listeners", async () => {
    expect(a.ctx.changes).not.toBe(b.ctx.changes);
    expect(a.ctx.cache).not.toBe(b.ctx.cache);
    const heardA = record(a);
    const heardB = record(b);
    expect((await a.postEvents(buyer("taobao", "c1", T0, "在吗"))).status).toBe(200);
    expect(heardA).toEqual(["chats"]);
    expect(heardB).toEqual([]);
    expect((await b.postEvents(buyer("taobao", "c2", T0, "在吗"))).status).toBe(200);
    expect(heardA).toEqual(["chats"]);
    expect(heardB).toEqual(["chats"]);
  });

  it("a live feed belongs to its app: a console on one is not a subscriber of the other's", async () => {
    const reader = await openConsole(a);
    expect(liveStats(a.ctx, "default")).toHaveLength(1);
    expect(liveStats(b.ctx, "default")).toHaveLength(0);
    expect(a.ctx.changes.listenerCount("default")).toBe(1);
    expect(b.ctx.changes.listenerCount("default")).toBe(0);
    // the runtime's shutdown ends this app's streams only
    b.ctx.changes.stop();
    expect(liveStats(a.ctx, "default")).toHaveLength(1);
    a.ctx.changes.stop();
    for (;;) if ((await reader.read()).done) break;
    await expect.poll(() => liveStats(a.ctx, "default").length).toBe(0);
    expect(a.ctx.changes.listenerCount("default")).toBe(0);
  });

  it("caches are per context: each builds its own rules, a copy with other shops builds again", async () => {
    const rulesA = rulesForContext({ ctx: a.ctx });
    expect(rulesForContext({ ctx: a.ctx })).toBe(rulesA);
    expect(rulesForContext({ ctx: b.ctx })).not.toBe(rulesA);
    const copy = { ...a.ctx, shops: new Map(a.ctx.shops) };
    expect(rulesForContext({ ctx: copy })).not.toBe(rulesA);
    // the dashboard fills its grid cache on its own context only
    expect((await a.admin("default", "/dashboard")).status).toBe(200);
    expect(slots(a.ctx.cache)).toContain("dashboard.pastGrids");
    expect(slots(b.ctx.cache)).not.toContain("dashboard.pastGrids");
  });

  it("a context given another's notifier (the factory's `changes`) hears that one's shop", async () => {
    const second = createServiceContext({ db: a.ctx.db, config: a.ctx.config, faq: scriptedFaq(DEFAULT_SCRIPT), now: () => a.clock.now, log: silentLogger, changes: a.ctx.changes });
    const heard: ShopChange[] = [];
    second.changes.listen("default", (what) => heard.push(what));
    expect((await a.postEvents(buyer("taobao", "c1", T0, "在吗"))).status).toBe(200);
    expect(heard).toEqual(["chats"]);
    expect(second.cache).not.toBe(a.ctx.cache);
  });
});

/** the names of the filled slots (the keys are private to their modules) */
function slots(cache: object): string[] {
  return [...(cache as { slots: Map<{ name: string }, unknown> }).slots.keys()].map((k) => k.name);
}
