/**
 * Runs Taobao TMC for one shop in the Node runtime: every message is mapped (taobao-mapping.ts)
 * and stored through ingestPlatformItems before it is confirmed. WebSocket by default; the
 * HTTP fallback (taobao.tmc.messages.consume/confirm) with `mode: "http"`.
 */
import type { TaobaoTmcMessage } from "../../platforms/taobao/messages.js";
import { mapTaobaoMessage } from "../../platforms/taobao/messages.js";
import type { ServiceContext, Shop } from "../../services/context.js";
import { ingestPlatformItems } from "../../services/platform-ingest.js";
import { TmcClient, type TmcStats } from "./client.js";
import { runTmcHttpFallback } from "./http-fallback.js";

export interface TaobaoTmcRunner {
  /** WebSocket client statistics (undefined in HTTP mode) */
  stats?: TmcStats;
  client?: TmcClient;
  stop(): Promise<void>;
}

export function startTaobaoTmc({ ctx, shop, mode = "ws", chatTopics }: { ctx: ServiceContext; shop: Shop; mode?: "ws" | "http"; chatTopics?: readonly string[] }): TaobaoTmcRunner {
  const creds = shop.config.credentials.taobao;
  if (!creds) throw new Error(`shop ${shop.config.id} has no Taobao credentials (TAOBAO_APP_KEY, TAOBAO_APP_SECRET)`);
  const shopId = shop.config.id;
  chatTopics ??= creds.chatTopics;
  const onMessage = async (m: TaobaoTmcMessage): Promise<void> => {
    const item = mapTaobaoMessage(m, { shop: shopId, ...(chatTopics ? { chatTopics } : {}), receivedAt: ctx.now() });
    // a message dated outside the live window is kept as a record: refusing it would only make TMC re-deliver it
    await ingestPlatformItems({ ctx, input: { shopId, items: [item], strayTimes: "keep" } });
  };
  const log = (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => ctx.log[level](message, { shop: shopId, ...fields });

  if (mode === "http") {
    const abort = new AbortController();
    const done = runTmcHttpFallback(
      {
        appKey: creds.appKey,
        appSecret: creds.appSecret,
        ...(creds.groupName ? { groupName: creds.groupName } : {}),
        ...(creds.apiUrl ? { apiUrl: creds.apiUrl } : {}),
        onMessage,
        onError: (e) => log("warn", "TMC HTTP consume failed", { error: e.message }),
      },
      abort.signal,
    );
    return {
      async stop() {
        abort.abort();
        await done;
      },
    };
  }

  const client = new TmcClient({
    appKey: creds.appKey,
    appSecret: creds.appSecret,
    ...(creds.groupName ? { groupName: creds.groupName } : {}),
    ...(creds.tmcUrl ? { url: creds.tmcUrl } : {}),
    onMessage,
    log,
  });
  client.start();
  return { client, stats: client.stats, stop: () => client.stop() };
}

/** Starts TMC for every shop that has Taobao credentials. */
export function startAllTaobaoTmc(ctx: ServiceContext): TaobaoTmcRunner[] {
  return [...ctx.shops.values()].filter((s) => s.config.credentials.taobao).map((shop) => startTaobaoTmc({ ctx, shop }));
}
