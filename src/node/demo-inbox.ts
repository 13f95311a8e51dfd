/**
 * The demo buyer inbox. A reply that cannot be delivered puts its chat back in front of a person
 * (services/undelivered.ts), and a shop without OUTBOUND_WEBHOOK_URL has nowhere to deliver: on a
 * fresh laptop's `npm start` every answer would come back as 回复发送失败. So while development
 * credentials are in use and no OUTBOUND_WEBHOOK_URL is set, `npm start` starts a receiver on
 * 127.0.0.1 (a free port) that stands in for the buyers, and points the shop's outbound webhook at it.
 *
 * It is the simulator's fake platform API (src/simulator/fake-platform-api.ts): a real HTTP
 * receiver, so the replies go out as they would in production (signed X-Signature, checked there
 * with the webhook's own verifier; Idempotency-Key, de-duplicated there), keeping the last
 * DEMO_INBOX_KEEP of them in memory; `GET <url>/outbound[?conversation=ID]` lists them.
 * The signing secret is OUTBOUND_WEBHOOK_SECRET, else one generated for this run and never logged.
 * A production start (every secret from the environment, or a config file) never gets one.
 */
import { randomBytes } from "node:crypto";
import type { Env } from "../config/load.js";
import { FakePlatformApi } from "../simulator/fake-platform-api.js";

/** replies (and rejected requests) the inbox keeps in memory, the oldest dropped */
export const DEMO_INBOX_KEEP = 200;

export interface DemoInbox {
  /** its base URL; the replies arrive at `${url}/outbound` */
  url: string;
  /** the environment with OUTBOUND_WEBHOOK_URL pointing at the inbox and OUTBOUND_WEBHOOK_SECRET set */
  env: Env;
  close(): Promise<void>;
}

export async function startDemoInbox(env: Env): Promise<DemoInbox> {
  const secret = env.OUTBOUND_WEBHOOK_SECRET || randomBytes(24).toString("base64url");
  const api = new FakePlatformApi({ outboundSecret: secret, keep: DEMO_INBOX_KEEP });
  const url = await api.start();
  return { url, env: { ...env, OUTBOUND_WEBHOOK_URL: `${url}/outbound`, OUTBOUND_WEBHOOK_SECRET: secret }, close: () => api.close() };
}
