import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Harness } from "../support/harness.js";
import { encryptKuaishouPush } from "../../src/platforms/kuaishou/codec.js";
import { count, kuaishouEvent, platformHarness, postKuaishou } from "./http-helpers.js";
import { vectors } from "./vectors.js";

let h: Harness;
beforeEach(async () => {
  h = await platformHarness();
});
afterEach(() => h.close());

async function refused(res: Response, status: number) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body.result).toBeUndefined();
  expect(body).toHaveProperty("error");
}

describe("Kuaishou push: refused inputs never get result:1", () => {
  it("undecryptable body (another key) → 401", async () => {
    await refused(await postKuaishou(h, vectors.kuaishouPush.ciphertext256), 401);
  });
  it("not Base64 → 401", async () => {
    await refused(await postKuaishou(h, "this is not base64 at all!"), 401);
  });
  it("tampered ciphertext → 4xx", async () => {
    const b = Buffer.from(vectors.kuaishouPush.ciphertext, "base64");
    b[5]! ^= 0xff; // garbles the first block; the padding may survive, the JSON does not
    const res = await postKuaishou(h, b.toString("base64"));
    expect([400, 401]).toContain(res.status);
    expect(await count(h, "events")).toBe(0);
  });
  it("decrypts to something that is not JSON → 400", async () => {
    await refused(await postKuaishou(h, await encryptKuaishouPush("{{{", vectors.kuaishouPush.msgKey)), 400);
  });
  it("foreign appKey → 403", async () => {
    await refused(await postKuaishou(h, await kuaishouEvent({ appKey: "ks-foreign", eventId: "e", event: "kwaishop_cs_buyer_message", info: "{}" })), 403);
  });
  it("a plain JSON event (not a probe) → 401", async () => {
    await refused(await postKuaishou(h, JSON.stringify({ eventId: "e", event: "kwaishop_cs_buyer_message", appKey: vectors.kuaishouPush.appKey, info: "{}" })), 401);
    expect(await count(h, "events")).toBe(0);
  });
});
