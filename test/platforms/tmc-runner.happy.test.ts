/** startTaobaoTmc: TMC messages through the real pipeline on a real SQLite file; confirm only after store. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startTaobaoTmc, type TaobaoTmcRunner } from "../../src/node/tmc/run.js";
import { FakeTmcServer } from "../../src/simulator/tmc-server.js";
import { createHarness, shopConfig, T0, type Harness } from "../support/harness.js";

const APP = { appKey: "12345678", appSecret: "tb-secret-0a1b2c3d" };
let h: Harness;
let server: FakeTmcServer;
let runner: TaobaoTmcRunner | undefined;

beforeEach(async () => {
  server = new FakeTmcServer(APP);
  const url = await server.start();
  h = await createHarness({ shops: [await shopConfig("default", { credentials: { taobao: { ...APP, tmcUrl: url } } })] });
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
  await server.close();
  h.close();
});

const count = async (table: string, where = "1=1") => (await h.ctx.db.all<{ n: number }>(sql.raw(`select count(*) n from ${table} where ${where}`)))[0]!.n;

describe("startTaobaoTmc", () => {
  it("stores chat topics as events (with a decision) and trade topics as records, then confirms", async () => {
    runner = startTaobaoTmc({ ctx: h.ctx, shop: h.ctx.shops.get("default")! });
    await runner.client!.whenConnected();
    server.publish({ id: 101n, topic: "taobao_cs_BuyerMessage", content: JSON.stringify({ buyer_nick: "tb-buyer-1", send_time: "2026-01-07 10:00:00", content: "这个质量怎么样", to_nick: "店:小美" }) });
    server.publish({ id: 9007199254740993n, topic: "taobao_trade_TradeCreate", content: '{"tid":1234567890123456789,"buyer_nick":"tb-buyer-1"}' });
    await server.waitFor(() => server.confirmed.length === 2);
    expect(await count("events", "platform = 'taobao' and \"from\" = 'buyer' and msg_id = '101'")).toBe(1);
    expect(await count("decisions")).toBe(1);
    const [rec] = await h.ctx.db.all<{ record_id: string; order_id: string }>(sql`select record_id, order_id from platform_records`);
    expect(rec).toEqual({ record_id: "9007199254740993", order_id: "1234567890123456789" });
    expect(h.clock.now).toBe(T0);
  });

  it("a message delivered again after a reconnect is confirmed again but stored once", async () => {
    runner = startTaobaoTmc({ ctx: h.ctx, shop: h.ctx.shops.get("default")! });
    await runner.client!.whenConnected();
    h.clock.now = Date.now(); // without a send_time the message is dated by the fake TMC server's real clock
    server.publish({ id: 7n, topic: "taobao_cs_BuyerMessage", content: JSON.stringify({ buyer_nick: "b", content: "在吗" }) });
    await server.waitFor(() => server.confirmed.length === 1);
    // the same id published again (TMC re-delivery)
    server.publish({ id: 7n, topic: "taobao_cs_BuyerMessage", content: JSON.stringify({ buyer_nick: "b", content: "在吗" }) });
    await server.waitFor(() => server.confirmed.length === 2);
    expect(await count("events", "\"from\" = 'buyer'")).toBe(1);
    expect(await count("decisions")).toBe(1);
  });

  it("a message dated outside the live time window is confirmed and kept as a chat-unmapped record, never acted on (a 400 cannot be answered; failing it would re-deliver for ever)", async () => {
    runner = startTaobaoTmc({ ctx: h.ctx, shop: h.ctx.shops.get("default")! });
    await runner.client!.whenConnected();
    server.publish({ id: 301n, topic: "taobao_cs_BuyerMessage", content: JSON.stringify({ buyer_nick: "tb-late", send_time: "2027-01-07 10:00:00", content: "在吗", to_nick: "店:小美" }) });
    server.publish({ id: 302n, topic: "taobao_cs_BuyerMessage", content: JSON.stringify({ buyer_nick: "tb-now", send_time: "2026-01-07 10:00:00", content: "在吗", to_nick: "店:小美" }) });
    await server.waitFor(() => server.confirmed.length === 2);
    expect(await count("events", "msg_id = '301'")).toBe(0);
    expect(await count("decisions")).toBe(1);
    const [rec] = await h.ctx.db.all<{ record_id: string; category: string; problem: string }>(sql`select record_id, category, problem from platform_records`);
    expect(rec).toMatchObject({ record_id: "301", category: "chat-unmapped", problem: expect.stringContaining("ahead of the server clock") });
  });
});
