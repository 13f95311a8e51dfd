/** The attention settings' HTTP tests: a harness with two shops, and the admin's PUT. */
import { createHarness, shopConfig, type Harness } from "../support/harness.js";

export async function attentionHarness(): Promise<Harness> {
  return createHarness({ shops: [await shopConfig("default"), await shopConfig("other", { platforms: ["douyin"] })] });
}

export const putAttention = (h: Harness, body: unknown, shop = "default") => h.admin(shop, "/attention", { method: "PUT", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
