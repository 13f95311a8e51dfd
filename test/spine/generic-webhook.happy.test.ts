import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { buyer, createHarness, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const count = async (table: string) => (await h.ctx.db.all<{ n: number }>(sql.raw(`select count(*) n from ${table}`)))[0]!.n;

describe("POST /webhooks/generic/{shop}", () => {
  it("accepts one event and stores it with its decision", async () => {
    const res = await h.postEvents(buyer("kuaishou", "c1", T0, "什么时候发货"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await count("events")).toBe(2); // the buyer message and our answer
    expect(await count("decisions")).toBe(1);
  });

  it("accepts a batch and counts re-delivered ids as duplicates, never acting twice", async () => {
    const a = buyer("kuaishou", "c1", T0, "什么时候发货");
    const b = buyer("douyin", "c2", T0 + 1000, "什么时候发货");
    expect(await (await h.postEvents([a, b])).json()).toEqual({ accepted: 2, duplicates: 0 });
    const again = await h.postEvents([a, b, buyer("taobao", "c3", T0, "这个质量怎么样")]);
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 2 });
    expect(await count("decisions")).toBe(3);
    // one auto-answer for the Kuaishou message only, however often it was delivered
    expect(await count("outbox")).toBe(1);
  });

  it("keeps the same id on another platform apart (the key is platform + shop + id)", async () => {
    const a = { ...buyer("kuaishou", "c1", T0, "在吗"), id: "same" };
    const b = { ...a, platform: "douyin" };
    expect(await (await h.postEvents([a, b])).json()).toEqual({ accepted: 2, duplicates: 0 });
  });

  it("takes epoch milliseconds and keeps unknown fields", async () => {
    const res = await h.postEvents({ id: "x1", platform: "taobao", conversation: "c9", at: T0, from: "buyer", text: "hi", orderId: "O-1" });
    expect(res.status).toBe(200);
    const [row] = await h.ctx.db.all<{ at: number; extra: string }>(sql`select at, extra from events where msg_id = 'x1'`);
    expect(row).toEqual({ at: T0, extra: JSON.stringify({ orderId: "O-1" }) });
  });

  it("accepts an empty batch", async () => {
    expect(await (await h.postEvents([])).json()).toEqual({ accepted: 0, duplicates: 0 });
  });
});
