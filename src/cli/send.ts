/**
 * `npm run send -- <platform> "<buyer message>" [--shop ID] [--buyer ID] [--url URL]`
 * Sends one signed buyer message to a running server and prints what it decided, and whether the
 * bot's answer reached the buyer (the server's outbox, waited on for a few seconds).
 * Secrets: GENERIC_WEBHOOK_SECRET / ADMIN_TOKEN, else the development credentials that
 * `npm start` generated beside the database.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { platformIds, type Platform } from "../core/events.js";
import { signGenericBody } from "../core/generic-signature.js";
import { DEFAULTS } from "../config/load.js";
import { devCredentialsPath, type DevCredentials } from "../node/dev-credentials.js";

const USAGE = 'usage: npm run send -- <taobao|douyin|kuaishou> "<buyer message>" [--shop default] [--buyer demo-buyer] [--url http://127.0.0.1:8787]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function credentials(): { secret: string; admin?: string } {
  const dev = devCredentialsPath(process.env.DATABASE_URL || DEFAULTS.databaseUrl);
  const creds = existsSync(dev) ? (JSON.parse(readFileSync(dev, "utf8")) as DevCredentials) : undefined;
  const secret = process.env.GENERIC_WEBHOOK_SECRET || creds?.genericWebhookSecret;
  if (!secret) fail(`no webhook secret: set GENERIC_WEBHOOK_SECRET (or start the server once with npm start to create ${dev})`);
  return { secret, admin: process.env.ADMIN_TOKEN || creds?.adminToken };
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { shop: { type: "string", default: "default" }, buyer: { type: "string", default: "demo-buyer" }, url: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    // an unknown or incomplete option: say which, with the usage, not a stack trace
    fail((e as Error).message.split(". ")[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\nSends one signed buyer message to a running server (npm start) and prints its decision.\n`);
    return;
  }
  const [platform, text] = positionals;
  if (!platform || !(platformIds() as readonly string[]).includes(platform)) fail(`first argument must be one of ${platformIds().join(", ")}`);
  if (!text) fail("second argument: the buyer's message");
  const base = values.url ?? process.env.FR_URL ?? `http://127.0.0.1:${process.env.PORT || DEFAULTS.port}`;
  const { secret, admin } = credentials();

  const id = `send-${Date.now()}`;
  const event = { id, platform: platform as Platform, conversation: values.buyer, at: Date.now(), from: "buyer", text };
  const body = JSON.stringify(event);
  let res: Response;
  try {
    res = await fetch(`${base}/webhooks/generic/${values.shop}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-signature": await signGenericBody(secret, body, Math.floor(Date.now() / 1000)) },
    });
  } catch {
    fail(`cannot reach ${base}: is the server running (npm start)?`);
  }
  const answer = await res.text();
  if (!res.ok) fail(`${res.status}: ${answer}`);
  console.log(`→ ${platform} · shop ${values.shop} · buyer ${values.buyer}: ${text}`);

  if (!admin) return console.log(`  accepted: ${answer} (set ADMIN_TOKEN to see the decision)`);
  const d = await fetch(`${base}/api/admin/decisions?shop=${encodeURIComponent(values.shop)}&message=${id}`, { headers: { authorization: `Bearer ${admin}` } });
  const [decision] = ((await d.json()) as { decisions?: Record<string, any>[] }).decisions ?? [];
  if (!decision) return console.log(`  accepted: ${answer}`);
  // "confident" is the matcher's view of the text alone; when the decision offers no answer
  // ("对" read as not a question) saying so beside a route would read as advice the agent gets
  const offered = decision.action === "auto-answer" || Boolean(decision.answer);
  const faq = decision.faq ? ` · FAQ ${decision.faq.id} (score ${Number(decision.faq.score).toFixed(2)}${decision.faq.confident && offered ? ", confident" : ""}${offered ? "" : ", not offered"})` : "";
  if (decision.action === "auto-answer") {
    console.log(`✓ answered now by the bot (${decision.reason})${faq}\n  ${decision.answer}`);
    console.log(await delivery(base, admin, values.shop, values.buyer, decision.answer));
  } else {
    console.log(`⇢ routed to a human (${decision.reason})${faq}`);
    console.log(decision.clockRuns ? `  deadline ${decision.deadlineAt}` : "  outside the assessed window: no clock runs");
    console.log(decision.answer ? `  suggestion: ${decision.answer}` : "  no suggestion for the agent");
    if (decision.instantSent) console.log("  (the instant answer was also sent; it does not count on Douyin)");
  }
}

const DELIVERY_WAIT_MS = 3_000;

/**
 * What became of the bot's answer: the newest outbox reply to this buyer with its text (enqueued
 * with the decision just read, so it is this one), polled until it is sent or failed.
 */
async function delivery(base: string, admin: string, shop: string, buyer: string, text: string): Promise<string> {
  const until = Date.now() + DELIVERY_WAIT_MS;
  let item: { status: string; reason: string | null } | undefined;
  for (;;) {
    const res = await fetch(`${base}/api/admin/outbox?shop=${encodeURIComponent(shop)}`, { headers: { authorization: `Bearer ${admin}` } });
    const { items = [] } = (await res.json()) as { items?: { kind: string; conversation?: string; text?: string; status: string; reason: string | null }[] };
    item = items.find((i) => i.kind === "reply" && i.conversation === buyer && i.text === text);
    if (!item || item.status === "sent" || item.status === "failed" || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!item) return "  (its delivery is not in the outbox)";
  if (item.status === "sent") return "  ✓ delivered to the buyer";
  const hint = item.reason === "no-destination" ? "; set OUTBOUND_WEBHOOK_URL" : "";
  if (item.status === "failed") return `  ✗ not delivered (${item.reason}${hint}): the chat is back with a person as 回复发送失败`;
  if (item.reason) return `  … not delivered yet (${item.reason}): retrying; the chat is back with a person as 回复未送达（正在重试）`;
  return `  … still being delivered (${item.status})`;
}

main().catch((e: unknown) => fail(`send failed: ${(e as Error).message}`));
