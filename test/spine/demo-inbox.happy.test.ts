/**
 * `npm start` on a fresh laptop (development credentials, no OUTBOUND_WEBHOOK_URL) delivers its
 * replies to the demo buyer inbox (src/node/demo-inbox.ts), so a bot answer settles the chat
 * instead of coming back as 回复发送失败; a production start without a URL still cannot deliver.
 * The real main.ts in a child process, a real SQLite file, real HTTP both ways.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { signGenericBody } from "../../src/core/generic-signature.js";
import type { DevCredentials } from "../../src/node/dev-credentials.js";
import { FakePlatformApi } from "../../src/simulator/fake-platform-api.js";
import { ROOT, startAndStop } from "../support/main-process.js";
import { startReceiver } from "../support/receiver.js";

const run = promisify(execFile);
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function baseEnv(): Record<string, string> {
  dir = mkdtempSync(join(tmpdir(), "fr-inbox-"));
  return { PORT: "0", DATABASE_URL: join(dir, "fr.db"), FAQ_DIR: join(ROOT, "faq") };
}

const INBOX_LINE = /demo buyer inbox on (http:\/\/127\.0\.0\.1:\d+) \(replies are delivered there; set OUTBOUND_WEBHOOK_URL to deliver elsewhere\)/;

async function signedPost(url: string, secret: string, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "x-signature": await signGenericBody(secret, body, Math.floor(Date.now() / 1000)) } });
}

/** Polls `probe` until it returns something, for at most `ms`. */
async function eventually<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`nothing within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A Kuaishou buyer asks what the demo FAQ answers confidently; returns the reply's outbox row once it settled, and the decisions. */
async function askAndSettle(base: string, secret: string, admin: string, conversation: string) {
  const res = await signedPost(`${base}/webhooks/generic/default`, secret, { id: `m-${conversation}`, platform: "kuaishou", conversation, at: Date.now(), from: "buyer", text: "什么时候发货" });
  expect(res.status).toBe(200);
  const get = async (path: string) => (await fetch(`${base}/api/admin${path}`, { headers: { authorization: `Bearer ${admin}` } })).json() as Promise<any>;
  const row = await eventually(async () => {
    const { items } = await get("/outbox?shop=default");
    return items.find((i: { conversation?: string; status: string }) => i.conversation === conversation && (i.status === "sent" || i.status === "failed"));
  });
  const { decisions } = await get(`/decisions?shop=default&conversation=${conversation}`);
  const queue = JSON.stringify(await get("/queue?shop=default"));
  return { row, reasons: (decisions as { reason: string }[]).map((d) => d.reason).sort(), queued: queue.includes(`"conversation":"${conversation}"`) };
}

describe("npm start's demo buyer inbox", () => {
  it("with development credentials and no OUTBOUND_WEBHOOK_URL: the bot's answer reaches the inbox, signed, and the chat settles", async () => {
    const env = baseEnv();
    await startAndStop(env, async (listening, logged) => {
      const inbox = logged.map((l) => INBOX_LINE.exec(l)?.[1]).find(Boolean);
      expect(inbox).toBeDefined();
      const creds = JSON.parse(readFileSync(join(dir!, "dev-credentials.json"), "utf8")) as DevCredentials;
      const { row, reasons, queued } = await askAndSettle(String(listening.url), creds.genericWebhookSecret, creds.adminToken, "k-demo");
      expect(row).toMatchObject({ status: "sent", attempts: 1, reason: null });
      expect(reasons).toEqual(["faq-confident"]); // no reply-undelivered / reply-failed
      expect(queued).toBe(false);
      const { replies } = (await (await fetch(`${inbox}/outbound?conversation=k-demo`)).json()) as { replies: { platform: string; text: string; inReplyTo?: string; duplicate: boolean }[] };
      expect(replies).toEqual([expect.objectContaining({ platform: "kuaishou", text: row.text, inReplyTo: "m-k-demo", duplicate: false })]);
      // it took the reply because the signature held: one signed with another secret is refused
      expect((await signedPost(`${inbox}/outbound`, "not-the-secret", { id: "forged", conversation: "k-demo", text: "x" })).status).toBe(401);
      expect((await signedPost(`${inbox}/outbound`, creds.genericWebhookSecret, { id: "forged", conversation: "k-demo", text: "x" })).status).toBe(401);
      expect(((await (await fetch(`${inbox}/outbound?conversation=k-demo`)).json()) as { replies: unknown[] }).replies).toHaveLength(1);
    });
  }, 60_000);

  it("with every secret from the environment and no OUTBOUND_WEBHOOK_URL: no inbox, the answer fails as no-destination, as before", async () => {
    const secrets = { GENERIC_WEBHOOK_SECRET: "prod-secret", ADMIN_TOKEN: "prod-admin", AGENT_TOKENS: "ops=prod-agent" };
    const lines = await startAndStop({ ...baseEnv(), ...secrets }, async (listening) => {
      const { row, reasons, queued } = await askAndSettle(String(listening.url), secrets.GENERIC_WEBHOOK_SECRET, secrets.ADMIN_TOKEN, "k-prod");
      expect(row).toMatchObject({ status: "failed", reason: "no-destination" });
      expect(reasons).toEqual(["faq-confident", "reply-failed"]);
      expect(queued).toBe(true);
      // and `npm run send` says so
      const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli/send.ts", "kuaishou", "什么时候发货", "--buyer", "k-prod-send"], {
        cwd: ROOT,
        env: { ...process.env, ...secrets, FR_URL: String(listening.url) },
      });
      expect(stdout).toContain("✗ not delivered (no-destination; set OUTBOUND_WEBHOOK_URL): the chat is back with a person as 回复发送失败");
    });
    expect(lines.some((l) => l.includes("demo buyer inbox"))).toBe(false);
  }, 60_000);

  it("with development credentials and OUTBOUND_WEBHOOK_URL set: no inbox, the replies go to that URL", async () => {
    const receiver = await startReceiver();
    try {
      const lines = await startAndStop({ ...baseEnv(), OUTBOUND_WEBHOOK_URL: `${receiver.url}/replies` }, async (listening) => {
        const creds = JSON.parse(readFileSync(join(dir!, "dev-credentials.json"), "utf8")) as DevCredentials;
        const { row, reasons } = await askAndSettle(String(listening.url), creds.genericWebhookSecret, creds.adminToken, "k-own");
        expect(row).toMatchObject({ status: "sent" });
        expect(reasons).toEqual(["faq-confident"]);
      });
      expect(lines.some((l) => l.includes("demo buyer inbox"))).toBe(false);
      expect(receiver.received.map((r) => r.path)).toEqual(["/replies"]);
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it("keeps only the latest replies, and forgets their Idempotency-Keys with them", async () => {
    const secret = "s";
    const api = new FakePlatformApi({ outboundSecret: secret, keep: 2 });
    const url = `${await api.start()}/outbound`;
    try {
      for (const id of ["r1", "r2", "r3", "r3"]) expect((await signedPost(url, secret, { id, conversation: "c", text: id })).status).toBe(200);
      expect(api.replies.map((r) => [r.id, r.duplicate])).toEqual([
        ["r3", false],
        ["r3", true],
      ]);
      expect((await signedPost(url, secret, { id: "r1", conversation: "c", text: "r1" })).status).toBe(200);
      expect(api.replies.at(-1)).toMatchObject({ id: "r1", duplicate: false });
    } finally {
      await api.close();
    }
  });
});
