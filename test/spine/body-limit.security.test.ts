/**
 * The body-size limit over a real port: a declared Content-Length is judged by the header, a
 * chunked body without one is counted as it streams. Either way an oversized body is a 413
 * and nothing of it is stored.
 */
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { buyer, createHarness, SECRET, T0, type Harness } from "../support/harness.js";

const LIMIT = 4096;
let h: Harness;
let server: ReturnType<typeof serve>;
let port: number;

beforeEach(async () => {
  h = await createHarness({ maxBodyBytes: LIMIT });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  h.close();
});

const stored = async () => (await h.ctx.db.all<{ n: number }>(sql`select count(*) n from events`))[0]!.n;

/** POSTs the body in pieces, with or without a Content-Length (without: chunked encoding). */
async function post(raw: string, opts: { declareLength: boolean }): Promise<{ status: number; body: { error?: { code: string }; accepted?: number } }> {
  const sig = await signGenericBody(SECRET, raw, Math.floor(T0 / 1000));
  const bytes = Buffer.from(raw);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/webhooks/generic/default",
        headers: { "content-type": "application/json", "x-signature": sig, ...(opts.declareLength ? { "content-length": bytes.length } : {}) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    for (let i = 0; i < bytes.length; i += 1000) req.write(bytes.subarray(i, i + 1000));
    req.end();
  });
}

describe("the body-size limit over HTTP", () => {
  for (const declareLength of [true, false]) {
    const how = declareLength ? "with a Content-Length" : "chunked, without a length";
    it(`413 over the limit ${how}, and nothing stored`, async () => {
      const res = await post(JSON.stringify(buyer("taobao", "c", T0, "很".repeat(2000))), { declareLength });
      expect(res.status).toBe(413);
      expect(res.body.error?.code).toBe("payload_too_large");
      expect(await stored()).toBe(0);
    });

    it(`a body under the limit is taken ${how}`, async () => {
      const res = await post(JSON.stringify(buyer("taobao", "c", T0, "很".repeat(1000))), { declareLength });
      expect(res.status).toBe(200);
      expect(res.body.accepted).toBe(1);
      expect(await stored()).toBe(1);
    });
  }

  it("a body exactly at the limit is taken, one byte over is not", async () => {
    const base = JSON.stringify(buyer("taobao", "c", T0, ""));
    const at = JSON.stringify(buyer("taobao", "c", T0, "x".repeat(LIMIT - Buffer.byteLength(base))));
    expect(Buffer.byteLength(at)).toBe(LIMIT);
    expect((await post(at, { declareLength: true })).status).toBe(200);
    const over = JSON.stringify(buyer("taobao", "d", T0, "x".repeat(LIMIT + 1 - Buffer.byteLength(base))));
    expect((await post(over, { declareLength: true })).status).toBe(413);
    expect((await post(over, { declareLength: false })).status).toBe(413);
  });
});
