/**
 * Nothing leaves before the commit that records it, reads included (src/node/committed-reads.ts).
 * On a real SQLite file, a buyer message's unit writes its event and chat, then waits (a hook on
 * ctx.afterStore, as an async after-store step would) and fails, so its savepoint is rolled
 * back. While it waits, its batch is open: an agent's GET of the queue, a console connecting
 * (its snapshot) and a console already connected (its deltas) must not show that chat or that
 * message, and the next real message, which takes the rolled-back event's seq again, must still
 * reach the console. Before, all of them read the open transaction: the ghost was shown, and the
 * console's feed, past that seq, never got the real message. No unit needs to wait on I/O for
 * this: the next batch opens in the same run of microtasks that answers the last one's callers,
 * so their reads (and the feed's, woken by their notifications) interleave with its units.
 */
import { afterEach, describe, expect, it } from "vitest";
import { T0, buyer, createHarness, type Harness } from "../support/harness.js";
import { openNodeDatabase } from "../../src/node/database.js";
import { chats } from "../../src/store/schema/index.js";
import { takeSseBlocks } from "../support/sse.js";

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

interface Frame {
  event: string;
  data: { chats?: { conversation: string }[]; queue?: { conversation: string }[]; upsert?: { conversation: string }[]; messages?: { conversation: string; text: string | null }[] };
}

/** An agent's live stream, in process (app.request): frames as they come. */
async function openConsole(harness: Harness, token: string) {
  const ctrl = new AbortController();
  const res = await harness.app.request("/api/agent/events", { headers: { authorization: `Bearer ${token}` }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const seen: Frame[] = [];
  let buf = "";
  return {
    seen,
    /** reads frames until one satisfies `ok` */
    async until(ok: (f: Frame) => boolean): Promise<Frame> {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended; frames: ${JSON.stringify(seen)}`);
        const taken = takeSseBlocks(buf + value);
        buf = taken.rest;
        for (const { event, data } of taken.blocks) {
          if (!event || !data || event === "attention") continue;
          const f = { event, data: JSON.parse(data) } as Frame;
          seen.push(f);
          if (ok(f)) return f;
        }
      }
    },
    async close() {
      ctrl.abort();
      await reader.cancel().catch(() => {});
    },
  };
}

const conversations = (f: Frame) => [...(f.data.chats ?? []), ...(f.data.queue ?? []), ...(f.data.upsert ?? []), ...(f.data.messages ?? [])].map((c) => c.conversation);

describe("reads outside a unit see committed data only", { timeout: 30_000 }, () => {
  it("a unit that rolls back after an await was never shown, and the message that reuses its seq still reaches the console", async () => {
    h = await createHarness();
    const harness = h;
    let reached!: () => void;
    const atAwait = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    harness.ctx.afterStore.push(async (_ctx, _shop, e) => {
      if (!e.id.startsWith("ghost-")) return;
      reached();
      await gate;
      throw new Error("injected failure after the ghost's writes");
    });

    const first = await openConsole(harness, "default-a1-token");
    expect(await first.until((f) => f.event === "chats")).toMatchObject({ data: { chats: [], queue: [] } });

    const ghost = harness.postEvents([buyer("kuaishou", "ghost", T0, "幽灵消息", { id: "ghost-1" })]);
    await atAwait;
    // the ghost's batch is open: its event and chat are written, not committed
    const queue = (await (await harness.agent("default", "a1", "GET", "/queue")).json()) as { chats: { conversation: string }[] };
    expect(queue.chats.map((c) => c.conversation)).not.toContain("ghost");
    // a console connecting now: its feed refreshes (the first console's too) before its snapshot
    const second = await openConsole(harness, "default-a2-token");
    const snapshot = await second.until((f) => f.event === "chats");
    expect(conversations(snapshot)).not.toContain("ghost");
    release();
    expect((await ghost).status).toBe(500);

    await harness.postEvents([buyer("kuaishou", "real", T0, "真的消息")]);
    const gotMessage = (f: Frame) => (f.data.messages ?? []).some((m) => m.text === "真的消息");
    await first.until(() => first.seen.some(gotMessage) && first.seen.some((f) => conversations(f).includes("real")));
    for (const f of first.seen) expect(conversations(f)).not.toContain("ghost");
    await first.close();
    await second.close();
  });

  it("inside a unit a read sees the unit's writes; outside it, the last commit; with no batch open, the writer", async () => {
    h = await createHarness();
    const { db, transact } = h.ctx;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atAwait = new Promise<void>((r) => (reached = r));
    const row = { shop: "default", platform: "kuaishou", conversation: "c", status: "waiting", updatedAt: T0 } as const;
    const unit = transact(async () => {
      await db.insert(chats).values(row);
      const own = await db.select().from(chats);
      reached();
      await gate;
      return own.length;
    });
    await atAwait;
    expect(await db.select().from(chats)).toEqual([]);
    release();
    expect(await unit).toBe(1);
    expect(await db.select().from(chats)).toHaveLength(1);
  });

  it("no unit needs to wait on I/O: a caller's reads after its commit interleave with the next batch's units", async () => {
    // Unit A's batch commits and waits for its fsync; B is queued meanwhile and opens the next
    // batch as soon as A's caller is answered. A's caller then reads (each await a microtask),
    // while B, which waits on nothing but promises, writes and fails.
    h = await createHarness();
    const { db, transact } = h.ctx;
    const row = (conversation: string) => ({ shop: "default", platform: "kuaishou", conversation, status: "waiting", updatedAt: T0 }) as const;
    const seen: string[][] = [];
    const a = transact(async () => {
      await db.insert(chats).values(row("a"));
    }).then(async () => {
      for (let i = 0; i < 20; i++) seen.push((await db.select({ c: chats.conversation }).from(chats)).map((r) => r.c));
    });
    const b = new Promise<void>((resolve, reject) =>
      setImmediate(() =>
        transact(async () => {
          await db.insert(chats).values(row("b"));
          for (let i = 0; i < 20; i++) await Promise.resolve();
          throw new Error("B fails after its write");
        }).then(resolve, reject),
      ),
    );
    await a;
    await expect(b).rejects.toThrow("B fails");
    expect(new Set(seen.map((s) => s.join(",")))).toEqual(new Set(["a"]));
  });

  it("an in-memory database keeps every read on its one connection", async () => {
    const database = openNodeDatabase(":memory:");
    try {
      await database.transact(async () => {
        await database.db.insert(chats).values({ shop: "s", platform: "kuaishou", conversation: "c", status: "waiting", updatedAt: T0 });
      });
      expect(await database.db.select().from(chats)).toHaveLength(1);
    } finally {
      database.close();
    }
  });
});
