/**
 * kill -9 under load, shared by the test (test/spine/kill9.security.test.ts, KILL_ROUNDS,
 * default 2) and `npm run bench:crash` (10 rounds, figures printed): `npm start`'s entry in its
 * own process takes webhooks from eight concurrent senders and is killed with SIGKILL once
 * `perRound` more of them are acknowledged, `rounds` times over the same database. Its replies
 * go to a local outbound receiver (127.0.0.1) that records each delivery's Idempotency-Key and
 * the buyer message it answers. Then, as a platform would, every id sent (acknowledged or not)
 * is posted again to a restarted server, which is left to deliver its outbox before it stops.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";

const root = join(import.meta.dirname, "../..");
const SECRET = "kill9-secret";

export interface CrashOutcome {
  rounds: number;
  sent: number;
  acked: number;
  /** acknowledged ids not stored */
  lost: string[];
  /** stored buyer messages without exactly one decision */
  decisionsNotOne: string[];
  /** buyer messages with more than one reply row in the outbox */
  doubleReplyRows: string[];
  /** buyer messages whose reply reached the receiver under more than one Idempotency-Key */
  doubleDeliveries: string[];
  /** Idempotency-Keys delivered that no committed outbox row holds */
  deliveredNotCommitted: string[];
  /** deliveries received (a re-send of the same key after a crash counts again) */
  deliveries: number;
  /** reply rows still not delivered when the last server stopped */
  undelivered: number;
  storedBuyerMessages: number;
  replyRows: number;
  seconds: number;
}

interface Receiver {
  url: string;
  keysByMessage: Map<string, Set<string>>;
  keys: Set<string>;
  count: number;
  server: Server;
}

function startReceiver(): Promise<Receiver> {
  const r = { keysByMessage: new Map<string, Set<string>>(), keys: new Set<string>(), count: 0 } as Receiver;
  r.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"] ?? "");
      const reply = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { inReplyTo?: string };
      r.count++;
      r.keys.add(key);
      const answered = reply.inReplyTo ?? "";
      let set = r.keysByMessage.get(answered);
      if (!set) r.keysByMessage.set(answered, (set = new Set()));
      set.add(key);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return new Promise((resolve) =>
    r.server.listen(0, "127.0.0.1", () => {
      r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/replies`;
      resolve(r);
    }),
  );
}

export async function runCrashRounds(opts: { rounds: number; perRound: number; port: number; log?: (line: string) => void }): Promise<CrashOutcome> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "fr-kill9-"));
  const dbPath = join(dir, "fr.db");
  const receiver = await startReceiver();
  let child: ChildProcess | undefined;
  const acked = new Set<string>();
  const sent = new Set<string>();

  async function startServer(): Promise<void> {
    const env = {
      PATH: process.env.PATH ?? "",
      PORT: String(opts.port),
      DATABASE_URL: dbPath,
      FAQ_DIR: join(root, "faq"),
      GENERIC_WEBHOOK_SECRET: SECRET,
      ADMIN_TOKEN: "admin",
      AGENT_TOKENS: "ops=ops-token",
      OUTBOUND_WEBHOOK_URL: receiver.url,
    };
    // the process itself, not a wrapper: SIGKILL cannot be forwarded
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

  const post = (event: Record<string, unknown>): Promise<Response> => {
    const body = JSON.stringify(event);
    const t = Math.floor(Date.now() / 1000);
    const sig = `t=${t},v1=${createHmac("sha256", SECRET).update(`${t}.${body}`).digest("hex")}`;
    return fetch(`http://127.0.0.1:${opts.port}/webhooks/generic/default`, { method: "POST", body, headers: { "content-type": "application/json", "x-signature": sig } });
  };
  // Kuaishou counts a bot's answer: every question is auto-answered, so every message has a reply to lose or double
  const question = (id: string) => ({ id, platform: "kuaishou", conversation: `c-${id}`, at: Date.now(), from: "buyer", text: "什么时候发货" });

  async function loadAndKill(round: number): Promise<void> {
    const goal = acked.size + opts.perRound;
    let n = 0;
    let killed = false;
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

  const pendingReplies = () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return (db.prepare("select count(*) n from outbox where kind = 'reply' and status != 'sent'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  try {
    for (let round = 0; round < opts.rounds; round++) {
      await startServer();
      await loadAndKill(round);
      opts.log?.(`round ${round + 1}/${opts.rounds}: killed with ${acked.size} ids acknowledged so far (${sent.size} sent)`);
    }
    const db = new Database(dbPath, { readonly: true });
    const stored = new Set((db.prepare("select msg_id from events where platform = 'kuaishou' and \"from\" = 'buyer'").all() as { msg_id: string }[]).map((r) => r.msg_id));
    db.close();
    const lost = [...acked].filter((id) => !stored.has(id));

    // the platform retries everything it sent: a restarted server takes each once
    await startServer();
    for (const id of sent) {
      const res = await post(question(id));
      if (res.status !== 200) throw new Error(`re-posting ${id} answered ${res.status}`);
    }
    // let it deliver what its outbox holds (bounded: 60 s)
    for (const until = Date.now() + 60_000; pendingReplies() > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 250));
    const stopped = new Promise((r) => child!.once("exit", r));
    child!.kill("SIGTERM");
    await stopped;
    child = undefined;

    const after = new Database(dbPath, { readonly: true });
    const perEvent = after.prepare("select e.msg_id, count(d.event_seq) n from events e left join decisions d on d.event_seq = e.seq where e.platform = 'kuaishou' and e.\"from\" = 'buyer' group by e.seq").all() as {
      msg_id: string;
      n: number;
    }[];
    const replies = after.prepare("select json_extract(payload, '$.inReplyTo') answered, count(*) n from outbox where kind = 'reply' group by answered").all() as { answered: string; n: number }[];
    const committedKeys = new Set((after.prepare("select json_extract(payload, '$.id') id from outbox where kind = 'reply'").all() as { id: string }[]).map((r) => r.id));
    const undelivered = (after.prepare("select count(*) n from outbox where kind = 'reply' and status != 'sent'").get() as { n: number }).n;
    after.close();
    return {
      rounds: opts.rounds,
      sent: sent.size,
      acked: acked.size,
      lost,
      decisionsNotOne: perEvent.filter((r) => r.n !== 1).map((r) => r.msg_id),
      doubleReplyRows: replies.filter((r) => r.n !== 1).map((r) => r.answered),
      doubleDeliveries: [...receiver.keysByMessage].filter(([, keys]) => keys.size > 1).map(([m]) => m),
      deliveredNotCommitted: [...receiver.keys].filter((k) => !committedKeys.has(k)),
      deliveries: receiver.count,
      undelivered,
      storedBuyerMessages: perEvent.length,
      replyRows: replies.reduce((s, r) => s + r.n, 0),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    child?.kill("SIGKILL");
    await new Promise((r) => receiver.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
}
