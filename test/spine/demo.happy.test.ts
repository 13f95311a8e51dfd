/**
 * What a newcomer sees: the real server (temp database, the demo FAQ in faq/) answers and
 * routes the README's example messages, sent by the real `npm run send` script; the answers go
 * to the demo buyer inbox, as under `npm start` with development credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { configFromEnv } from "../../src/config/load.js";
import { startDemoInbox, type DemoInbox } from "../../src/node/demo-inbox.js";
import { startNodeServer, type NodeServer } from "../../src/node/server.js";
import { silentLogger } from "../../src/services/context.js";

const run = promisify(execFile);
let server: NodeServer;
let inbox: DemoInbox;
let dir: string;
const env = { GENERIC_WEBHOOK_SECRET: "demo-secret", ADMIN_TOKEN: "demo-admin", AGENT_TOKENS: "xiaomei=t1" };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "fr-demo-"));
  inbox = await startDemoInbox({ ...env, DATABASE_URL: join(dir, "demo.db") });
  const config = await configFromEnv(inbox.env);
  server = await startNodeServer(config, { port: 0, host: "127.0.0.1", log: silentLogger });
});
afterAll(async () => {
  await server.close();
  await inbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function send(platform: string, text: string) {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli/send.ts", platform, text, "--buyer", `buyer-${platform}`], {
    env: { ...process.env, ...env, FR_URL: server.url },
  });
  return stdout;
}

describe("the demo shop", () => {
  it("answers a Kuaishou shipping question from the demo FAQ at once", async () => {
    const out = await send("kuaishou", "什么时候发货");
    expect(out).toContain("answered now by the bot (faq-confident)");
    expect(out).toContain("发货");
    expect(out).toContain("✓ delivered to the buyer");
  });

  it("routes the same question on Douyin with the answer as a suggestion", async () => {
    const out = await send("douyin", "什么时候发货");
    expect(out).toContain("routed to a human (bot-not-counted)");
    expect(out).toContain("suggestion:");
  });

  it("routes what the FAQ does not know", async () => {
    const out = await send("kuaishou", "这款衣服是什么面料的");
    expect(out).toMatch(/routed to a human \((no-faq-match|faq-not-confident)\)/);
  });

  it("an acknowledgement is routed with no suggestion, and the matcher's guess is not presented as one", async () => {
    const out = await send("kuaishou", "对");
    expect(out).toContain("routed to a human (not-a-question)");
    expect(out).toContain("no suggestion for the agent");
    expect(out).not.toContain("confident");
  });

  it("a buyer asking for a person is routed to one, not answered", async () => {
    const out = await send("taobao", "我要找你们老板");
    expect(out).toMatch(/routed to a human \(human-requested\)/);
  });

  it("send reports a clear error when the server is not there", async () => {
    await expect(run(process.execPath, ["--import", "tsx", "src/cli/send.ts", "kuaishou", "在吗", "--url", "http://127.0.0.1:9"], { env: { ...process.env, ...env } })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("cannot reach http://127.0.0.1:9"),
    });
  });
});
