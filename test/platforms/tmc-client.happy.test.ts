/** The TMC client against the local TMC-protocol server: auth, receive, confirm only after store, reconnect. */
import { afterEach, describe, expect, it } from "vitest";
import type { TaobaoTmcMessage } from "../../src/platforms/taobao/messages.js";
import { TmcClient } from "../../src/node/tmc/client.js";
import { FakeTmcServer } from "../../src/simulator/tmc-server.js";

const APP = { appKey: "12345678", appSecret: "tb-secret-0a1b2c3d" };
let server: FakeTmcServer;
let client: TmcClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
  await server?.close();
});

async function until(pred: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("TMC client", () => {
  it("authenticates, receives and confirms after the store resolved", async () => {
    server = new FakeTmcServer(APP);
    const url = await server.start();
    const stored: TaobaoTmcMessage[] = [];
    const gate = deferred();
    client = new TmcClient({
      ...APP,
      url,
      onMessage: async (m) => {
        await gate.promise;
        stored.push(m);
      },
    });
    client.start();
    await client.whenConnected();
    expect(server.connects).toBe(1);
    await server.waitFor(() => server.pulls >= 1);

    server.publish({ id: 9007199254740993n, topic: "taobao_trade_TradeCreate", content: '{"tid":1}' });
    await server.waitFor(() => server.deliveries >= 1);
    await new Promise((r) => setTimeout(r, 50));
    // not stored yet: nothing confirmed
    expect(server.confirmed).toEqual([]);
    expect(server.unconfirmed).toEqual(["9007199254740993"]);

    gate.resolve();
    await server.waitFor(() => server.confirmed.length === 1);
    expect(server.confirmed).toEqual(["9007199254740993"]);
    expect(stored.map((m) => [m.id, m.topic])).toEqual([["9007199254740993", "taobao_trade_TradeCreate"]]);
  });

  it("reports a failed store as __kind=20 and gets the message again on the next pull", async () => {
    server = new FakeTmcServer(APP);
    const url = await server.start();
    let calls = 0;
    client = new TmcClient({
      ...APP,
      url,
      pullIntervalMs: 50,
      onMessage: async () => {
        calls++;
        if (calls === 1) throw new Error("database is locked");
      },
    });
    client.start();
    await client.whenConnected();
    server.publish({ id: 7n, topic: "taobao_refund_RefundCreated", content: "{}" });
    await server.waitFor(() => server.confirmed.includes("7"));
    expect(server.failed).toEqual(["7"]);
    expect(calls).toBe(2);
    expect(client.stats.failed).toBe(1);
    expect(client.stats.confirmed).toBe(1);
  });

  it("reconnects with backoff after the server drops the socket, and gets unconfirmed messages again", async () => {
    server = new FakeTmcServer(APP);
    const url = await server.start();
    const seen: string[] = [];
    const gate = deferred();
    client = new TmcClient({
      ...APP,
      url,
      backoff: { initialMs: 20, maxMs: 200 },
      onMessage: async (m) => {
        seen.push(m.id);
        if (seen.length === 1) await gate.promise;
      },
    });
    client.start();
    await client.whenConnected();
    server.publish({ id: 1n, topic: "taobao_trade_TradeCreate", content: "{}" });
    await server.waitFor(() => server.deliveries >= 1);
    // the server goes away while the message is being stored: no confirm can reach it
    server.dropConnections();
    gate.resolve();
    await server.waitFor(() => server.connects === 2, 5_000);
    await server.waitFor(() => server.confirmed.includes("1"));
    expect(client.stats.reconnectsScheduled).toBeGreaterThanOrEqual(1);
    // delivered twice (at-least-once); the store de-duplicates on the TMC id
    expect(seen).toEqual(["1", "1"]);
    expect(server.unconfirmed).toEqual([]);
  });

  it("is refused with a wrong secret and keeps retrying, never confirming anything", async () => {
    server = new FakeTmcServer(APP);
    const url = await server.start();
    client = new TmcClient({ ...APP, appSecret: "wrong", url, backoff: { initialMs: 10, maxMs: 20 }, onMessage: async () => {} });
    client.start();
    await server.waitFor(() => server.refused.length >= 2);
    await until(() => client!.stats.refused >= 2);
    expect(server.connects).toBe(0);
    expect(client.state).toBe("connecting");
    expect(client.stats.refused).toBeGreaterThanOrEqual(2);
  });

  it("stop() closes the socket and stops reconnecting", async () => {
    server = new FakeTmcServer(APP);
    const url = await server.start();
    client = new TmcClient({ ...APP, url, backoff: { initialMs: 10 }, onMessage: async () => {} });
    client.start();
    await client.whenConnected();
    await client.stop();
    expect(client.state).toBe("stopped");
    await server.waitFor(() => server.clients === 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.connects).toBe(1);
  });

  it("keeps retrying while the server is down and connects once it is back", async () => {
    const first = new FakeTmcServer(APP);
    const url = await first.start();
    const port = Number(new URL(url).port);
    await first.close();
    client = new TmcClient({ ...APP, url, backoff: { initialMs: 20, maxMs: 100 }, onMessage: async () => {} });
    client.start();
    await until(() => client!.stats.reconnectsScheduled >= 2);
    expect(client.state).toBe("connecting");
    server = new FakeTmcServer({ ...APP, port });
    await server.start();
    await client.whenConnected();
    expect(server.connects).toBe(1);
  });
});
