/**
 * The HTTP fallback of TMC: `taobao.tmc.messages.consume` then `taobao.tmc.messages.confirm`
 * (TOP-signed form posts), for when the WebSocket cannot be used. Same contract as the
 * client: a message is confirmed only after `onMessage` resolved; failures are reported in
 * `f_message_ids` and come back on a later consume.
 */
import { type TaobaoTmcMessage, tmcMessagesFromConsume } from "../../platforms/taobao/messages.js";
import { type TopSignMethod, buildTopRequest, readTopResponse } from "../../platforms/taobao/top-sign.js";

export interface TmcHttpOptions {
  appKey: string;
  appSecret: string;
  groupName?: string;
  apiUrl?: string;
  signMethod?: TopSignMethod;
  /** messages per consume call (TOP allows up to 200) */
  quantity?: number;
  onMessage: (m: TaobaoTmcMessage) => Promise<void>;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface ConsumeRound {
  received: number;
  confirmed: string[];
  failed: string[];
}

async function call(opts: TmcHttpOptions, method: string, params: Record<string, string | number | undefined>): Promise<Record<string, unknown>> {
  const req = buildTopRequest({
    appKey: opts.appKey,
    appSecret: opts.appSecret,
    method,
    params,
    timestamp: (opts.now ?? Date.now)(),
    ...(opts.signMethod ? { signMethod: opts.signMethod } : {}),
    ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}),
  });
  const res = await (opts.fetch ?? fetch)(req.url, { method: "POST", headers: req.headers, body: req.body });
  const outcome = readTopResponse(res.status, await res.text(), method);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.message}`);
  return outcome.body;
}

/** One consume → store → confirm round. */
export async function consumeOnce(opts: TmcHttpOptions): Promise<ConsumeRound> {
  const group = opts.groupName ?? "default";
  const inner = await call(opts, "taobao.tmc.messages.consume", { group_name: group, quantity: opts.quantity ?? 100 });
  const messages: TaobaoTmcMessage[] = tmcMessagesFromConsume(inner);
  const confirmed: string[] = [];
  const failed: string[] = [];
  for (const m of messages) {
    try {
      await opts.onMessage(m);
      confirmed.push(m.id);
    } catch {
      failed.push(m.id);
    }
  }
  if (confirmed.length > 0 || failed.length > 0) {
    await call(opts, "taobao.tmc.messages.confirm", {
      group_name: group,
      s_message_ids: confirmed.length > 0 ? confirmed.join(",") : undefined,
      f_message_ids: failed.length > 0 ? failed.join(",") : undefined,
    });
  }
  return { received: messages.length, confirmed, failed };
}

/**
 * Consumes until `signal` aborts: immediately again while messages keep coming, else after
 * `idleMs`; after an error, with exponential backoff up to `maxBackoffMs`.
 */
export async function runTmcHttpFallback(opts: TmcHttpOptions & { idleMs?: number; maxBackoffMs?: number; onError?: (e: Error) => void }, signal: AbortSignal): Promise<void> {
  let backoff = 1_000;
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    });
  while (!signal.aborted) {
    try {
      const round = await consumeOnce(opts);
      backoff = 1_000;
      if (round.received === 0) await sleep(opts.idleMs ?? 5_000);
    } catch (e) {
      opts.onError?.(e instanceof Error ? e : new Error(String(e)));
      await sleep(backoff);
      backoff = Math.min(backoff * 2, opts.maxBackoffMs ?? 60_000);
    }
  }
}
