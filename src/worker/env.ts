/** What the Worker receives from wrangler.toml and `wrangler secret put`. */
import type { DurableObjectNamespace } from "@cloudflare/workers-types/latest/index.js";

export interface WorkerEnv {
  /** one Durable Object per shop (ShopObject, `SHOP.idFromName(shop)`): that shop's state, its single writer */
  SHOP: DurableObjectNamespace;
  /**
   * Optional multi-shop config: the YAML/JSON of a config file (docs/configuration.md), as a
   * [vars] text or a secret. Secrets in it are `{ env: NAME }` and come from Worker secrets.
   * Without it, the single shop `default` is read from the variables, as on Node.
   */
  FR_CONFIG?: string;
  /** every other variable and secret: GENERIC_WEBHOOK_SECRET, AGENT_TOKENS, ADMIN_TOKEN, … */
  [name: string]: unknown;
}

/** The string variables and secrets, as the config loader takes them. */
export function stringVars(env: WorkerEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === "string") out[k] = v;
  return out;
}
