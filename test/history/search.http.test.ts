/**
 * Search and history over real HTTP on a real SQLite file: the 30-day edge, short queries,
 * FTS5 syntax in a query taken as text, shop isolation, bad input, and the scan that answers
 * when the FTS5 index is gone.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { buyer, createHarness, shopConfig, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ shops: [await shopConfig("default"), await shopConfig("other")] });
});
afterEach(() => h.close());

const DAY = 86_400_000;
const json = async <T = any>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
const search = async (q: string, shop = "default") => (await h.call("GET /api/agent/search", { agent: "a1", shop, query: { query: q } })).body;
/** The first row of a query (the tests' own reads of the store). */
const one = async <T>(query: SQL) => (await h.ctx.db.all<T>(query))[0]!;
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
    for (const t of ["events_fts_batch", "events_fts_delete", "events_fts_update"]) await h.ctx.db.run(sql.raw(`drop trigger ${t}`));
    await h.ctx.db.run(sql`drop table events_fts`);
    expect(await search("抬头写错")).toMatchObject({ index: "scan", conversations: [{ conversation: "t1" }] });
  });

  it("finds every message whether its batch is indexed yet or not: FTS5 up to the last 64th event, a scan of the rest", async () => {
    // unique 5-character codes, each message in its own conversation; auto-answers, assignments
    // and the rest take seqs too, so where the batches fall is left to the store
    const code = (i: number) => `单${String(i).padStart(3, "0")}号`;
    for (let i = 0; i < 150; i += 50) {
      await post(Array.from({ length: 50 }, (_, k) => buyer("taobao", `b${i + k}`, T0 + (i + k) * 1000, `快递${code(i + k)}到哪了`)));
    }
    const { indexed, last } = await one<{ indexed: number; last: number }>(sql`select (select indexed_seq from search_index_state where id = 'events') as indexed, (select max(seq) from events) as last`);
    expect(indexed % 64).toBe(0);
    expect(last - indexed).toBeLessThan(64);
    const inIndex = new Set<number>();
    let tail = 0;
    for (let i = 0; i < 150; i++) {
      expect(await search(code(i)), code(i)).toMatchObject({ index: "fts5", conversations: [{ conversation: `b${i}`, matchedBy: ["text"] }] });
      const { seq } = await one<{ seq: number }>(sql`select seq from events where conversation = ${`b${i}`} and "from" = 'buyer'`);
      const hits = await h.ctx.db.all<{ rowid: number }>(sql`select rowid from events_fts where events_fts match ${`"${code(i)}"`}`);
      // in the index exactly when its batch has been written
      expect(
        hits.map((r) => r.rowid),
        code(i),
      ).toEqual(seq <= indexed ? [seq] : []);
      if (seq <= indexed) inIndex.add(seq);
      else tail++;
    }
    // both halves of the search were exercised
    expect(inIndex.size).toBeGreaterThanOrEqual(64);
    expect(tail).toBeGreaterThan(0);
  });

  it("keeps the index exact through deletes and edits of indexed and not yet indexed events (FTS5 integrity-check once a batch closes the tail)", async () => {
    await post(Array.from({ length: 80 }, (_, k) => buyer("douyin", `d${k}`, T0 + k * 1000, `第${k}条留言内容`)));
    const { indexed } = await one<{ indexed: number }>(sql`select indexed_seq as indexed from search_index_state where id = 'events'`);
    const seqs = (await h.ctx.db.all<{ seq: number }>(sql`select seq from events where text is not null order by seq`)).map((r) => r.seq);
    const before = seqs.filter((s) => s <= indexed);
    const after = seqs.filter((s) => s > indexed);
    expect(before.length).toBeGreaterThan(2);
    expect(after.length).toBeGreaterThan(2);
    const conversationOf = async (seq: number) => (await h.ctx.db.all<{ c: string }>(sql`select conversation as c from events where seq = ${seq}`))[0]!.c;
    const edited = [await conversationOf(before[1]!), await conversationOf(after[1]!)];
    await h.ctx.db.run(sql`delete from events where seq in (${before[0]}, ${after[0]})`);
    await h.ctx.db.run(sql`update events set text = '改过的留言' || seq where seq in (${before[1]}, ${after[1]})`);
    // store events until the last seq is a multiple of 64: its batch indexes the whole tail
    for (let k = 0; ; k++) {
      const { last } = await one<{ last: number }>(sql`select max(seq) as last from events`);
      if (last % 64 === 0) break;
      await h.ctx.db.run(sql`insert into events (shop, platform, msg_id, conversation, at, "from", type, text, received_at) values ('default', 'douyin', ${`x${k}`}, 'x', ${T0}, 'buyer', 'message', ${`补充${k}`}, ${T0})`);
    }
    // every stored text indexed once, nothing of the deleted or the replaced texts left
    await h.ctx.db.run(sql`insert into events_fts(events_fts, rank) values ('integrity-check', 1)`);
    expect(names(await search("改过的留言")).sort()).toEqual(edited.sort());
    expect((await search(`第${edited[0]!.slice(1)}条留言`)).conversations).toEqual([]);
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
    const { days } = (await h.call("GET /api/agent/history", { agent: "a1", query: { platform: "taobao", conversation: "b1" } })).body;
    expect(days!.map((d) => [d.day, d.messages, d.firstBuyerText, d.agents])).toEqual([
      ["2026-01-07", 2, "今天第一条", ["小美"]],
      ["2026-01-06", 1, "昨晚最后一条", []],
    ]);
    const { messages } = (await h.call("GET /api/agent/history", { agent: "a1", query: { platform: "taobao", conversation: "b1", day: "2026-01-06" } })).body;
    expect(messages!.map((m) => m.text)).toEqual(["昨晚最后一条"]);
  });
});
