/**
 * The shop's Durable Object as the single writer (issue 14's target), inside workerd: stats
 * readers racing 450 webhooks; every day row equals a rebuild's. Requests go to the deployed
 * Worker's fetch handler (workerFetch in ./shop.ts), which forwards them to the object.
 *
 * A file of its own (see shop-object-concurrency.test.ts): it used to run after the
 * concurrency trials in the same shop's object and took 316 s to over its 600 s timeout there,
 * against 50–85 s with fresh storage.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN_AUTH, genericEvent, postGeneric, SHOP, shopRows, wipeShop, workerFetch } from "./shop.js";

const shopStub = SHOP.get(SHOP.idFromName("default"));
beforeEach(() => wipeShop(shopStub));

describe("stats readers during webhooks", () => {
  it("6 readers racing 450 webhooks: every day row equals a rebuild's", { timeout: 600_000 }, async () => {
    const now = Date.now();
    const platforms = ["douyin", "taobao", "kuaishou"];
    // 450 single-event webhooks over 30 conversations and two days: buyers, and agents answering some of them
    const hooks = Array.from({ length: 450 }, (_, i) => {
      const conversation = `s-${i % 30}`;
      const platform = platforms[i % 3]!;
      const at = now - 30 * 3_600_000 + Math.floor(i / 30) * 2 * 3_600_000 + (i % 7) * 40_000;
      return i % 4 === 3 ? genericEvent(platform, conversation, at, "在的", "human", { agent: "a1" }) : genericEvent(platform, conversation, at, "在吗");
    });
    let done = false;
    const reads: number[] = [];
    const reader = async () => {
      while (!done) {
        const res = await workerFetch("https://fr.example/api/stats", { headers: ADMIN_AUTH });
        reads.push(res.status);
        await res.arrayBuffer();
        // a dashboard refetches on live events, not in a tight loop
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const writer = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < hooks.length; i += 10) statuses.push(...(await Promise.all(hooks.slice(i, i + 10).map(async (h) => (await postGeneric(h)).status))));
      done = true;
      return statuses;
    };
    const [statuses] = await Promise.all([writer(), ...Array.from({ length: 6 }, reader)]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(reads.length).toBeGreaterThanOrEqual(6);
    expect(reads.filter((s) => s !== 200)).toEqual([]);
    await (await workerFetch("https://fr.example/api/stats", { headers: ADMIN_AUTH })).arrayBuffer();
    const daily = "select * from compliance_daily order by platform, day, rule, agent";
    const folded = await shopRows(shopStub, daily);
    expect(folded.length).toBeGreaterThan(6);
    const res = await workerFetch("https://fr.example/api/admin/compliance/rebuild", { method: "POST", headers: ADMIN_AUTH });
    expect(res.status).toBe(200);
    expect(await shopRows(shopStub, daily)).toEqual(folded);
  });
});
