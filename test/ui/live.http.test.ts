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
import { shopConfig } from "../support/harness.js";
import { startUiServer, type UiServer } from "./support.js";

let ui: UiServer;

beforeAll(async () => {
  ui = await startUiServer({ shops: [await shopConfig("live", { name: "直播店" })], faq: false });
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

describe("live feed back-pressure", { timeout: 120_000 }, () => {
  it("a stalled console neither slows ingest nor grows without bound; a healthy one gets every message", async () => {
    const stalled = await stalledClient(ui.url, "live-a1-token");
    const ctrl = new AbortController();
    const res = await fetch(`${ui.url}/api/agent/events`, { headers: { authorization: "Bearer live-a2-token" }, signal: ctrl.signal });
    expect(res.status).toBe(200);
    const seen = new Set<string>();
    let snapshots = 0;
    const reading = (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return;
        buf += value;
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === "chats") snapshots++;
          if (event === "delta" && data) for (const m of (JSON.parse(data) as { messages: { from: string; id: string }[] }).messages) if (m.from === "buyer") seen.add(m.id);
        }
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

    ctrl.abort();
    await reading;
    stalled.destroy();
    await expect.poll(() => liveStats(ui.server.ctx, "live").length, { timeout: 10_000 }).toBe(0);
  });
});
