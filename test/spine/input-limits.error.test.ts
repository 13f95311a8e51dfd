/**
 * Bounds of one posted event (issue 16): unknown fields of bounded depth, count and size, exact
 * ids beyond 2^53, a bounded text, and `at` a real date inside the window around the server
 * clock. Each refusal is a 400 naming the field, and nothing of the batch is stored.
 */
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { EVENT_LIMITS, parseInstant } from "../../src/core/events.js";
import { buyer, createHarness, T0, type Harness } from "../support/harness.js";

let h: Harness | undefined;
afterEach(() => h?.close());

/** A value nested `levels` objects deep around a leaf. */
function nest(levels: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < levels; i++) v = { k: v };
  return v;
}

async function refusal(res: Response) {
  expect(res.status).toBe(400);
  return ((await res.json()) as { error: { code: string; field: string; index?: number; message: string } }).error;
}

const stored = async () => (await h!.ctx.db.all<{ n: number }>(sql`select count(*) n from events`))[0]!.n;

describe("unknown fields", () => {
  it("a 5,000-deep unknown field in a batch is a 400 naming it, never a 500, and nothing of the batch is stored", async () => {
    h = await createHarness();
    // built as text: JSON.stringify of such a value would itself overflow the stack
    const deep = `${'{"k":'.repeat(5000)}1${"}".repeat(5000)}`;
    const question = JSON.stringify(buyer("kuaishou", "k", T0, "什么时候发货"));
    const body = `[${question},{"id":"deep","platform":"kuaishou","conversation":"k","at":${T0},"from":"buyer","text":"x","payload":${deep}}]`;
    for (let i = 0; i < 3; i++) {
      const error = await refusal(await h.postEvents(body));
      expect(error).toMatchObject({ code: "invalid_event", field: "payload", index: 1 });
      expect(error.message).toContain(`deeper than ${EVENT_LIMITS.extraDepth}`);
    }
    expect(await stored()).toBe(0);
    expect((await h.ctx.db.all<{ n: number }>(sql`select count(*) n from outbox`))[0]!.n).toBe(0);
  });

  it("depth: exactly the limit is kept, one more level is refused", async () => {
    h = await createHarness();
    const ok = await h.postEvents(buyer("douyin", "d", T0, "你好", { meta: nest(EVENT_LIMITS.extraDepth) }));
    expect(ok.status).toBe(200);
    expect(await refusal(await h.postEvents(buyer("douyin", "d", T0, "你好", { meta: nest(EVENT_LIMITS.extraDepth + 1) })))).toMatchObject({ field: "meta" });
  });

  it("too many values and too many characters are refused, naming the field", async () => {
    h = await createHarness();
    const many = Array.from({ length: EVENT_LIMITS.extraValues }, (_, i) => i);
    const error = await refusal(await h.postEvents(buyer("douyin", "d", T0, "你好", { small: 1, list: many })));
    expect(error).toMatchObject({ code: "invalid_event", field: "list" });
    const big = await refusal(await h.postEvents(buyer("douyin", "d", T0, "你好", { small: 1, blob: "x".repeat(EVENT_LIMITS.extraChars) })));
    expect(big).toMatchObject({ code: "invalid_event", field: "blob" });
    expect(big.message).toContain(String(EVENT_LIMITS.extraChars));
    expect(await stored()).toBe(0);
  });

  it("a chat whose stored message holds a value nested thousands deep (written before the limits) still opens", async () => {
    h = await createHarness();
    expect((await h.postEvents(buyer("douyin", "legacy", T0, "有人吗", { id: "legacy-1" }))).status).toBe(200);
    const deep = `{"payload":${'{"k":'.repeat(5000)}1${"}".repeat(5000)}}`;
    await h.ctx.db.run(sql`update events set extra = ${deep} where msg_id = 'legacy-1'`);
    const [chat] = await h.ctx.db.all<{ id: number }>(sql`select id from chats where conversation = 'legacy'`);
    const res = await h.agent("default", "a1", "GET", `/chats/${chat!.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: { id: string; text: string; extra?: unknown; extraOmitted?: string }[] };
    expect(body.messages[0]).toMatchObject({ id: "legacy-1", text: "有人吗" });
    expect(body.messages[0]!.extra).toBeUndefined();
    expect(body.messages[0]!.extraOmitted).toContain("payload");
  });
});

describe("ids and text", () => {
  it("numeric ids beyond 2^53 stay exact and distinct", async () => {
    h = await createHarness();
    const raw = `[{"id":12345678901234567891,"platform":"douyin","conversation":"big","at":${T0},"from":"buyer","text":"一"},{"id":12345678901234567890,"platform":"douyin","conversation":"big","at":${T0 + 1},"from":"buyer","text":"二"}]`;
    const res = await h.postEvents(raw);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
    const ids = await h.ctx.db.all<{ msg_id: string }>(sql`select msg_id from events where conversation = 'big' order by seq`);
    expect(ids.map((r) => r.msg_id)).toEqual(["12345678901234567891", "12345678901234567890"]);
    // a re-post of the first is the duplicate, and only it
    expect(await (await h.postEvents(raw.replace("12345678901234567890", "12345678901234567892"))).json()).toEqual({ accepted: 1, duplicates: 1 });
  });

  it("a number that is not an exact integer is refused as an id", async () => {
    h = await createHarness();
    const error = await refusal(await h.postEvents(`{"id":1.5e300,"platform":"douyin","conversation":"c","at":${T0},"from":"buyer"}`));
    expect(error).toMatchObject({ field: "id" });
    expect(error.message).toContain("send it as a string");
  });

  it(`text: ${EVENT_LIMITS.textChars} characters are taken, one more is a 400 naming text`, async () => {
    h = await createHarness();
    expect((await h.postEvents(buyer("douyin", "t", T0, "长".repeat(EVENT_LIMITS.textChars)))).status).toBe(200);
    const error = await refusal(await h.postEvents(buyer("douyin", "t", T0, "长".repeat(EVENT_LIMITS.textChars + 1))));
    expect(error).toMatchObject({ code: "invalid_event", field: "text" });
  });
});

describe("at", () => {
  it("only real dates between 2000 and 2100", () => {
    expect(parseInstant("2024-02-29T10:00:00+08:00")).toBe(Date.parse("2024-02-29T10:00:00+08:00"));
    for (const bad of ["2026-02-30T10:00:00+08:00", "2025-02-29T10:00:00+08:00", "2026-04-31T10:00:00Z", "2026-01-07T24:00:00+08:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1999-12-31T23:59:59Z"]) {
      expect(parseInstant(bad), bad).toBeUndefined();
    }
  });

  it("within the window around the server clock: 300 s ahead and 30 days back are the edges", async () => {
    h = await createHarness();
    const post = (at: number | string) => h!.postEvents({ id: `w-${at}`, platform: "douyin", conversation: "w", at, from: "buyer", text: "你好" });
    expect((await post(T0 + 300_000)).status).toBe(200);
    expect(await refusal(await post(T0 + 300_001))).toMatchObject({ field: "at" });
    expect((await post(T0 - 30 * 86_400_000)).status).toBe(200);
    expect(await refusal(await post(T0 - 30 * 86_400_000 - 1))).toMatchObject({ field: "at" });
    for (const far of ["2001-01-01T00:00:00+08:00", "9999-01-01T00:00:00+08:00", "0000-01-01T00:00:00+08:00", "2026-02-30T10:00:00+08:00"]) {
      expect(await refusal(await post(far)), far).toMatchObject({ code: "invalid_event", field: "at" });
    }
  });
});
