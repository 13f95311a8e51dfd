/**
 * Nothing leaves before the commit that records it (issue 16). The real Node server (group
 * commit, outbox loop, storage worker) posts replies to a real local HTTP receiver; a unit is
 * made to fail or to linger after its reply row is written, by a hook on ctx.afterStore that
 * runs after each stored event. The receiver checks every Idempotency-Key against the
 * database through a second SQLite connection, which sees only committed rows. The issue's own
 * poison batch (a FAQ question beside a 5,000-deep unknown field) is refused whole before any unit.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../../src/config/load.js";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { startNodeServer, type NodeServer } from "../../src/node/server.js";
import { silentLogger } from "../../src/services/context.js";
import { DEFAULT_SCRIPT, scriptedFaq } from "../support/harness.js";
import { startReceiver } from "../support/receiver.js";

const SECRET = "outbox-commit-secret";
let server: NodeServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let reader: Database.Database;
let dir: string;
/** per delivered Idempotency-Key: was its outbox row committed when the request arrived? */
const committedOnArrival = new Map<string, boolean>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "fr-outbox-commit-"));
  const dbPath = join(dir, "fr.db");
  receiver = await startReceiver((r) => {
    const key = String(r.headers["idempotency-key"]);
    const row = reader.prepare("select 1 from outbox where dedupe_key = ?").get(`reply:${key}`);
    committedOnArrival.set(key, row !== undefined);
    return { status: 200 };
  });
  const config = await configFromEnv({ GENERIC_WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: "admin", DATABASE_URL: dbPath, OUTBOUND_WEBHOOK_URL: `${receiver.url}/replies` });
  server = await startNodeServer(config, { port: 0, host: "127.0.0.1", log: silentLogger, faq: scriptedFaq(DEFAULT_SCRIPT), taobaoTmc: false });
  reader = new Database(dbPath, { readonly: true });
  server.ctx.afterStore.push(async (_ctx, _shop, e) => {
    if (e.id.startsWith("poison-")) throw new Error("injected failure after the reply row is written");
    // a unit that stays open a while after its reply row: a send from inside it would land now
    if (e.id.startsWith("slow-")) await new Promise((r) => setTimeout(r, 40));
  });
});
afterAll(async () => {
  await server.close();
  reader.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(events: Record<string, unknown>[]) {
  const body = JSON.stringify(events);
  const sig = await signGenericBody(SECRET, body, Math.floor(Date.now() / 1000));
  return fetch(`${server.url}/webhooks/generic/default`, { method: "POST", body, headers: { "content-type": "application/json", "x-signature": sig } });
}

const question = (id: string, conversation: string) => ({ id, platform: "kuaishou", conversation, at: new Date().toISOString(), from: "buyer", text: "什么时候发货" });
const note = (id: string, conversation: string) => ({ id, platform: "kuaishou", conversation, at: new Date().toISOString(), from: "system", text: "系统提示" });

async function deliveredFor(conversation: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!receiver.received.some((r) => JSON.parse(r.body).conversation === conversation)) {
    if (Date.now() > until) throw new Error(`no reply delivered for ${conversation}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("outbox after commit", () => {
  it("a batch [FAQ question, failing event] posted 5 times: 5 × 500, 0 deliveries, nothing stored", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await post([question("q-poisoned", "poisoned"), note(`poison-${i}`, "poisoned")]);
      expect(res.status).toBe(500);
    }
    // a healthy message afterwards: once its reply has arrived, the outbox has passed by
    expect((await post([question("q-control", "control")])).status).toBe(200);
    await deliveredFor("control");
    const conversations = receiver.received.map((r) => JSON.parse(r.body).conversation);
    expect(conversations).toEqual(["control"]);
    expect(reader.prepare("select count(*) n from events where conversation = 'poisoned'").get()).toEqual({ n: 0 });
    expect(reader.prepare("select count(*) n from outbox where payload like '%poisoned%'").get()).toEqual({ n: 0 });
  });

  it("the issue's own poison batch [FAQ question, 5,000-deep unknown field] posted 5 times: 5 × 400, 0 deliveries", async () => {
    // built as text: JSON.stringify of such a value would itself overflow the stack
    const deep = `${'{"k":'.repeat(5000)}1${"}".repeat(5000)}`;
    const body = `[${JSON.stringify(question("q-deep", "deep-poisoned"))},{"id":"deep","platform":"kuaishou","conversation":"deep-poisoned","at":"${new Date().toISOString()}","from":"buyer","text":"x","payload":${deep}}]`;
    for (let i = 0; i < 5; i++) {
      const sig = await signGenericBody(SECRET, body, Math.floor(Date.now() / 1000));
      const res = await fetch(`${server.url}/webhooks/generic/default`, { method: "POST", body, headers: { "content-type": "application/json", "x-signature": sig } });
      expect(res.status).toBe(400);
    }
    expect((await post([question("q-control-2", "control-2")])).status).toBe(200);
    await deliveredFor("control-2");
    expect(receiver.received.filter((r) => JSON.parse(r.body).conversation === "deep-poisoned")).toEqual([]);
    expect(reader.prepare("select count(*) n from events where conversation = 'deep-poisoned'").get()).toEqual({ n: 0 });
  });

  it("every reply's row is committed before its request reaches the receiver, also while units linger", async () => {
    const before = receiver.received.length;
    const posts: Promise<Response>[] = [];
    for (let i = 0; i < 20; i++) posts.push(post([question(`q-${i}`, `c-${i}`), note(`slow-${i}`, `c-${i}`)]));
    for (const res of await Promise.all(posts)) expect(res.status).toBe(200);
    for (let i = 0; i < 20; i++) await deliveredFor(`c-${i}`);
    const keys = receiver.received.slice(before).map((r) => String(r.headers["idempotency-key"]));
    expect(keys).toHaveLength(20);
    expect(keys.filter((k) => committedOnArrival.get(k) !== true)).toEqual([]);
  });
});
