/**
 * kill -9 under load (issue 16): `npm start`'s entry in its own process takes webhooks from
 * eight concurrent senders and is killed with SIGKILL once 100 more of them are acknowledged, twice
 * over the same database. Every acknowledged id must be stored; then, as a platform would, every
 * id sent (acknowledged or not) is posted again to a restarted server: nothing is acted on twice
 * (one decision per stored buyer message, one auto-answer each).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const SECRET = "kill9-secret";
const PORT = 18163;
const dir = mkdtempSync(join(tmpdir(), "fr-kill9-"));
const dbPath = join(dir, "fr.db");
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function startServer(): Promise<void> {
  const env = { PATH: process.env.PATH ?? "", PORT: String(PORT), DATABASE_URL: dbPath, FAQ_DIR: join(root, "faq"), GENERIC_WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: "admin", AGENT_TOKENS: "ops=ops-token" };
  child = spawn(process.execPath, ["--import", "tsx", join(root, "src/node/main.ts")], { cwd: root, env, stdio: ["ignore", "pipe", "ignore"] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start within 30 s")), 30_000);
    createInterface({ input: child!.stdout! }).on("line", (l) => {
      if (l.includes("first-responder listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

function post(event: Record<string, unknown>): Promise<Response> {
  const body = JSON.stringify(event);
  const t = Math.floor(Date.now() / 1000);
  const sig = `t=${t},v1=${createHmac("sha256", SECRET).update(`${t}.${body}`).digest("hex")}`;
  return fetch(`http://127.0.0.1:${PORT}/webhooks/generic/default`, { method: "POST", body, headers: { "content-type": "application/json", "x-signature": sig } });
}

const question = (id: string) => ({ id, platform: "kuaishou", conversation: `c-${id}`, at: Date.now(), from: "buyer", text: "什么时候发货" });

const acked = new Set<string>();
const sent = new Set<string>();

/** Eight senders until `target` more ids are acknowledged, then SIGKILL while requests are in flight. */
async function loadAndKill(round: number, target: number): Promise<void> {
  const goal = acked.size + target;
  let n = 0;
  let killed = false;
  // the process itself, not a wrapper: SIGKILL cannot be forwarded
  const exited = new Promise((r) => child!.once("exit", r));
  const sender = async (s: number) => {
    while (!killed) {
      const id = `r${round}-s${s}-${n++}`;
      sent.add(id);
      try {
        const res = await post(question(id));
        if (res.status === 200) acked.add(id);
      } catch {
        return; // the server is gone
      }
      if (acked.size >= goal && !killed) {
        killed = true;
        child!.kill("SIGKILL");
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, s) => sender(s)));
  await exited;
}

describe("kill -9 under load", () => {
  it("loses no acknowledged id and acts on none twice", async () => {
    for (let round = 0; round < 2; round++) {
      await startServer();
      await loadAndKill(round, 100);
    }
    const db = new Database(dbPath, { readonly: true });
    const stored = new Set((db.prepare("select msg_id from events where platform = 'kuaishou' and \"from\" = 'buyer'").all() as { msg_id: string }[]).map((r) => r.msg_id));
    db.close();
    expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
    expect(acked.size).toBeGreaterThanOrEqual(200);

    // the platform retries everything it sent: a restarted server takes each once
    await startServer();
    for (const id of sent) expect((await post(question(id))).status).toBe(200);
    const stopped = new Promise((r) => child!.once("exit", r));
    child!.kill("SIGTERM");
    await stopped;
    const after = new Database(dbPath, { readonly: true });
    const perEvent = after.prepare("select e.msg_id, count(d.event_seq) n from events e left join decisions d on d.event_seq = e.seq where e.platform = 'kuaishou' and e.\"from\" = 'buyer' group by e.seq").all() as { msg_id: string; n: number }[];
    const replies = after.prepare("select json_extract(payload, '$.inReplyTo') answered, count(*) n from outbox where kind = 'reply' group by answered").all() as { answered: string; n: number }[];
    after.close();
    expect(perEvent.length).toBe(sent.size);
    expect(perEvent.filter((r) => r.n !== 1)).toEqual([]);
    expect(replies.filter((r) => r.n !== 1)).toEqual([]);
    expect(replies.length).toBe(sent.size);
  }, 180_000);
});
