/**
 * A local TMC-protocol server, written for the tests and the simulator (never for production).
 * It speaks the frames of src/platforms/taobao/tmc-frames.ts over a WebSocket on
 * 127.0.0.1: checks the CONNECT sign, answers CONNECTACK with a token (or a refusal), pushes
 * queued messages as SEND frames, re-delivers unconfirmed ones on every pull request and on a
 * new connection (at-least-once, like TMC), and records confirms and failures.
 */
import { WebSocketServer, type WebSocket } from "ws";
import type { AddressInfo } from "node:net";
import { type TmcFrame, type TmcValue, TmcKind, TmcMessageType, decodeTmcFrame, encodeTmcFrame, tmcInt, tmcKind, tmcText } from "../platforms/taobao/tmc-frames.js";
import { tmcConnectSign } from "../platforms/taobao/top-sign.js";

export interface FakeTmcMessage {
  id: bigint;
  topic: string;
  content: string;
  time?: Date;
  nick?: string;
}

export interface FakeTmcServerOptions {
  appKey: string;
  appSecret: string;
  port?: number;
  /** refuse CONNECT frames whose timestamp is further than this from now (ms) */
  maxSkewMs?: number;
}

export class FakeTmcServer {
  private wss: WebSocketServer | undefined;
  private readonly authed = new Map<WebSocket, string>();
  private readonly pending = new Map<string, FakeTmcMessage>();
  private nextToken = 1;
  readonly confirmed: string[] = [];
  readonly failed: string[] = [];
  readonly refused: string[] = [];
  connects = 0;
  pulls = 0;
  deliveries = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly opts: FakeTmcServerOptions) {}

  async start(): Promise<string> {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: this.opts.port ?? 0 });
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      wss.once("listening", resolve);
      wss.once("error", reject);
    });
    wss.on("connection", (ws) => this.onConnection(ws));
    return this.url;
  }

  get url(): string {
    const addr = this.wss?.address() as AddressInfo | undefined;
    if (!addr) throw new Error("not started");
    return `ws://127.0.0.1:${addr.port}/`;
  }

  get clients(): number {
    return this.authed.size;
  }

  /** Queues a message and pushes it to every authenticated client. */
  publish(m: FakeTmcMessage): void {
    this.pending.set(m.id.toString(), m);
    for (const ws of this.authed.keys()) this.deliver(ws, m);
  }

  get unconfirmed(): string[] {
    return [...this.pending.keys()];
  }

  /** Drops every connection abruptly (the client must reconnect). */
  dropConnections(): void {
    for (const ws of this.wss?.clients ?? []) ws.terminate();
    this.authed.clear();
  }

  /** Resolves when `pred` holds, checked after every frame. */
  waitFor(pred: () => boolean, timeoutMs = 5_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error("FakeTmcServer.waitFor timed out"));
      }, timeoutMs);
      const check = (): void => {
        if (pred()) {
          clearTimeout(timer);
          this.listeners.delete(check);
          resolve();
        }
      };
      this.listeners.add(check);
    });
  }

  async close(): Promise<void> {
    const wss = this.wss;
    this.wss = undefined;
    if (!wss) return;
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  private deliver(ws: WebSocket, m: FakeTmcMessage): void {
    const content: Record<string, TmcValue> = { __kind: tmcKind(TmcKind.DATA), id: m.id, topic: m.topic, content: m.content, time: m.time ?? new Date() };
    if (m.nick) content.nick = m.nick;
    ws.send(encodeTmcFrame({ messageType: TmcMessageType.SEND, content }));
    this.deliveries++;
  }

  private onConnection(ws: WebSocket): void {
    ws.on("message", (data, isBinary) => {
      if (!isBinary) return ws.close(1003, "binary frames only");
      let frame: TmcFrame;
      try {
        const b = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
        frame = decodeTmcFrame(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
      } catch {
        return ws.close(1002, "bad frame");
      }
      this.onFrame(ws, frame);
      this.notify();
    });
    ws.on("close", () => {
      this.authed.delete(ws);
      this.notify();
    });
  }

  private onFrame(ws: WebSocket, f: TmcFrame): void {
    if (f.messageType === TmcMessageType.CONNECT) {
      const c = f.content;
      const appKey = tmcText(c.app_key) ?? "";
      const group = tmcText(c.group_name) ?? "default";
      const timestamp = tmcText(c.timestamp) ?? "";
      const sign = tmcText(c.sign) ?? "";
      const skewOk = this.opts.maxSkewMs === undefined || Math.abs(Date.now() - Number(timestamp)) <= this.opts.maxSkewMs;
      const ok = appKey === this.opts.appKey && skewOk && sign === tmcConnectSign(appKey, group, timestamp, this.opts.appSecret);
      if (!ok) {
        this.refused.push(appKey);
        ws.send(encodeTmcFrame({ messageType: TmcMessageType.CONNECTACK, statusCode: 401, statusPhrase: "invalid sign" }));
        return;
      }
      const token = `tok-${this.nextToken++}`;
      this.authed.set(ws, token);
      this.connects++;
      ws.send(encodeTmcFrame({ messageType: TmcMessageType.CONNECTACK, token }));
      for (const m of this.pending.values()) this.deliver(ws, m);
      return;
    }
    if (f.messageType !== TmcMessageType.SEND) return;
    const token = this.authed.get(ws);
    if (!token || f.token !== token) {
      ws.send(encodeTmcFrame({ messageType: TmcMessageType.SENDACK, statusCode: 403, statusPhrase: "not authenticated" }));
      return;
    }
    const kind = tmcInt(f.content.__kind);
    const id = tmcText(f.content.id);
    if (kind === TmcKind.PULL_REQUEST) {
      this.pulls++;
      for (const m of this.pending.values()) this.deliver(ws, m);
    } else if (kind === TmcKind.CONFIRM && id) {
      if (this.pending.delete(id)) this.confirmed.push(id);
    } else if (kind === TmcKind.FAILED && id) {
      this.failed.push(id);
    }
  }
}
