/**
 * The shop's Durable Object as the single writer (issue 14's targets), inside workerd:
 *  - concurrent buyer messages to one conversation (8 and 32 at once, 20 trials each) leave
 *    the chat exactly as the same messages one after another do (Node's serialised units),
 *    with no 5xx;
 *  - stats readers racing 450 webhooks: every day row equals a rebuild's;
 *  - a crash injected before each write of a unit (webhook batch, agent action, escalation
 *    sweep, fold) leaves nothing of that unit; the escalation notice is written in the same
 *    unit as the escalation row.
 * Requests go through SELF, as deployed (the Worker forwards them to the object).
 */
import { SELF } from "cloudflare:test";
import type { DurableObjectStorage } from "@cloudflare/workers-types/latest/index.js";
import { beforeEach, describe, expect, it } from "vitest";
import type { ChatEvent } from "../../src/core/events.js";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { silentLogger } from "../../src/services/context.js";
import { replyToChat, transferChat } from "../../src/services/agent-actions.js";
import { setAgentOnline } from "../../src/services/chats.js";
import { syncCompliance } from "../../src/services/compliance.js";
import { sweepEscalations } from "../../src/services/escalation.js";
import { ingestEvents } from "../../src/services/ingest.js";
import { createShopRuntime } from "../../src/worker/context.js";
import migrations from "../../src/worker/migrations.generated.js";
import { durableTransact, openShopDb } from "../../src/worker/shop-db.js";
import { DEFAULT_SCRIPT, scriptedFaq, shopConfig, T0 } from "../contract/fixtures.js";
import { freshShopStub, genericEvent, inShop, SHOP, shopRows, wipeShop } from "./shop.js";

const shopStub = SHOP.get(SHOP.idFromName("default"));
beforeEach(() => wipeShop(shopStub));

async function post(events: unknown): Promise<Response> {
  const raw = JSON.stringify(events);
  const sig = await signGenericBody("worker-test-secret", raw, Math.floor(Date.now() / 1000));
  return SELF.fetch("https://fr.example/webhooks/generic/default", { method: "POST", body: raw, headers: { "content-type": "application/json", "x-signature": sig } });
}
const adminToken = { authorization: "Bearer worker-admin-token" };

/** A small deterministic shuffle (mulberry32), so a failing trial can be replayed. */
function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const CHAT_FIELDS = "status, pending_since, first_assessed_at, deadline_at, clock_runs, last_buyer_at, last_text";

describe("one conversation, many buyer messages at once", () => {
  for (const size of [8, 32]) {
    it(`${size} concurrent messages, 20 trials: the chat equals the same messages one after another; no 5xx`, { timeout: 600_000 }, async () => {
      const base = Date.now() - 60_000;
      for (let trial = 0; trial < 20; trial++) {
        const ats = shuffled(
          Array.from({ length: size }, (_, i) => base + i * 700),
          size * 100 + trial,
        );
        const statuses = await Promise.all(ats.map(async (at) => (await post(genericEvent("douyin", `conc-${size}-${trial}`, at, "我要找你们老板"))).status));
        expect(
          statuses.filter((s) => s !== 200),
          `trial ${trial}`,
        ).toEqual([]);
        // Node's answer: the same messages one after another (one batch is one unit, its events in order)
        expect((await post(ats.map((at) => genericEvent("douyin", `seq-${size}-${trial}`, at, "我要找你们老板")))).status).toBe(200);
        const [conc] = await shopRows(shopStub, `select ${CHAT_FIELDS} from chats where conversation = ?`, `conc-${size}-${trial}`);
        const [seq] = await shopRows(shopStub, `select ${CHAT_FIELDS} from chats where conversation = ?`, `seq-${size}-${trial}`);
        expect(conc, `trial ${trial}`).toEqual(seq);
        expect(conc).toMatchObject({ pending_since: base, deadline_at: base + 180_000 });
      }
      const [decided] = await shopRows<{ n: number }>(shopStub, "select count(*) n from decisions");
      expect(decided!.n).toBe(2 * 20 * size);
    });
  }
});

describe("stats readers during webhooks", () => {
  it("6 readers racing 450 webhooks: every day row equals a rebuild's", { timeout: 600_000 }, async () => {
    const now = Date.now();
    const platforms = ["douyin", "taobao", "kuaishou"];
    // 450 single-event webhooks over 30 conversations and two days: buyers, and agents answering some of them
    const hooks = Array.from({ length: 450 }, (_, i) => {
      const conversation = `s-${i % 30}`;
      const platform = platforms[i % 3]!;
      const at = now - 30 * 3_600_000 + Math.floor(i / 30) * 2 * 3_600_000 + (i % 7) * 40_000;
      return i % 4 === 3 ? genericEvent(platform, conversation, at, "在的", "human", { agent: "a1" }) : genericEvent(platform, conversation, at, "在吗");
    });
    let done = false;
    const reads: number[] = [];
    const reader = async () => {
      while (!done) {
        const res = await SELF.fetch("https://fr.example/api/stats", { headers: adminToken });
        reads.push(res.status);
        await res.arrayBuffer();
        // a dashboard refetches on live events, not in a tight loop
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const writer = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < hooks.length; i += 10) statuses.push(...(await Promise.all(hooks.slice(i, i + 10).map(async (h) => (await post(h)).status))));
      done = true;
      return statuses;
    };
    const [statuses] = await Promise.all([writer(), ...Array.from({ length: 6 }, reader)]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(reads.length).toBeGreaterThanOrEqual(6);
    expect(reads.filter((s) => s !== 200)).toEqual([]);
    await (await SELF.fetch("https://fr.example/api/stats", { headers: adminToken })).arrayBuffer();
    const daily = "select * from compliance_daily order by platform, day, rule, agent";
    const folded = await shopRows(shopStub, daily);
    expect(folded.length).toBeGreaterThan(6);
    const res = await SELF.fetch("https://fr.example/api/admin/compliance/rebuild", { method: "POST", headers: adminToken });
    expect(res.status).toBe(200);
    expect(await shopRows(shopStub, daily)).toEqual(folded);
  });
});

describe("a crash between two writes of a unit leaves no half-unit", () => {
  it("webhook batch, agent action, escalation sweep and fold: a throw before each write rolls the whole unit back", { timeout: 60_000 }, async () => {
    await inShop(freshShopStub("crash"), async (_o, state) => {
      const real = state.storage as DurableObjectStorage;
      let writes = 0;
      let crashAt = Infinity;
      let injected = false;
      // the storage as drizzle sees it: the k-th write of a unit throws
      const crashing = {
        sql: {
          exec(query: string, ...params: unknown[]) {
            if (/^\s*(insert|update|delete|replace)\b/i.test(query) && ++writes === crashAt) {
              injected = true;
              throw new Error(`injected crash before write ${writes}`);
            }
            return real.sql.exec(query, ...params);
          },
        },
        transactionSync: <T>(fn: () => T) => real.transactionSync(fn),
      } as unknown as DurableObjectStorage;
      const clock = { now: T0 };
      const shop = await shopConfig("default", { outboundUrl: "https://shop.example/replies", escalation: { leadSeconds: 60, targets: [{ kind: "dingtalk", url: "https://oapi.dingtalk.example/robot/send?access_token=x" }] } });
      const config = { port: 0, databaseUrl: "durable-object", faqDir: "bundled", maxBodyBytes: 1 << 20, shops: [shop] };
      const db = await openShopDb(crashing, migrations);
      const rt = createShopRuntime({ db, transact: durableTransact(real), config, shopId: "default", faq: scriptedFaq(DEFAULT_SCRIPT), now: () => clock.now, log: silentLogger });
      const ctx = rt.ctx;
      // the FTS5 index (events_fts and its shadow tables) is written by triggers in the same statement as events
      const tables = (real.sql.exec("select name from sqlite_master where type = 'table' and name not like '_cf_%' and name not like 'sqlite_%' and name not like 'events_fts%'").toArray() as { name: string }[]).map((t) => t.name);
      const snapshot = () => Object.fromEntries(tables.map((t) => [t, real.sql.exec(`select * from "${t}" order by rowid`).toArray()]));

      /** Runs the unit with a crash before its 1st, 2nd, … write until it completes; returns how many writes it has. */
      async function everyStep(name: string, unit: () => Promise<unknown>): Promise<number> {
        for (let k = 1; ; k++) {
          const before = snapshot();
          writes = 0;
          injected = false;
          crashAt = k;
          try {
            await unit();
          } catch (err) {
            expect(injected, `${name}: a crash that was not injected: ${String(err)}`).toBe(true);
            expect(snapshot(), `${name}: crash before write ${k}`).toEqual(before);
            continue;
          }
          crashAt = Infinity;
          expect(injected, `${name}: completed after a crash was injected`).toBe(false);
          return k - 1;
        }
      }

      const ev = (id: string, conversation: string, at: number, text: string, from: ChatEvent["from"] = "buyer", agent?: string): ChatEvent => ({
        id,
        platform: "douyin",
        shop: "default",
        conversation,
        at,
        from,
        type: "message",
        text,
        ...(agent ? { agent } : {}),
      });
      const batch = [ev("b1", "c1", T0, "什么时候发货"), ev("b2", "c2", T0, "我要找你们老板"), ev("b3", "c3", T0, "这个怎么样"), ev("h1", "c3", T0 + 5_000, "在的", "human", "a2")];
      await setAgentOnline({ ctx, input: { shop: ctx.shops.get("default")!, agentId: "a1", online: true } });
      expect(await everyStep("webhook batch", () => ingestEvents({ ctx, input: { shopId: "default", events: batch } }))).toBeGreaterThanOrEqual(8);
      const [chat] = real.sql.exec("select id, status, agent_id from chats where conversation = 'c2'").toArray() as { id: number; status: string; agent_id: string }[];
      expect(chat).toMatchObject({ status: "assigned", agent_id: "a1" });
      clock.now = T0 + 10_000;
      const theShop = ctx.shops.get("default")!;
      await setAgentOnline({ ctx, input: { shop: theShop, agentId: "a2", online: true } });
      expect(await everyStep("agent transfer", () => transferChat({ ctx, input: { shop: theShop, agent: theShop.agentsById.get("a1")!, chatId: chat!.id, to: "a2" } }))).toBeGreaterThanOrEqual(1);
      expect(await everyStep("agent reply", () => replyToChat({ ctx, input: { shop: theShop, agent: theShop.agentsById.get("a2")!, chatId: chat!.id, text: "您好" } }))).toBeGreaterThanOrEqual(2);
      await ingestEvents({ ctx, input: { shopId: "default", events: [ev("b4", "c4", T0 + 10_000, "我要找你们老板")] } });
      clock.now = T0 + 10_000 + 120_000;
      expect(await everyStep("escalation sweep", () => sweepEscalations({ ctx }))).toBeGreaterThanOrEqual(3);
      // the notice is written in the same unit as the escalation row: one each, or neither
      const esc = real.sql.exec("select id from escalations").toArray();
      const notices = real.sql.exec("select dedupe_key from outbox where kind = 'escalation'").toArray();
      expect(esc.length).toBeGreaterThan(0);
      expect(notices.map((n) => n.dedupe_key)).toEqual(esc.map((e) => `escalation:${e.id}:0`));
      expect(await everyStep("compliance fold", () => syncCompliance({ ctx }))).toBeGreaterThanOrEqual(3);
    });
  });
});
