/**
 * A fresh laptop has no secrets in its environment. So that `npm install && npm start` works
 * at once, the single env shop gets generated development credentials for whatever is unset,
 * kept beside the database (mode 0600) so that `npm run send` and the consoles can use them.
 * Their values are never logged; set the environment variables to replace them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import type { Env } from "../config/load.js";

export interface DevCredentials {
  genericWebhookSecret: string;
  adminToken: string;
  agentTokens: Record<string, string>;
}

export function devCredentialsPath(databaseUrl: string): string {
  return join(dirname(resolve(databaseUrl)), "dev-credentials.json");
}

export function loadOrCreateDevCredentials(databaseUrl: string): { path: string; creds: DevCredentials; created: boolean } {
  const path = devCredentialsPath(databaseUrl);
  if (existsSync(path)) return { path, creds: JSON.parse(readFileSync(path, "utf8")) as DevCredentials, created: false };
  const token = () => randomBytes(18).toString("base64url");
  const creds: DevCredentials = { genericWebhookSecret: token(), adminToken: token(), agentTokens: { xiaomei: token(), xiaowang: token() } };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  return { path, creds, created: true };
}

const SECRETS = ["GENERIC_WEBHOOK_SECRET", "ADMIN_TOKEN", "AGENT_TOKENS"] as const;

/** The secrets development credentials would fill; none: production, nothing is generated. */
export function unsetSecrets(env: Env): string[] {
  return SECRETS.filter((name) => !env[name]);
}

/** The environment with development credentials filling only what is unset. */
export function withDevCredentials(env: Env, creds: DevCredentials): { env: Env; filled: string[] } {
  const filled: string[] = [];
  const out = { ...env };
  if (!out.GENERIC_WEBHOOK_SECRET) {
    out.GENERIC_WEBHOOK_SECRET = creds.genericWebhookSecret;
    filled.push("GENERIC_WEBHOOK_SECRET");
  }
  if (!out.ADMIN_TOKEN) {
    out.ADMIN_TOKEN = creds.adminToken;
    filled.push("ADMIN_TOKEN");
  }
  if (!out.AGENT_TOKENS) {
    out.AGENT_TOKENS = Object.entries(creds.agentTokens)
      .map(([id, t]) => `${id}=${t}`)
      .join(",");
    filled.push("AGENT_TOKENS");
  }
  return { env: out, filled };
}
