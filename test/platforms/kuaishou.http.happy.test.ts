import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Harness } from "../support/harness.js";
import { count, kuaishouEvent, platformHarness, postKuaishou } from "./http-helpers.js";
import { vectors } from "./vectors.js";

let h: Harness;
beforeEach(async () => {
  h = await platformHarness();
});
afterEach(() => h.close());

describe("POST /webhooks/kuaishou/{shop}", () => {
  it("takes the openssl-encrypted vector and answers exactly {result:1}", async () => {
    h.clock.now = 1767751815_123; // the vector's createTime: live pushes must lie within the time window
    const res = await h.call("POST /webhooks/kuaishou/:shop", { params: { shop: "default" }, raw: vectors.kuaishouPush.ciphertext, headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"result":1}');
    const [row] = await h.ctx.db.all<{ msg_id: string; conversation: string; text: string }>(sql`select msg_id, conversation, text from events where "from" = 'buyer'`);
    expect(row).toEqual({ msg_id: "ev-0001", conversation: "buyer-7", text: "在吗？这个有货吗" });
  });

  it("answers test probes, plain and encrypted, with {result:1} and stores nothing", async () => {
    for (const body of ['{"test":true}', vectors.kuaishouPush.testProbeCiphertext]) {
      const res = await postKuaishou(h, body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ result: 1 });
    }
    expect(await count(h, "events")).toBe(0);
    expect(await count(h, "platform_records")).toBe(0);
  });

  it("de-duplicates re-deliveries on eventId (at-least-once, 5 retries)", async () => {
    const body = await kuaishouEvent({ eventId: "e-1", event: "kwaishop_cs_buyer_message", info: JSON.stringify({ buyerOpenId: "b9", text: "什么时候发货" }) });
    for (let i = 0; i < 6; i++) expect(await (await postKuaishou(h, body)).json()).toEqual({ result: 1 });
    expect(await count(h, "events", "\"from\" = 'buyer'")).toBe(1);
    expect(await count(h, "decisions")).toBe(1);
    // Kuaishou counts a bot answer: the scripted FAQ answers it, once
    expect(await count(h, "outbox")).toBe(1);
  });

  it("keeps order events as records, de-duplicated too", async () => {
    const body = await kuaishouEvent({ eventId: "e-2", event: "kwaishop_order_paySuccess", info: JSON.stringify({ oid: 2100000012345678901 }) });
    await postKuaishou(h, body);
    await postKuaishou(h, body);
    expect(await count(h, "platform_records", "category = 'order'")).toBe(1);
  });
});

describe("configured chat events", () => {
  it("credentials.kuaishou.chatEvents replaces the placeholder event name", async () => {
    const { createHarness, shopConfig } = await import("../support/harness.js");
    const { KS } = await import("./http-helpers.js");
    const h2 = await createHarness({ shops: [await shopConfig("default", { credentials: { kuaishou: { ...KS, chatEvents: ["partner_cs_msg"] } } })] });
    try {
      await postKuaishou(h2, await kuaishouEvent({ eventId: "p-1", event: "partner_cs_msg", info: JSON.stringify({ buyerOpenId: "b1", text: "在吗" }) }));
      await postKuaishou(h2, await kuaishouEvent({ eventId: "p-2", event: "kwaishop_cs_buyer_message", info: JSON.stringify({ buyerOpenId: "b1", text: "在吗" }) }));
      expect(await count(h2, "events", "\"from\" = 'buyer'")).toBe(1);
      expect(await count(h2, "platform_records", "kind = 'kwaishop_cs_buyer_message'")).toBe(1);
    } finally {
      h2.close();
    }
  });
});
