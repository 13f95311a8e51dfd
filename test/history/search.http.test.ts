/**
 * Search and history over real HTTP on a real SQLite file: the 30-day edge, short queries,
 * FTS5 syntax in a query taken as text, shop isolation, bad input, and the scan that answers
 * when the FTS5 index is gone.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { buyer, createHarness, shopConfig, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ shops: [await shopConfig("default"), await shopConfig("other")] });
});
afterEach(() => h.close());

const DAY = 86_400_000;
const json = async <T = any>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
const search = (q: string, shop = "default") => json(h.agent(shop, "a1", "GET", `/search?query=${encodeURIComponent(q)}`));
const names = (r: { conversations: { conversation: string }[] }) => r.conversations.map((c) => c.conversation);

/** Events up to 30 days old are taken; the webhook refuses older ones, so the clock moves on after posting. */
async function post(events: unknown[], shop = "default") {
  const res = await h.postEvents(events, { shop });
  expect(res.status).toBe(200);
}

describe("search", () => {
  it("covers exactly the last 30 days: a message 30 days old is found, one a millisecond older is not", async () => {
    await post([buyer("taobao", "edge-in", T0, "退货地址是哪里"), buyer("taobao", "edge-out", T0 - 1, "退货地址是哪里")]);
    h.clock.now = T0 + 30 * DAY;
    expect(names(await search("退货地址"))).toEqual(["edge-in"]);
    expect(names(await search("退货"))).toEqual(["edge-in"]); // the scan keeps the same window
  });

  it("answers one- and two-character queries by a scan, longer ones by the FTS5 index; case does not matter", async () => {
    await post([buyer("kuaishou", "k1", T0, "有XL码吗"), buyer("kuaishou", "k2", T0 + 1000, "发顺丰")]);
    expect(await search("xl")).toMatchObject({ index: "scan", conversations: [{ conversation: "k1" }] });
    expect(await search("顺")).toMatchObject({ index: "scan", conversations: [{ conversation: "k2" }] });
    expect(await search("xl码")).toMatchObject({ index: "fts5", conversations: [{ conversation: "k1" }] });
  });

  it("takes FTS5 syntax in a query as text (quotes, OR, NEAR, *) and finds nothing rather than failing", async () => {
    await post([buyer("douyin", "d1", T0, '他说"不要了" OR 退款*')]);
    expect(names(await search('"不要了" OR'))).toEqual(["d1"]);
    for (const q of ['"', "OR OR", "NEAR(", "***", 'a"b']) {
      const res = await h.agent("default", "a1", "GET", `/search?query=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
  });

  it("stays in the shop: another shop's agent finds nothing of it", async () => {
    await post([buyer("taobao", "secret-buyer", T0, "我的地址是北京市朝阳区")]);
    expect(names(await search("朝阳区"))).toEqual(["secret-buyer"]);
    expect(names(await search("朝阳区", "other"))).toEqual([]);
    expect(names(await search("secret", "other"))).toEqual([]);
    const hist = await json(h.agent("other", "a1", "GET", "/history?platform=taobao&conversation=secret-buyer"));
    expect(hist.days).toEqual([]);
  });

  it("still answers when the FTS5 index is missing, by a scan, and says so", async () => {
    await post([buyer("taobao", "t1", T0, "发票抬头写错了")]);
    await h.ctx.db.run(sql`drop table events_fts`);
    await h.ctx.db.run(sql`drop trigger if exists events_fts_insert`);
    expect(await search("抬头写错")).toMatchObject({ index: "scan", conversations: [{ conversation: "t1" }] });
  });

  it("names the bad input", async () => {
    const cases: Array<[string, string, string]> = [
      ["/search?query=", "query", "required"],
      [`/search?query=${"长".repeat(101)}`, "query", "too-long"],
      ["/history?platform=pdd&conversation=x", "platform", "required"],
      ["/history?platform=taobao", "conversation", "required"],
    ];
    for (const [path, field, reason] of cases) {
      const res = await h.agent("default", "a1", "GET", path);
      expect(res.status, path).toBe(400);
      expect((await json(res)).error, path).toMatchObject({ code: "bad_request", field, reason });
    }
    const day = await h.agent("default", "a1", "GET", "/history?platform=taobao&conversation=x&day=2026-02-30");
    expect(day.status).toBe(400);
    expect((await json(day)).error).toMatchObject({ field: "day" });
  });
});

describe("history", () => {
  it("groups a buyer's messages by platform day (midnight in Beijing time), newest day first, with the agents by name", async () => {
    const midnight = Date.parse("2026-01-07T00:00:00+08:00");
    await post([
      buyer("taobao", "b1", midnight - 1, "昨晚最后一条"),
      buyer("taobao", "b1", midnight, "今天第一条"),
      { id: "r1", platform: "taobao", conversation: "b1", at: new Date(midnight + 60_000).toISOString(), from: "human", agent: "a1", text: "在的" },
    ]);
    const { days } = await json(h.agent("default", "a1", "GET", "/history?platform=taobao&conversation=b1"));
    expect(days.map((d: { day: string; messages: number; firstBuyerText: string; agents: string[] }) => [d.day, d.messages, d.firstBuyerText, d.agents])).toEqual([
      ["2026-01-07", 2, "今天第一条", ["小美"]],
      ["2026-01-06", 1, "昨晚最后一条", []],
    ]);
    const { messages } = await json(h.agent("default", "a1", "GET", "/history?platform=taobao&conversation=b1&day=2026-01-06"));
    expect(messages.map((m: { text: string }) => m.text)).toEqual(["昨晚最后一条"]);
  });
});
