/** The Kuaishou reply sender against the fake platform API (signature checked there, independently). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeliveryError, type OutboundReply } from "../../src/core/outbound.js";
import { kuaishouReplySender } from "../../src/platforms/kuaishou/sender.js";
import { FakePlatformApi } from "../../src/simulator/fake-platform-api.js";
import { resolveShops } from "../../src/services/context.js";
import { shopConfig } from "../support/harness.js";

const APP = { appKey: "ks683741259617381234", signSecret: "ks-sign-secret-test", accessToken: "tok-abc" };
let api: FakePlatformApi;
beforeEach(async () => {
  api = new FakePlatformApi({ kuaishou: APP });
  await api.start();
});
afterEach(() => api.close());

const reply: OutboundReply = {
  id: "fr-1",
  shop: "default",
  platform: "kuaishou",
  conversation: "buyer-7",
  text: "亲，有货的",
  source: { from: "bot", bot: "first-responder", mode: "auto" },
  createdAt: Date.now(),
};

async function shopWith(creds: Record<string, string>) {
  const config = await shopConfig("default", { credentials: { kuaishou: { msgKey: "AAECAwQFBgcICQoLDA0ODw==", ...creds } as never } });
  return resolveShops({ port: 0, databaseUrl: ":memory:", faqDir: "faq", maxBodyBytes: 1e6, shops: [config] }).get("default")!;
}

describe("Kuaishou reply sender", () => {
  for (const signMethod of ["HMAC_SHA256", "MD5"] as const) {
    it(`sends open.cs.intelligent.message.send, signed ${signMethod}`, async () => {
      const shop = await shopWith({ ...APP, apiUrl: api.url });
      await kuaishouReplySender(fetch, Date.now, { signMethod })(reply, shop);
      expect(api.rejected).toEqual([]);
      expect(api.replies).toMatchObject([{ via: "kuaishou-api", conversation: "buyer-7", text: "亲，有货的", id: "fr-1" }]);
    });
  }
  it("a wrong sign secret is refused by the API and not retried", async () => {
    const shop = await shopWith({ ...APP, signSecret: "wrong", apiUrl: api.url });
    const err = await kuaishouReplySender(fetch, Date.now)(reply, shop).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(false);
    expect(api.rejected[0]?.reason).toBe("sign invalid");
  });
  it("a 503 is retryable", async () => {
    const shop = await shopWith({ ...APP, apiUrl: api.url });
    api.failNext(1);
    const err = await kuaishouReplySender(fetch, Date.now)(reply, shop).catch((e: unknown) => e);
    expect((err as DeliveryError).retryable).toBe(true);
  });
  it("without an access token it falls back to the generic outbound webhook", async () => {
    const { accessToken: _drop, ...noToken } = APP;
    const shop = await shopWith({ ...noToken, apiUrl: api.url });
    shop.config.outboundUrl = `${api.url}/outbound`;
    await kuaishouReplySender(fetch, Date.now)(reply, shop);
    expect(api.replies).toMatchObject([{ via: "generic-webhook", conversation: "buyer-7" }]);
  });
});
