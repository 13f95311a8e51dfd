import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { buyer, createHarness, SECRET, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const post = (raw: string, signature?: string) => h.app.request("/webhooks/generic/default", { method: "POST", body: raw, headers: signature ? { "x-signature": signature } : {} });

describe("generic webhook signature", () => {
  const raw = JSON.stringify(buyer("kuaishou", "c1", T0, "在吗"));
  const t = Math.floor(T0 / 1000);
  // computed with node:crypto, independently of the app's Web Crypto code
  const mac = (secret: string, ts: number, body: string) => createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex");

  it("accepts a signature computed independently", async () => {
    expect((await post(raw, `t=${t},v1=${mac(SECRET, t, raw)}`)).status).toBe(200);
  });

  it("401 without a signature", async () => {
    const res = await post(raw);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });

  it("401 with the wrong secret", async () => {
    expect((await post(raw, `t=${t},v1=${mac("wrong", t, raw)}`)).status).toBe(401);
  });

  it("401 when the body was changed after signing", async () => {
    expect((await post(raw.replace("在吗", "在不"), `t=${t},v1=${mac(SECRET, t, raw)}`)).status).toBe(401);
  });

  it("401 when t is more than 5 minutes away, either way; 300 s is still fine", async () => {
    for (const skew of [-301, 301]) expect((await post(raw, `t=${t + skew},v1=${mac(SECRET, t + skew, raw)}`)).status).toBe(401);
    expect((await post(raw, `t=${t - 300},v1=${mac(SECRET, t - 300, raw)}`)).status).toBe(200);
  });

  it("401 for a replayed signature with a rewritten timestamp", async () => {
    expect((await post(raw, `t=${t + 10},v1=${mac(SECRET, t, raw)}`)).status).toBe(401);
  });

  it("verifies before parsing: garbage with a bad signature is 401, not 400", async () => {
    expect((await post("{", `t=${t},v1=00`)).status).toBe(401);
  });
});
