/**
 * Taobao TMC client (Node runtime): an outbound WebSocket to `ws://mc.api.taobao.com` speaking
 * the binary frame protocol of src/platforms/taobao/tmc-frames.ts.
 *
 *  connect → CONNECT {app_key, group_name, timestamp, sign} → CONNECTACK (token)
 *  SEND frames carry messages → `onMessage` (store it) → confirm `__kind=2` + id, only after
 *  `onMessage` resolved; when it rejects, `__kind=20` (failed) and TMC will deliver again.
 *  A pull request (`__kind=1`) goes out right after connecting and every `pullIntervalMs`.
 *  Lost connection or refused CONNECT → reconnect with exponential backoff (with jitter).
 * Messages are handled one at a time, in arrival order; a re-delivery of a message still being
 * handled is ignored (its confirm follows). Secrets are never logged.
 */
import WebSocket from "ws";
import { type TaobaoTmcMessage, tmcMessageFromFrame } from "../../platforms/taobao/messages.js";
import { type TmcFrame, type TmcValue, TmcKind, TmcMessageType, decodeTmcFrame, encodeTmcFrame, tmcKind } from "../../platforms/taobao/tmc-frames.js";
import { tmcConnectSign } from "../../platforms/taobao/top-sign.js";

export const TMC_DEFAULT_URL = "ws://mc.api.taobao.com";

export type TmcLog = (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;

export interface TmcClientOptions {
  appKey: string;
  appSecret: string;
  groupName?: string;
  url?: string;
  /** store the message; resolve = confirm, reject = report failed (TMC re-delivers) */
  onMessage: (m: TaobaoTmcMessage) => Promise<void>;
  pullIntervalMs?: number;
  backoff?: { initialMs?: number; maxMs?: number; factor?: number; jitter?: number };
  /** ms to wait for CONNECTACK before giving up on a connection */
  connectTimeoutMs?: number;
  now?: () => number;
  log?: TmcLog;
}

export type TmcState = "idle" | "connecting" | "connected" | "stopped";

export interface TmcStats {
  connects: number;
  reconnectsScheduled: number;
  received: number;
  confirmed: number;
  failed: number;
  duplicatesIgnored: number;
  refused: number;
}

export class TmcClient {
  private ws: WebSocket | undefined;
  private token: string | undefined;
  private state_: TmcState = "idle";
  private attempt = 0;
  private pullTimer: ReturnType<typeof setInterval> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<string>();
  private readonly waiters: (() => void)[] = [];
  readonly stats: TmcStats = { connects: 0, reconnectsScheduled: 0, received: 0, confirmed: 0, failed: 0, duplicatesIgnored: 0, refused: 0 };
  private readonly opts: Required<Pick<TmcClientOptions, "groupName" | "url" | "pullIntervalMs" | "connectTimeoutMs">> & TmcClientOptions;

  constructor(options: TmcClientOptions) {
    this.opts = { groupName: "default", url: TMC_DEFAULT_URL, pullIntervalMs: 5_000, connectTimeoutMs: 10_000, ...options };
  }

  get state(): TmcState {
    return this.state_;
  }

  start(): void {
    if (this.state_ !== "idle") return;
    this.connect();
  }

  /** Resolves once authenticated (the next time, if already connected: immediately). */
  whenConnected(): Promise<void> {
    if (this.state_ === "connected") return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Closes the socket, stops timers and waits for the message being handled. */
  async stop(): Promise<void> {
    this.state_ = "stopped";
    this.clearTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const ws = this.ws;
    this.ws = undefined;
    if (ws && ws.readyState !== WebSocket.CLOSED) ws.terminate();
    await this.chain;
  }

  private log(level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>): void {
    this.opts.log?.(level, message, { ...fields, appKey: this.opts.appKey, group: this.opts.groupName });
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private clearTimers(): void {
    if (this.pullTimer) clearInterval(this.pullTimer);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.pullTimer = undefined;
    this.connectTimer = undefined;
  }

  private connect(): void {
    if (this.state_ === "stopped") return;
    this.state_ = "connecting";
    this.token = undefined;
    const ws = new WebSocket(this.opts.url);
    ws.binaryType = "nodebuffer";
    this.ws = ws;
    this.connectTimer = setTimeout(() => {
      this.log("warn", "TMC: no CONNECTACK in time");
      ws.terminate();
    }, this.opts.connectTimeoutMs);

    ws.on("open", () => {
      const timestamp = String(this.now());
      const frame = encodeTmcFrame({
        messageType: TmcMessageType.CONNECT,
        content: {
          app_key: this.opts.appKey,
          group_name: this.opts.groupName,
          timestamp,
          sign: tmcConnectSign(this.opts.appKey, this.opts.groupName, timestamp, this.opts.appSecret),
          sdk: "first-responder-tmc",
        },
      });
      ws.send(frame);
    });
    ws.on("message", (data: WebSocket.RawData, isBinary: boolean) => {
      if (ws !== this.ws) return;
      if (!isBinary) {
        this.log("warn", "TMC: ignored a text frame");
        return;
      }
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      let frame: TmcFrame;
      try {
        frame = decodeTmcFrame(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch (e) {
        this.log("warn", "TMC: undecodable frame", { error: e instanceof Error ? e.message : String(e) });
        return;
      }
      this.onFrame(ws, frame);
    });
    ws.on("error", (e: Error) => {
      this.log("warn", "TMC: socket error", { error: e.message });
    });
    ws.on("close", () => {
      if (ws !== this.ws) return;
      this.ws = undefined;
      this.clearTimers();
      if (this.state_ === "stopped") return;
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    this.state_ = "connecting";
    const b = this.opts.backoff ?? {};
    const initial = b.initialMs ?? 1_000;
    const max = b.maxMs ?? 60_000;
    const factor = b.factor ?? 2;
    const jitter = b.jitter ?? 0.2;
    const base = Math.min(max, initial * factor ** this.attempt);
    const delay = Math.max(0, Math.round(base * (1 - jitter + Math.random() * 2 * jitter)));
    this.attempt++;
    this.stats.reconnectsScheduled++;
    this.log("info", "TMC: reconnecting", { inMs: delay, attempt: this.attempt });
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private send(ws: WebSocket, content: Record<string, TmcValue>): boolean {
    if (ws.readyState !== WebSocket.OPEN) return false;
    ws.send(encodeTmcFrame({ messageType: TmcMessageType.SEND, ...(this.token ? { token: this.token } : {}), content }));
    return true;
  }

  private pull(ws: WebSocket): void {
    this.send(ws, { __kind: tmcKind(TmcKind.PULL_REQUEST) });
  }

  private onFrame(ws: WebSocket, frame: TmcFrame): void {
    if (frame.messageType === TmcMessageType.CONNECTACK) {
      if (this.connectTimer) clearTimeout(this.connectTimer);
      this.connectTimer = undefined;
      if (frame.statusCode !== undefined && frame.statusCode > 0) {
        this.stats.refused++;
        this.log("error", "TMC: connection refused", { status: frame.statusCode, phrase: frame.statusPhrase });
        ws.close();
        return;
      }
      this.token = frame.token;
      this.state_ = "connected";
      this.attempt = 0;
      this.stats.connects++;
      this.log("info", "TMC: connected");
      this.pull(ws);
      this.pullTimer = setInterval(() => this.pull(ws), this.opts.pullIntervalMs);
      for (const w of this.waiters.splice(0)) w();
      return;
    }
    if (frame.messageType !== TmcMessageType.SEND) return;
    if (frame.statusCode !== undefined && frame.statusCode > 0) {
      this.log("warn", "TMC: server reported an error", { status: frame.statusCode, phrase: frame.statusPhrase });
      return;
    }
    const message = tmcMessageFromFrame(frame);
    if (!message) return;
    // echo the id back in the width it came in (int64 on the real service)
    const rawId = frame.content.id ?? message.id;
    this.stats.received++;
    if (this.inFlight.has(message.id)) {
      this.stats.duplicatesIgnored++;
      return;
    }
    this.inFlight.add(message.id);
    this.chain = this.chain.then(async () => {
      let ok: boolean;
      try {
        await this.opts.onMessage(message);
        ok = true;
      } catch (e) {
        ok = false;
        this.log("warn", "TMC: storing a message failed; reported as failed for re-delivery", {
          id: message.id,
          topic: message.topic,
          error: e instanceof Error ? e.message : String(e),
        });
      } finally {
        this.inFlight.delete(message.id);
      }
      // confirm on the live socket: after a reconnect TMC re-delivers and the store de-duplicates
      const live = this.ws;
      if (!live) return;
      const sent = this.send(live, { __kind: tmcKind(ok ? TmcKind.CONFIRM : TmcKind.FAILED), id: rawId });
      if (sent) {
        if (ok) this.stats.confirmed++;
        else this.stats.failed++;
      }
    });
  }
}
