/**
 * A fake platform API for the tests, the demo and benchmarks: an HTTP server on 127.0.0.1 that
 * records the replies it receives and checks them as the real side would.
 *
 *  POST /open/cs/intelligent/message/send   Kuaishou's send API: signature (MD5 or HMAC_SHA256
 *                                            with the app's signSecret) and access token checked
 *  POST /outbound                            the generic outbound webhook (X-Signature checked
 *                                            when a secret is set), de-duplicated on Idempotency-Key
 *  POST /escalations                         group-robot stand-in: answers {"errcode":0}
 *  GET  /outbound[?conversation=ID]          the replies it keeps, oldest first (a buyer's inbox)
 * `failNext(n)` answers the next n calls with 503, to show retries. `keep` bounds what it holds,
 * for a receiver that runs as long as the server (`npm start`'s demo buyer inbox, src/node/demo-inbox.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyGenericSignature } from "../core/generic-signature.js";
import { kuaishouSign, type KuaishouSignMethod } from "../platforms/kuaishou/codec.js";

export interface RecordedReply {
  via: "kuaishou-api" | "generic-webhook";
  platform: string;
  shop?: string;
  conversation: string;
  text: string;
  /** our reply id (Kuaishou: requestId) */
  id?: string;
  /** the buyer message it answers, when the generic webhook says */
  inReplyTo?: string;
  source?: unknown;
  /** an image or card instead of text (the generic webhook's `image`, `order`, `goods`, `logistics`) */
  content?: Record<string, unknown>;
  receivedAt: number;
  duplicate: boolean;
}

export interface FakePlatformApiOptions {
  kuaishou?: { appKey: string; signSecret: string; accessToken: string };
  /** secret of the generic outbound webhook's X-Signature; unset: not checked */
  outboundSecret?: string;
  port?: number;
  /** the clock the X-Signature timestamp is checked against (the app's clock) */
  now?: () => number;
  /** at most this many replies, rejections, escalations and Idempotency-Keys kept, the oldest dropped; unset: all */
  keep?: number;
}

/** Appends, dropping the oldest beyond `keep`. */
function pushBounded<T>(list: T[], item: T, keep: number | undefined): void {
  list.push(item);
  if (keep !== undefined && list.length > keep) list.splice(0, list.length - keep);
}

export class FakePlatformApi {
  private server: Server | undefined;
  readonly replies: RecordedReply[] = [];
  readonly rejected: { path: string; reason: string }[] = [];
  readonly escalations: unknown[] = [];
  private readonly seen = new Set<string>();
  private failures = 0;

  constructor(private readonly opts: FakePlatformApiOptions = {}) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.opts.port ?? 0, "127.0.0.1", resolve));
    return this.url;
  }

  get url(): string {
    const addr = this.server?.address() as AddressInfo | undefined;
    if (!addr) throw new Error("not started");
    return `http://127.0.0.1:${addr.port}`;
  }

  failNext(n: number): void {
    this.failures = n;
  }

  /** replies delivered, re-deliveries of the same id left out */
  get unique(): RecordedReply[] {
    return this.replies.filter((r) => !r.duplicate);
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Whether `key` was seen before; remembers it (the oldest forgotten beyond `keep`). */
  private see(key: string): boolean {
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    if (this.opts.keep !== undefined && this.seen.size > this.opts.keep) this.seen.delete(this.seen.values().next().value!);
    return false;
  }

  private record(reply: RecordedReply): void {
    pushBounded(this.replies, reply, this.opts.keep);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://inbox");
    const path = url.pathname;
    if (req.method === "GET" && path === "/outbound") {
      const conversation = url.searchParams.get("conversation");
      return this.json(res, 200, { replies: this.replies.filter((r) => conversation === null || r.conversation === conversation) });
    }
    if (req.method !== "POST") return this.json(res, 405, { error: "POST only" });
    if (this.failures > 0) {
      this.failures--;
      return this.json(res, 503, { error: "injected failure" });
    }
    if (path === "/open/cs/intelligent/message/send") return this.kuaishouSend(raw.toString("utf8"), res);
    if (path === "/outbound") return this.outbound(req, raw, res);
    if (path === "/escalations") {
      pushBounded(this.escalations, JSON.parse(raw.toString("utf8")) as unknown, this.opts.keep);
      return this.json(res, 200, { errcode: 0, errmsg: "ok" });
    }
    return this.json(res, 404, { error: `no route ${path}` });
  }

  private async kuaishouSend(body: string, res: ServerResponse): Promise<void> {
    const ks = this.opts.kuaishou;
    const params = Object.fromEntries(new URLSearchParams(body));
    const reject = (reason: string, result: number) => {
      pushBounded(this.rejected, { path: "kuaishou", reason }, this.opts.keep);
      this.json(res, 200, { result, error_msg: reason });
    };
    if (!ks) return reject("no Kuaishou app configured", 100);
    if (params.appkey !== ks.appKey) return reject("unknown appkey", 100);
    if (params.access_token !== ks.accessToken) return reject("access token invalid", 28);
    const method = (params.signMethod ?? "MD5") as KuaishouSignMethod;
    const { sign, ...rest } = params;
    if (!sign || sign !== (await kuaishouSign(rest, ks.signSecret, method))) return reject("sign invalid", 27);
    let param: { toUser?: { nickName?: string }; messageList?: { content?: string }[]; requestId?: string };
    try {
      param = JSON.parse(params.param ?? "") as typeof param;
    } catch {
      return reject("param is not JSON", 22);
    }
    const id = param.requestId;
    const duplicate = id !== undefined && this.see(`ks:${id}`);
    this.record({
      via: "kuaishou-api",
      platform: "kuaishou",
      conversation: param.toUser?.nickName ?? "",
      text: (param.messageList ?? []).map((m) => m.content ?? "").join("\n"),
      ...(id ? { id } : {}),
      receivedAt: Date.now(),
      duplicate,
    });
    this.json(res, 200, { result: 1, data: { msgId: `ks-${this.replies.length}` } });
  }

  private async outbound(req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    if (this.opts.outboundSecret) {
      const check = await verifyGenericSignature(this.opts.outboundSecret, req.headers["x-signature"] as string | undefined, new Uint8Array(raw), (this.opts.now ?? Date.now)());
      if (!check.ok) {
        pushBounded(this.rejected, { path: "outbound", reason: check.reason }, this.opts.keep);
        return this.json(res, 401, { error: check.reason });
      }
    }
    const reply = JSON.parse(raw.toString("utf8")) as { id?: string; shop?: string; platform?: string; conversation?: string; text?: string; inReplyTo?: string; source?: unknown } & Record<string, unknown>;
    const content = Object.fromEntries(["image", "order", "goods", "logistics"].filter((k) => reply[k] !== undefined).map((k) => [k, reply[k]]));
    const key = (req.headers["idempotency-key"] as string | undefined) ?? reply.id;
    const duplicate = key !== undefined && this.see(`out:${key}`);
    this.record({
      via: "generic-webhook",
      platform: reply.platform ?? "",
      conversation: reply.conversation ?? "",
      text: reply.text ?? "",
      ...(reply.id ? { id: reply.id } : {}),
      ...(reply.shop ? { shop: reply.shop } : {}),
      ...(reply.inReplyTo ? { inReplyTo: reply.inReplyTo } : {}),
      source: reply.source,
      ...(Object.keys(content).length ? { content } : {}),
      receivedAt: Date.now(),
      duplicate,
    });
    this.json(res, 200, { ok: true });
  }
}
