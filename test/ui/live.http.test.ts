/**
 * The live feed's back-pressure over real HTTP (src/http/sse.ts): a console whose socket never
 * reads (a laptop asleep) stays connected while buyers keep writing. Ingest is not held up by
 * it: every message is accepted, a healthy console receives every one as a delta, and the
 * stalled client's buffer stays under its bound — past it, the client is marked for one
 * snapshot (resync) instead of growing. Count-based: no timing is asserted.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAX_BUFFERED, liveStats } from "../../src/http/sse.js";
import type { AttentionView } from "../../src/services/attention.js";
import { shopConfig } from "../support/harness.js";
import { takeSseBlocks } from "../support/sse.js";
import { startUiServer, type UiServer } from "./support.js";

let ui: UiServer;

beforeAll(async () => {
  ui = await startUiServer({
    shops: [
      await shopConfig("live", { name: "直播店" }),
      await shopConfig("feed", { name: "订阅店" }),
      await shopConfig("alert", { name: "提醒店" }),
      await shopConfig("gone", { name: "停用店" }),
      await shopConfig("twin", { name: "同屏店" }),
    ],
    faq: false,
  });
});

afterAll(async () => {
  await ui?.close();
});

/** Sends the request and then never reads: the kernel buffers fill, then the server's writes wait. */
function stalledClient(url: string, token: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: hostname, port: Number(port) }, () => {
      s.write(`GET /api/agent/events HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`);
      s.pause();
      resolve(s);
    });
    s.on("error", reject);
  });
}

interface LiveChat {
  id: number;
  conversation: string;
  status: string;
  agent: string | null;
  lastMessage: string | null;
}
type Frame = { event: "chats"; data: { chats: LiveChat[]; queue: LiveChat[] } } | { event: "delta"; data: { upsert: LiveChat[]; remove: number[]; messages: { id: string; conversation: string; from: string; text: string | null }[] } };
type AttentionFrame = { event: "attention"; data: AttentionView };

/**
 * A live stream over real HTTP (an agent console's unless `path` says otherwise), parsed into
 * frames; `next` waits for the next one (null once it ended). `attention` frames are kept only
 * when asked for: the other tests follow chats and messages.
 */
async function openConsole(token: string, opts: { attention?: boolean; path?: string } = {}) {
  const ctrl = new AbortController();
  const res = await fetch(`${ui.url}${opts.path ?? "/api/agent/events"}`, { headers: { authorization: `Bearer ${token}` }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const frames: (Frame | AttentionFrame)[] = [];
  let buf = "";
  return {
    async next(): Promise<Frame | AttentionFrame | null> {
      for (;;) {
        const f = frames.shift();
        if (f) return f;
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return null;
        const taken = takeSseBlocks(buf + value);
        buf = taken.rest;
        for (const { event, data } of taken.blocks) {
          if ((event === "chats" || event === "delta" || (event === "attention" && opts.attention)) && data) frames.push({ event, data: JSON.parse(data) } as Frame | AttentionFrame);
        }
      }
    },
    /** the next delta that satisfies `ok` (deltas of one burst may be split differently) */
    async until(ok: (d: Extract<Frame, { event: "delta" }>["data"]) => boolean) {
      for (;;) {
        const f = await this.next();
        if (!f) throw new Error("stream ended");
        expect(f.event).toBe("delta");
        if (f.event === "delta" && ok(f.data)) return f.data;
      }
    },
    async close() {
      ctrl.abort();
      await reader.cancel().catch(() => {});
    },
  };
}

describe("live feed: what a console sees", { timeout: 60_000 }, () => {
  it("new chats, their updates and removals arrive as deltas; a reconnect starts from a snapshot of the state now", async () => {
    const post = async (conversation: string, text: string) => {
      const r = await ui.postEvents("feed", [{ id: `${conversation}-${text}`, platform: "kuaishou", conversation, at: new Date(ui.now()).toISOString(), from: "buyer", text }]);
      expect(r.status).toBe(200);
    };
    const agent = (who: string, method: string, path: string, body?: unknown) =>
      fetch(`${ui.url}/api/agent${path}`, { method, headers: { authorization: `Bearer feed-${who}-token`, "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });

    let a1 = await openConsole("feed-a1-token");
    expect(await a1.next()).toEqual({ event: "chats", data: expect.objectContaining({ chats: [], queue: [] }) });

    // a new chat (nobody online: it waits in the queue a1 watches), with its message
    await post("c1", "在吗");
    const added = await a1.until((d) => d.upsert.some((c) => c.conversation === "c1"));
    const c1 = added.upsert.find((c) => c.conversation === "c1")!;
    expect(c1).toMatchObject({ status: "waiting", agent: null, lastMessage: "在吗" });
    expect(added.messages).toContainEqual(expect.objectContaining({ conversation: "c1", from: "buyer", text: "在吗" }));

    // an update of that chat: the same id, the new last message
    await post("c1", "有货吗");
    const updated = await a1.until((d) => d.upsert.some((c) => c.id === c1.id && c.lastMessage === "有货吗"));
    expect(updated.messages).toContainEqual(expect.objectContaining({ conversation: "c1", text: "有货吗" }));

    // a2 comes online and takes the waiting chat: it leaves a1's view, a removal
    expect((await agent("a2", "PUT", "/status", { online: true })).status).toBe(200);
    await a1.until((d) => d.remove.includes(c1.id));

    // while a1 is away (a2's console stays: the shop's feed lives on, and a1's reconnect reads
    // from its state): c2 goes to a2 (room for 2), c3 and c4 wait (a2 is full), a2 hands c2 back
    const a2 = await openConsole("feed-a2-token");
    expect((await a2.next())?.event).toBe("chats");
    await a1.close();
    await post("c2", "能便宜点吗");
    await post("c3", "怎么退货");
    await post("c4", "发什么快递");
    const mine = (await (await agent("a2", "GET", "/chats")).json()) as { chats: LiveChat[] };
    const c2 = mine.chats.find((c) => c.conversation === "c2")!;
    expect(c2).toBeDefined();
    expect((await agent("a2", "POST", `/chats/${c2.id}/release`)).status).toBe(200);
    await a2.until((d) => d.upsert.some((c) => c.id === c2.id && c.status === "waiting"));

    // the reconnect's snapshot is the state now: the queue as the queue API lists it, nothing of a1's
    a1 = await openConsole("feed-a1-token");
    const snap = (await a1.next())!;
    expect(snap.event).toBe("chats");
    if (snap.event !== "chats") return;
    expect(snap.data.chats).toEqual([]);
    const queue = (await (await agent("a1", "GET", "/queue")).json()) as { chats: LiveChat[] };
    expect(snap.data.queue.map((c) => c.conversation).sort()).toEqual(["c2", "c3", "c4"]);
    expect(snap.data.queue.map((c) => c.id)).toEqual(queue.chats.map((c) => c.id));
    const c3 = snap.data.queue.find((c) => c.conversation === "c3")!;

    // and deltas go on after it: a1 claims c3 (an update: now a1's), answers it (a removal)
    expect((await agent("a1", "POST", `/chats/${c3.id}/claim`)).status).toBe(200);
    const claimed = await a1.until((d) => d.upsert.some((c) => c.id === c3.id));
    expect(claimed.upsert.find((c) => c.id === c3.id)).toMatchObject({ status: "assigned", agent: "a1" });
    expect((await agent("a1", "POST", `/chats/${c3.id}/reply`, { text: "请在订单页申请退货" })).status).toBe(201);
    await a1.until((d) => d.remove.includes(c3.id));
    await a1.close();
    await a2.close();
    await expect.poll(() => liveStats(ui.server.ctx, "feed").length, { timeout: 10_000 }).toBe(0);
  });
});

/**
 * A live stream read in the background, its frames kept as sent: the text between blank lines.
 * `deltas()` is the data of each `delta` frame, checked to be exactly
 * `event: delta\ndata: <one line>\nid: <n>`.
 */
async function openRaw(token: string, path = "/api/agent/events") {
  const ctrl = new AbortController();
  const res = await fetch(`${ui.url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  const blocks: string[] = [];
  const reading = (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buf += value;
      for (let i = buf.indexOf("\n\n"); i >= 0; i = buf.indexOf("\n\n")) {
        blocks.push(buf.slice(0, i));
        buf = buf.slice(i + 2);
      }
    }
  })();
  const deltas = () =>
    blocks
      .filter((b) => b.startsWith("event: delta\n"))
      .map((b) => {
        const m = /^event: delta\ndata: ([^\n]*)\nid: \d+$/.exec(b);
        if (!m) throw new Error(`not a delta frame as the feed writes them: ${JSON.stringify(b.slice(0, 200))}`);
        return m[1]!;
      });
  type Delta = { upsert: LiveChat[]; remove: number[]; messages?: { conversation: string; text: string | null }[]; events?: number };
  return {
    deltas,
    parsed: () => deltas().map((d) => JSON.parse(d) as Delta),
    snapshotted: () => blocks.some((b) => b.startsWith("event: chats\n")),
    async close() {
      ctrl.abort();
      await reading;
    },
  };
}

describe("live feed: consoles that see the same", { timeout: 60_000 }, () => {
  it("get byte-identical deltas (also one that connects later, from its snapshot on); a console of another view gets its own", async () => {
    const post = async (conversation: string, text: string) => {
      const r = await ui.postEvents("twin", [{ id: `${conversation}-${text}`, platform: "kuaishou", conversation, at: new Date(ui.now()).toISOString(), from: "buyer", text }]);
      expect(r.status).toBe(200);
    };
    // two consoles of a1 (two tabs), one of a2, two dashboards
    const x = await openRaw("twin-a1-token");
    const y = await openRaw("twin-a1-token");
    const z = await openRaw("twin-a2-token");
    const d1 = await openRaw("admin-token-twin", "/api/admin/dashboard/events?shop=twin");
    const d2 = await openRaw("admin-token-twin", "/api/admin/dashboard/events?shop=twin");
    await expect.poll(() => [x, y, z, d1, d2].every((c) => c.snapshotted()), { timeout: 10_000 }).toBe(true);
    const upserted = (c: Awaited<ReturnType<typeof openRaw>>, conversation: string) => c.parsed().flatMap((d) => d.upsert.filter((ch) => ch.conversation === conversation));
    const texts = (c: Awaited<ReturnType<typeof openRaw>>) => c.parsed().flatMap((d) => (d.messages ?? []).map((m) => m.text));

    // a new chat waits in the queue every agent sees
    await post("c1", "在吗");
    await expect.poll(() => [x, y, z].every((c) => upserted(c, "c1").length > 0), { timeout: 10_000 }).toBe(true);
    const c1 = upserted(x, "c1")[0]!;
    // a2 takes it: it leaves a1's view (a removal) and enters a2's list (an upsert)
    const claim = await fetch(`${ui.url}/api/agent/chats/${c1.id}/claim`, { method: "POST", headers: { authorization: "Bearer twin-a2-token" } });
    expect(claim.status).toBe(200);
    await expect.poll(() => x.parsed().some((d) => d.remove.includes(c1.id)), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => upserted(z, "c1").some((ch) => ch.status === "assigned" && ch.agent === "a2"), { timeout: 10_000 }).toBe(true);
    // the buyer writes again: only a2 sees it
    await post("c1", "还在吗");
    await expect.poll(() => texts(z), { timeout: 10_000 }).toContain("还在吗");
    await post("c2", "有货吗");
    await expect.poll(() => [x, y, z].every((c) => texts(c).includes("有货吗")), { timeout: 10_000 }).toBe(true);

    // a third console of a1 connects; its snapshot, then the deltas the other two get
    const w = await openRaw("twin-a1-token");
    await expect.poll(() => w.snapshotted(), { timeout: 10_000 }).toBe(true);
    await post("c3", "怎么退货");
    await expect.poll(() => [x, y, z, w].every((c) => texts(c).includes("怎么退货")), { timeout: 10_000 }).toBe(true);

    // the same view, the same bytes, delta for delta
    await expect.poll(() => y.deltas(), { timeout: 10_000 }).toEqual(x.deltas());
    await expect.poll(() => d2.deltas(), { timeout: 10_000 }).toEqual(d1.deltas());
    expect(w.deltas().length).toBeGreaterThan(0);
    await expect.poll(() => x.deltas().slice(-w.deltas().length), { timeout: 10_000 }).toEqual(w.deltas());
    // another view, its own: a2's list has c1 and its second message, a1's consoles do not
    expect(texts(x)).not.toContain("还在吗");
    expect(z.deltas()).not.toEqual(x.deltas());
    // dashboards count events and carry no messages
    expect(d1.parsed().every((d) => d.messages === undefined && typeof d.events === "number")).toBe(true);
    // every delta's data is what JSON.stringify gives for it
    for (const c of [x, y, z, w, d1, d2]) for (const data of c.deltas()) expect(JSON.stringify(JSON.parse(data))).toBe(data);

    for (const c of [x, y, z, w, d1, d2]) await c.close();
    await expect.poll(() => liveStats(ui.server.ctx, "twin").length, { timeout: 10_000 }).toBe(0);
  });
});

describe("提醒设置 over the live feed", { timeout: 60_000 }, () => {
  it("a console's stream carries the shop's settings before its snapshot and every admin change at once; a dashboard's carries none", async () => {
    const admin = (method: string, body?: unknown) =>
      fetch(`${ui.url}/api/admin/attention?shop=alert`, { method, headers: { authorization: "Bearer admin-token-alert", "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const defaults = (await (await admin("GET")).json()) as AttentionView;
    expect(defaults).toMatchObject({ sound: true, desktopNotify: true, updatedAt: null });

    const console_ = await openConsole("alert-a1-token", { attention: true });
    expect(await console_.next()).toEqual({ event: "attention", data: defaults });
    expect((await console_.next())?.event).toBe("chats");
    const dashboard = await openConsole("admin-token-alert", { attention: true, path: "/api/admin/dashboard/events?shop=alert" });
    expect((await dashboard.next())?.event).toBe("chats");

    // the admin saves a change: the open console gets exactly what the PUT answered
    const put = await admin("PUT", { sound: false, remindLeadSeconds: { "taobao.rounds-3min": 170 } });
    expect(put.status).toBe(200);
    const saved = (await put.json()) as AttentionView;
    expect(saved).toMatchObject({ sound: false, desktopNotify: true });
    expect(saved.reminders.find((r) => r.rule === "taobao.rounds-3min")).toMatchObject({ leadSeconds: 170, custom: true });
    expect(await console_.next()).toEqual({ event: "attention", data: saved });
    const agentRead = await fetch(`${ui.url}/api/agent/attention`, { headers: { authorization: "Bearer alert-a1-token" } });
    expect(await agentRead.json()).toEqual(saved);

    // a refused change pushes nothing; the next thing either stream gets is a buyer's message
    expect((await admin("PUT", { remindLeadSeconds: { "taobao.rounds-3min": 5 } })).status).toBe(400);
    expect((await ui.postEvents("alert", [{ id: "after-1", platform: "kuaishou", conversation: "after", at: new Date(ui.now()).toISOString(), from: "buyer", text: "在吗" }])).status).toBe(200);
    expect((await console_.next())?.event).toBe("delta");
    expect((await dashboard.next())?.event).toBe("delta");

    // a reconnect starts from the settings now, then its snapshot
    await console_.close();
    const again = await openConsole("alert-a1-token", { attention: true });
    expect(await again.next()).toEqual({ event: "attention", data: saved });
    expect((await again.next())?.event).toBe("chats");
    await again.close();
    await dashboard.close();
    await expect.poll(() => liveStats(ui.server.ctx, "alert").length, { timeout: 10_000 }).toBe(0);
  });
});

describe("a signed-out agent's live stream", { timeout: 60_000 }, () => {
  it("ends as soon as the admin disables or re-tokens the agent; the old token is refused, a colleague's stream goes on", async () => {
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${ui.url}/api/admin${path}?shop=gone`, { method, headers: { authorization: "Bearer admin-token-gone", "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const a1 = await openConsole("gone-a1-token");
    const a2 = await openConsole("gone-a2-token");
    expect((await a1.next())?.event).toBe("chats");
    expect((await a2.next())?.event).toBe("chats");

    // disabled: a2's stream ends (next() is null once the server closed it), a1's does not
    expect((await admin("PUT", "/agents/a2", { disabled: true })).status).toBe(200);
    expect(await a2.next()).toBeNull();
    expect((await fetch(`${ui.url}/api/agent/events`, { headers: { authorization: "Bearer gone-a2-token" } })).status).toBe(401);
    expect((await ui.postEvents("gone", [{ id: "g-1", platform: "kuaishou", conversation: "still", at: new Date(ui.now()).toISOString(), from: "buyer", text: "在吗" }])).status).toBe(200);
    expect((await a1.next())?.event).toBe("delta");

    // re-tokened: the stream opened with the old token ends; the new token opens a new one
    const retoken = await admin("POST", "/agents/a1/token");
    expect(retoken.status).toBe(200);
    const { token } = (await retoken.json()) as { token: string };
    expect(await a1.next()).toBeNull();
    const again = await openConsole(token);
    expect((await again.next())?.event).toBe("chats");
    await again.close();
    await a1.close();
    await a2.close();
    await expect.poll(() => liveStats(ui.server.ctx, "gone").length, { timeout: 10_000 }).toBe(0);
  });
});

describe("live feed back-pressure", { timeout: 120_000 }, () => {
  it("a stalled console neither slows ingest nor grows without bound; a healthy one gets every message", async () => {
    const stalled = await stalledClient(ui.url, "live-a1-token");
    const healthyConsole = await openConsole("live-a2-token");
    const seen = new Set<string>();
    let snapshots = 0;
    const reading = (async () => {
      for (let f = await healthyConsole.next(); f; f = await healthyConsole.next()) {
        if (f.event === "chats") snapshots++;
        else if (f.event === "delta") for (const m of f.data.messages) if (m.from === "buyer") seen.add(m.id);
      }
    })();
    await expect.poll(() => liveStats(ui.server.ctx, "live").length, { timeout: 10_000 }).toBe(2);

    // buyers write (nobody online: every chat waits in the queue, which both consoles see) until
    // the stalled console has overflowed its buffer, at most 3000 messages
    const text = "请问这款什么时候发货？".repeat(200); // 2000 characters
    const sent: string[] = [];
    const stalledStats = () => liveStats(ui.server.ctx, "live").find((s) => s.resyncs > 0);
    for (let i = 0; i < 3000 && !(stalledStats() && sent.length % 50 === 0 && sent.length >= 100); i++) {
      const id = `m-${i}`;
      const r = await ui.postEvents("live", [{ id, platform: "kuaishou", conversation: `buyer-${i % 300}`, at: new Date(ui.now()).toISOString(), from: "buyer", text }]);
      expect(r.status).toBe(200);
      sent.push(id);
    }

    // the stalled client was resynced instead of buffering everything
    const stats = liveStats(ui.server.ctx, "live");
    expect(stats).toHaveLength(2);
    const slow = stats.find((s) => s.resyncs > 0)!;
    expect(slow).toBeDefined();
    expect(slow.maxBuffered).toBeLessThanOrEqual(DEFAULT_MAX_BUFFERED);
    // the healthy console received every message as a delta, without a resync
    await expect.poll(() => seen.size, { timeout: 30_000 }).toBe(sent.length);
    const healthy = stats.find((s) => s !== slow)!;
    expect(healthy.resyncs).toBe(0);
    expect(snapshots).toBe(1);
    console.log(`live back-pressure: ${sent.length} messages; stalled client ${JSON.stringify(slow)}; healthy ${JSON.stringify(healthy)}`);

    await healthyConsole.close();
    await reading;
    stalled.destroy();
    await expect.poll(() => liveStats(ui.server.ctx, "live").length, { timeout: 10_000 }).toBe(0);
  });
});

describe("live streams at shutdown", { timeout: 60_000 }, () => {
  it("closing the server ends a dozen open streams at once, with no listener-leak warning", async () => {
    const own = await startUiServer({ shops: [await shopConfig("bye")], faq: false });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    try {
      const readers = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const res = await fetch(`${own.url}/api/agent/events`, { headers: { authorization: `Bearer bye-a${(i % 2) + 1}-token` } });
          expect(res.status).toBe(200);
          const reader = res.body!.getReader();
          expect((await reader.read()).done).toBe(false); // the snapshot
          return reader;
        }),
      );
      expect(liveStats(own.server.ctx, "bye")).toHaveLength(12);
      // close() would wait for every connected console if their streams stayed open
      await own.stop();
      for (const reader of readers) {
        let r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        while (!r.done) r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        expect(r.done).toBe(true);
      }
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.startsWith("MaxListenersExceededWarning"))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      await own.close();
    }
  });
});
