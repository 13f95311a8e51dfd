/**
 * The whole loop, locally: platform pushes (signed Douyin batches, encrypted Kuaishou pushes,
 * TMC messages over the local TMC server) → the app (its real Node server on a temp database)
 * → decisions → replies delivered to the fake platform API (Kuaishou send API, generic outbound
 * webhook) → agents answering routed chats through the agent API → compliance figures.
 * `runSimulation` is used by `npm run simulate`, the tests and the benchmarks.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import type { AppConfig, ShopConfig } from "../config/types.js";
import { sha256Hex } from "../core/crypto.js";
import { type ChatEvent, type Platform, platformIds } from "../core/events.js";
import { computeBatch, makeRulesFor, summarize, type ResultDetail } from "../core/compliance/index.js";
import { dayNumber } from "../core/time.js";
import { startNodeServer, type NodeServer } from "../node/server.js";
import { silentLogger } from "../services/context.js";
import { FakePlatformApi } from "./fake-platform-api.js";
import { FakeTmcServer } from "./tmc-server.js";
import { type SimMessage, generateTraffic, loadUtterances, readEventsFile, rng } from "./traffic.js";
import { PLATFORM_REGISTRY } from "../platforms/registry.js";
import type { PlatformModule } from "../platforms/types.js";
import type { KuaishouCredentials } from "../platforms/kuaishou/credentials.js";
import { taobaoEnvelope } from "../platforms/taobao/simulator.js";
import type { TaobaoCredentials } from "../platforms/taobao/credentials.js";

export interface SimulationOptions {
  platforms?: Platform[];
  buyers?: number;
  messages?: number;
  agents?: number;
  /** simulated seconds per real second */
  speed?: number;
  /** mean gap between buyer messages, simulated ms */
  meanGapMs?: number;
  /** share of pushes delivered twice (the platforms retry) */
  duplicateShare?: number;
  /** share of buyers' bursts followed by an order notice */
  orderShare?: number;
  /** agents' reply time range, simulated seconds */
  agentReplySeconds?: [number, number];
  seed?: number;
  /** JSON Lines file in the event format, replayed instead of generated traffic */
  eventsFile?: string;
  /** buyer messages TSV; default ../shared/data/buyer-messages/jddc-buyer-utterances.tsv */
  dataFile?: string;
  /** simulated start, epoch ms; default today 10:00 in platform time */
  startAt?: number;
  /** Douyin messages per push, at most */
  douyinBatch?: number;
  /** give up waiting for the loop to settle after this many real ms */
  settleTimeoutMs?: number;
  faqDir?: string;
  keepDatabase?: boolean;
  /**
   * Push to an app that is already running instead of starting one. Its credentials come from
   * `env` (DOUYIN_*, KUAISHOU_*, TAOBAO_*; AGENT_TOKENS for simulated agents); point the app at
   * the fake platform API and TMC server printed at start (fixed ports: apiPort, tmcPort).
   * Database figures (decisions, records, compliance) are then left to the app's own API.
   */
  target?: { url: string; env: Record<string, string | undefined> };
  apiPort?: number;
  tmcPort?: number;
  log?: (line: string) => void;
}

export interface PushStats {
  pushes: number;
  messages: number;
  redeliveries: number;
  byStatus: Record<string, number>;
  badAcks: number;
  ackMs: { p50: number; p95: number; max: number };
}

export interface SimulationReport {
  source: string;
  warning?: string;
  skippedLines: number;
  simulatedFrom: string;
  simulatedTo: string;
  realSeconds: number;
  pushes: Partial<Record<Platform, PushStats>>;
  tmc: { published: number; confirmed: number; failed: number; unconfirmed: number };
  decisions: { platform: string; action: string; n: number }[];
  records: { platform: string; category: string; n: number }[];
  events: { platform: string; from: string; n: number }[];
  replies: { platform: string; via: string; source: string; n: number; duplicates: number }[];
  agentReplies: number;
  outbox: { status: string; n: number }[];
  rejectedByFakeApi: { path: string; reason: string }[];
  compliance: ResultDetail[];
  settled: boolean;
  database?: string;
  /** the running app pushed to, in target mode */
  target?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function todayTenOClock(): number {
  const day = dayNumber(Date.now());
  return day * 86_400_000 - 8 * 3600_000 + 10 * 3600_000;
}

/** Each platform's credentials, by id (src/platforms/<id>/credentials.ts). */
type SimCredentials = Record<string, unknown>;

/** Credentials of a running app, read from its environment as the app reads them; platforms without them are left out (generated ones stand in). */
function credentialsFromEnv(env: Record<string, string | undefined>): { creds: SimCredentials; available: Platform[] } {
  const available: Platform[] = [];
  const creds = credentials();
  for (const p of PLATFORM_REGISTRY) {
    const c = p.credentials.fromEnv(env);
    if (c === undefined) continue;
    available.push(p.id);
    creds[p.id] = c;
  }
  return { available, creds };
}

function agentTokensFromEnv(env: Record<string, string | undefined>): { id: string; token: string }[] {
  return (env.AGENT_TOKENS ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.includes("="))
    .map((p) => ({ id: p.slice(0, p.indexOf("=")).trim(), token: p.slice(p.indexOf("=") + 1).trim() }));
}

/** Development credentials of every platform, each made by its folder's simulator. */
function credentials(): SimCredentials {
  return Object.fromEntries(PLATFORM_REGISTRY.map((p) => [p.id, p.simulator.credentials()]));
}

export async function runSimulation(o: SimulationOptions = {}): Promise<SimulationReport> {
  const log = o.log ?? (() => {});
  const target = o.target;
  const fromEnv = target ? credentialsFromEnv(target.env) : undefined;
  let platforms = o.platforms ?? [...platformIds()];
  if (fromEnv) {
    const missing = platforms.filter((p) => !fromEnv.available.includes(p));
    if (missing.length) log(`warning: no credentials in the environment for ${missing.join(", ")}: left out`);
    platforms = platforms.filter((p) => fromEnv.available.includes(p));
  }
  // a running app has its own clock: then simulated time is real time
  const speed = target ? 1 : (o.speed ?? 60);
  const random = rng(o.seed ?? 42);
  const realStart = Date.now();
  const simStart = target ? realStart : (o.startAt ?? todayTenOClock());
  const now = () => simStart + (Date.now() - realStart) * speed;
  const realMs = (simMs: number) => simMs / speed;

  // --- traffic
  let source = "generated";
  let warning: string | undefined;
  let skippedLines = 0;
  let traffic: SimMessage[];
  if (o.eventsFile) {
    const read = readEventsFile(o.eventsFile);
    skippedLines = read.skipped.length;
    for (const s of read.skipped.slice(0, 5)) log(`events file line ${s.line} skipped: ${s.message}`);
    // replayed relative to the simulated start, keeping the file's own spacing
    const first = read.messages[0]?.at ?? simStart;
    traffic = read.messages.filter((m) => platforms.includes(m.platform)).map((m) => ({ ...m, at: simStart + (m.at - first) + 1000 }));
    source = o.eventsFile;
  } else {
    const u = loadUtterances(o.dataFile);
    warning = u.warning;
    if (u.warning) log(`warning: ${u.warning}`);
    source = `${u.phrases.length} buyer messages from ${u.source}`;
    traffic = generateTraffic({
      platforms,
      buyers: o.buyers ?? 12,
      messages: o.messages ?? 60,
      startAt: simStart + 1000,
      meanGapMs: o.meanGapMs ?? 10_000,
      orderShare: o.orderShare ?? 0.15,
      random,
      phrases: u.phrases,
    });
  }

  // --- the fake platform side
  const creds = fromEnv?.creds ?? credentials();
  // the two transports that are not a push to /webhooks: Kuaishou's send API and Taobao's TMC
  const kuaishouCreds = creds.kuaishou as KuaishouCredentials;
  const taobaoCreds = creds.taobao as TaobaoCredentials;
  const outboundSecret = target ? target.env.OUTBOUND_WEBHOOK_SECRET : randomBytes(16).toString("hex");
  const api = new FakePlatformApi({ kuaishou: { ...kuaishouCreds, accessToken: kuaishouCreds.accessToken ?? "" }, ...(outboundSecret ? { outboundSecret } : {}), now, ...(o.apiPort ? { port: o.apiPort } : {}) });
  const apiUrl = await api.start();
  const tmc = new FakeTmcServer({ ...taobaoCreds, ...(o.tmcPort ? { port: o.tmcPort } : {}) });
  const tmcUrl = await tmc.start();

  // --- the app: started on a temp database, or the running one at --target
  const dir = target ? "" : mkdtempSync(join(tmpdir(), "fr-simulate-"));
  const agentCount = Math.max(1, o.agents ?? 2);
  const agentTokens = target ? agentTokensFromEnv(target.env) : Array.from({ length: agentCount }, (_, i) => ({ id: `sim-agent-${i + 1}`, token: `sim-agent-token-${randomBytes(8).toString("hex")}` }));
  const shop: ShopConfig = {
    id: "default",
    name: "模拟旗舰店",
    douyinInstantAnswer: false,
    outboundUrl: `${apiUrl}/outbound`,
    ...(outboundSecret ? { outboundSecret } : {}),
    escalation: { leadSeconds: 60, targets: [] },
    agents: await Promise.all(agentTokens.map(async (a, i) => ({ id: a.id, name: ["小美", "小王", "小李", "小张"][i % 4]!, tokenSha256: await sha256Hex(a.token), maxConcurrent: 5 }))),
    adminTokenSha256: [],
    credentials: { ...creds, kuaishou: { ...kuaishouCreds, apiUrl }, taobao: { ...taobaoCreds, tmcUrl } },
    rules: {},
    platforms,
  };
  const config: AppConfig = {
    port: 0,
    databaseUrl: target ? "" : join(dir, "simulate.db"),
    faqDir: o.faqDir ?? resolve(process.cwd(), "faq"),
    maxBodyBytes: 1_000_000,
    shops: [shop],
  };
  const server: NodeServer | undefined = target ? undefined : await startNodeServer(config, { port: 0, host: "127.0.0.1", now, log: silentLogger });
  const base = target ? target.url.replace(/\/+$/, "") : server!.url.replace("localhost", "127.0.0.1");
  if (target) {
    log(`target ${base}; configure it with KUAISHOU_API_URL=${apiUrl} TAOBAO_TMC_URL=${tmcUrl} OUTBOUND_WEBHOOK_URL=${apiUrl}/outbound`);
  } else log(`app ${base}  fake platform API ${apiUrl}  TMC ${tmcUrl}  (database ${config.databaseUrl})`);

  const stats: Partial<Record<Platform, PushStats & { lat: number[] }>> = {};
  const stat = (p: Platform) => (stats[p] ??= { pushes: 0, messages: 0, redeliveries: 0, byStatus: {}, badAcks: 0, ackMs: { p50: 0, p95: 0, max: 0 }, lat: [] });
  let published = 0;
  const inflight = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  const send = async (platform: Platform, url: string, init: RequestInit, expectAck: string, redelivery: boolean, count: number) => {
    const s = stat(platform);
    s.pushes++;
    if (redelivery) s.redeliveries++;
    else s.messages += count;
    const t0 = performance.now();
    try {
      const res = await fetch(url, init);
      const text = await res.text();
      s.lat.push(performance.now() - t0);
      s.byStatus[res.status] = (s.byStatus[res.status] ?? 0) + 1;
      if (res.status !== 200 || text !== expectAck) {
        s.badAcks++;
        log(`${platform} push answered ${res.status} ${text.slice(0, 160)}`);
      }
    } catch (err) {
      s.byStatus.network = (s.byStatus.network ?? 0) + 1;
      log(`${platform} push failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const dup = o.duplicateShare ?? 0.1;
  const maybeAgain = (fn: () => Promise<void>) => {
    if (random() < dup) track(sleep(50 + random() * 400).then(fn));
  };

  const deliver = async (batch: SimMessage[]) => {
    // every platform that pushes over HTTP, its envelopes written by its folder's simulator
    for (const p of PLATFORM_REGISTRY as readonly PlatformModule[]) {
      const mine = batch.filter((m) => m.platform === p.id);
      if (!p.simulator.pushes || mine.length === 0) continue;
      for (const env of await p.simulator.pushes(creds[p.id], mine, o.douyinBatch ? { batch: o.douyinBatch } : {})) {
        const push = (again: boolean) => send(p.id as Platform, `${base}/webhooks/${p.id}/default`, { method: "POST", body: env.body, headers: env.headers }, env.ack, again, env.count);
        track(push(false));
        maybeAgain(() => push(true));
      }
    }
    for (const m of batch.filter((x) => x.platform === "taobao")) {
      const env = taobaoEnvelope(m);
      tmc.publish(env);
      published++;
      const s = stat("taobao");
      s.pushes++;
      s.messages++;
      if (random() < dup) {
        tmc.publish(env);
        s.pushes++;
        s.redeliveries++;
      }
    }
  };

  // --- agents: online, answering the chats in their lists
  const agentApi = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${base}/api/agent${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  for (const a of agentTokens) await agentApi(a.token, "PUT", "/status", { online: true });
  const answering = new Map<string, string>();
  let agentReplies = 0;
  let agentsRunning = true;
  // against a running app the clock is real: agents answer within seconds, not minutes
  const [minS, maxS] = o.agentReplySeconds ?? (target ? [2, 10] : [15, 200]);
  const agentLoop = async (a: { id: string; token: string }) => {
    while (agentsRunning) {
      try {
        const res = await agentApi(a.token, "GET", "/chats");
        const { chats } = (await res.json()) as { chats: { id: number; pendingSince: string | null; suggestion: { answer: string } | null; lastMessage: string | null }[] };
        for (const c of chats) {
          if (!c.pendingSince) continue;
          const key = `${c.id}@${c.pendingSince}`;
          if (answering.get(String(c.id)) === key) continue;
          answering.set(String(c.id), key);
          const thinkMs = realMs((minS + random() * (maxS - minS)) * 1000);
          track(
            sleep(thinkMs).then(async () => {
              const text = c.suggestion?.answer ?? "亲，您好，这边马上为您查询处理，请稍等~";
              const r = await agentApi(a.token, "POST", `/chats/${c.id}/reply`, { text });
              if (r.status === 201) agentReplies++;
            }),
          );
        }
      } catch {
        // the server is closing
      }
      await sleep(150);
    }
  };
  const agentLoops = agentTokens.map((a) => agentLoop(a));

  // --- replay the traffic in simulated time
  let i = 0;
  while (i < traffic.length) {
    const due: SimMessage[] = [];
    while (i < traffic.length && traffic[i]!.at <= now()) due.push(traffic[i++]!);
    if (due.length > 0) await deliver(due);
    else await sleep(Math.min(50, Math.max(1, realMs(traffic[i]!.at - now()))));
  }

  // --- let the loop settle: pushes answered, TMC confirmed, queue answered, outbox delivered
  const settleBy = Date.now() + (o.settleTimeoutMs ?? Math.min(120_000, Math.max(15_000, realMs(maxS * 1000) * 3)));
  let settled = false;
  let lastReplies = -1;
  let quietSince = Date.now();
  while (Date.now() < settleBy) {
    await Promise.all([...inflight]);
    if (server) {
      const open = (await server.ctx.db.all<{ n: number }>(sql`select count(*) n from chats where pending_since is not null`))[0]!.n;
      const outboxOpen = (await server.ctx.db.all<{ n: number }>(sql`select count(*) n from outbox where status in ('pending','sending')`))[0]!.n;
      if (open === 0 && outboxOpen === 0 && tmc.unconfirmed.length === 0 && inflight.size === 0) {
        settled = true;
        break;
      }
    } else {
      // a running app: settled once TMC is confirmed and no reply arrived for 3 s
      if (api.replies.length !== lastReplies) {
        lastReplies = api.replies.length;
        quietSince = Date.now();
      }
      if (tmc.unconfirmed.length === 0 && inflight.size === 0 && Date.now() - quietSince > 3_000) {
        settled = true;
        break;
      }
    }
    await sleep(100);
  }
  agentsRunning = false;
  await Promise.all(agentLoops);

  // --- figures (from the database when the app is ours)
  let decisions: SimulationReport["decisions"] = [];
  let records: SimulationReport["records"] = [];
  let eventsByFrom: SimulationReport["events"] = [];
  let outbox: SimulationReport["outbox"] = [];
  let compliance: ResultDetail[] = [];
  if (server) {
    const db = server.ctx.db;
    const q = <T>(query: ReturnType<typeof sql>) => db.all<T>(query);
    decisions = await q<{ platform: string; action: string; n: number }>(sql`select platform, action, count(*) n from decisions group by platform, action order by platform, action`);
    records = await q<{ platform: string; category: string; n: number }>(sql`select platform, category, count(*) n from platform_records group by platform, category order by platform, category`);
    eventsByFrom = await q<{ platform: string; from: string; n: number }>(sql`select platform, "from", count(*) n from events group by platform, "from" order by platform, "from"`);
    outbox = await q<{ status: string; n: number }>(sql`select status, count(*) n from outbox group by status order by status`);
    const rows = await q<{ msg_id: string; platform: Platform; shop: string; conversation: string; at: number; from: ChatEvent["from"]; type: ChatEvent["type"]; agent: string | null; bot: string | null; mode: "assist" | "auto" | null }>(
      sql`select msg_id, platform, shop, conversation, at, "from", type, agent, bot, mode from events`,
    );
    const chatEvents: ChatEvent[] = rows.map((r) => ({
      id: r.msg_id,
      platform: r.platform,
      shop: r.shop,
      conversation: r.conversation,
      at: r.at,
      from: r.from,
      type: r.type,
      ...(r.agent ? { agent: r.agent } : {}),
      ...(r.bot ? { bot: r.bot } : {}),
      ...(r.mode ? { mode: r.mode } : {}),
    }));
    const rulesFor = makeRulesFor({ overrides: () => shop.rules });
    compliance = summarize(computeBatch(chatEvents, rulesFor).aggregates, { to: dayNumber(now()), rulesFor });
  }

  const replyGroups = new Map<string, { platform: string; via: string; source: string; n: number; duplicates: number }>();
  for (const r of api.replies) {
    const src = (r.source as { from?: string } | undefined)?.from ?? (r.via === "kuaishou-api" ? "(API: not said)" : "?");
    const k = `${r.platform}|${r.via}|${src}`;
    const g = replyGroups.get(k) ?? { platform: r.platform, via: r.via, source: src, n: 0, duplicates: 0 };
    if (r.duplicate) g.duplicates++;
    else g.n++;
    replyGroups.set(k, g);
  }

  const pushes: Partial<Record<Platform, PushStats>> = {};
  for (const [p, s] of Object.entries(stats) as [Platform, PushStats & { lat: number[] }][]) {
    const lat = [...s.lat].sort((a, b) => a - b);
    const { lat: _lat, ...rest } = s;
    pushes[p] = { ...rest, ackMs: { p50: round(percentile(lat, 0.5)), p95: round(percentile(lat, 0.95)), max: round(lat[lat.length - 1] ?? 0) } };
  }

  const report: SimulationReport = {
    source,
    ...(warning ? { warning } : {}),
    skippedLines,
    simulatedFrom: new Date(simStart + 8 * 3600_000).toISOString().replace("Z", "+08:00"),
    simulatedTo: new Date(now() + 8 * 3600_000).toISOString().replace("Z", "+08:00"),
    realSeconds: round((Date.now() - realStart) / 1000),
    pushes,
    tmc: { published, confirmed: tmc.confirmed.length, failed: tmc.failed.length, unconfirmed: tmc.unconfirmed.length },
    decisions,
    records,
    events: eventsByFrom,
    replies: [...replyGroups.values()],
    agentReplies,
    outbox,
    rejectedByFakeApi: api.rejected,
    compliance,
    settled,
    ...(o.keepDatabase && server ? { database: config.databaseUrl } : {}),
    ...(target ? { target: base } : {}),
  };

  await server?.close();
  await tmc.close();
  await api.close();
  if (!o.keepDatabase && dir) rmSync(dir, { recursive: true, force: true });
  return report;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
