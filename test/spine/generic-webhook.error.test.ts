import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { buyer, createHarness, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ maxBodyBytes: 4096 });
});
afterEach(() => h.close());

const stored = async () => (await h.ctx.db.all<{ n: number }>(sql`select count(*) n from events`))[0]!.n;

describe("bad input to the generic webhook", () => {
  it("400 on malformed JSON", async () => {
    const res = await h.postEvents("{not json");
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_json");
  });

  it("400 naming the missing field", async () => {
    const { conversation: _, ...noConversation } = buyer("kuaishou", "c1", T0, "x");
    const res = await h.postEvents(noConversation);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "invalid_event", field: "conversation" });
    expect(body.error.index).toBeUndefined();
  });

  it("400 naming the field and index in a batch, and stores nothing of that batch", async () => {
    const good = buyer("kuaishou", "c1", T0, "x");
    const bad = { ...buyer("kuaishou", "c2", T0, "y"), platform: "pinduoduo" };
    const res = await h.postEvents([good, bad]);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ field: "platform", index: 1 });
    expect(await stored()).toBe(0);
  });

  it("400 for a time without an offset, and for seconds where milliseconds are meant", async () => {
    for (const at of ["2026-01-07T10:00:00", 1767751200]) {
      const res = await h.postEvents({ ...buyer("taobao", "c", T0, "x"), at });
      expect(res.status).toBe(400);
      expect((await res.json()).error.field).toBe("at");
    }
  });

  it("400 when an event names another shop than the URL", async () => {
    const res = await h.postEvents({ ...buyer("taobao", "c", T0, "x"), shop: "other" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe("shop");
  });

  it("413 over the body-size limit", async () => {
    const res = await h.postEvents(buyer("taobao", "c", T0, "很".repeat(3000)));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });

  it("404 for an unknown shop", async () => {
    const res = await h.postEvents(buyer("taobao", "c", T0, "x"), { shop: "nope" });
    expect(res.status).toBe(404);
  });

  it("a rejected batch does not lose what was accepted before it", async () => {
    await h.postEvents(buyer("kuaishou", "c1", T0, "什么时候发货"));
    await h.postEvents("[{]");
    expect(await stored()).toBe(2);
  });
});
