/**
 * The shop's Durable Object as the single writer (issue 14's target), inside workerd: a crash
 * injected before each write of a unit (webhook batch, agent action, escalation sweep, fold)
 * leaves nothing of that unit; the escalation notice is written in the same unit as the
 * escalation row.
 *
 * Issue 14's other shop-object targets have files of their own, so each runs in its own
 * workerd runner with fresh storage: shop-object-concurrency.test.ts (8 and 32 buyer messages
 * at once) and shop-object-stats-race.test.ts (stats readers racing 450 webhooks).
 */
import type { DurableObjectStorage } from "@cloudflare/workers-types/latest/index.js";
import { describe, expect, it } from "vitest";
import type { ChatEvent } from "../../src/core/events.js";
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
import { freshShopStub, inShop } from "./shop.js";

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
