/** Forged, tampered and foreign inputs at the envelope level (the routes are tested in *.http.*.test.ts). */
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/platforms/crypto.js";
import { verifyDouyinPush } from "../../src/platforms/douyin/codec.js";
import { encryptKuaishouPush, openKuaishouPush } from "../../src/platforms/kuaishou/codec.js";
import { TmcFrameError, decodeTmcFrame } from "../../src/platforms/taobao/tmc-frames.js";
import { unhex, vectors } from "./vectors.js";

describe("Douyin push verification", () => {
  const v = vectors.douyin;
  const creds = { appKey: v.appKey, appSecret: v.appSecret };
  const ok = { appId: v.appKey, eventSign: v.eventSign, rawBody: utf8(v.body) };

  it("rejects a tampered body (one byte)", () => {
    const tampered = v.body.replace("buyer-42", "buyer-43");
    expect(verifyDouyinPush({ ...ok, rawBody: utf8(tampered) }, creds).ok).toBe(false);
  });
  it("rejects a re-serialised body (whitespace differs, same JSON)", () => {
    const reserialised = JSON.stringify(JSON.parse(v.body), null, 1);
    expect(verifyDouyinPush({ ...ok, rawBody: utf8(reserialised) }, creds).ok).toBe(false);
  });
  it("rejects a forged sign made without the secret", () => {
    const r = verifyDouyinPush({ ...ok, eventSign: "0".repeat(32) }, creds);
    expect(r).toEqual({ ok: false, reason: "event-sign does not match" });
  });
  it("rejects a sign computed with another secret", () => {
    expect(verifyDouyinPush(ok, { appKey: v.appKey, appSecret: "another-secret" }).ok).toBe(false);
  });
  it("rejects a wrong app-id even with a valid sign", () => {
    expect(verifyDouyinPush({ ...ok, appId: "7000000000000000000" }, creds)).toEqual({ ok: false, reason: "app-id is not this shop's app key" });
  });
  it("rejects missing headers", () => {
    expect(verifyDouyinPush({ ...ok, eventSign: undefined }, creds).ok).toBe(false);
    expect(verifyDouyinPush({ ...ok, appId: "" }, creds).ok).toBe(false);
  });
});

describe("Kuaishou push authentication", () => {
  const v = vectors.kuaishouPush;
  const creds = { appKey: v.appKey, msgKey: v.msgKey };

  it("opens the vector", async () => {
    const r = await openKuaishouPush(v.ciphertext, creds);
    expect(r.kind).toBe("event");
    if (r.kind === "event") {
      expect(r.message.eventId).toBe("ev-0001");
      expect(r.message.event).toBe("kwaishop_cs_buyer_message");
      expect(r.message.createTime).toBe(1767751815123);
    }
  });
  it("refuses a body encrypted under another key", async () => {
    const r = await openKuaishouPush(v.ciphertext256, creds);
    expect(r.kind).toBe("rejected");
  });
  it("refuses a tampered ciphertext", async () => {
    const b = Buffer.from(v.ciphertext, "base64");
    b[b.length - 1]! ^= 0x01;
    const r = await openKuaishouPush(b.toString("base64"), creds);
    expect(r.kind).toBe("rejected");
  });
  it("refuses non-Base64 and truncated bodies", async () => {
    expect((await openKuaishouPush("%%% not base64 %%%", creds)).kind).toBe("rejected");
    expect((await openKuaishouPush(v.ciphertext.slice(0, 20), creds)).kind).toBe("rejected");
    expect((await openKuaishouPush("", creds)).kind).toBe("rejected");
  });
  it("refuses a foreign appKey (403)", async () => {
    const foreign = await encryptKuaishouPush(v.plaintext.replace(v.appKey, "ks000000000000000000"), v.msgKey);
    expect(await openKuaishouPush(foreign, creds)).toEqual({ kind: "rejected", status: 403, reason: "appKey is not this shop's app" });
  });
  it("refuses decrypted text that is not JSON (400)", async () => {
    const r = await openKuaishouPush(await encryptKuaishouPush("not json at all", v.msgKey), creds);
    expect(r).toMatchObject({ kind: "rejected", status: 400 });
  });
  it("refuses a plain JSON event: only probes may be plain", async () => {
    const r = await openKuaishouPush(v.plaintext, creds);
    expect(r).toMatchObject({ kind: "rejected", status: 401 });
  });
  it("answers test probes, plain and encrypted", async () => {
    expect(await openKuaishouPush('{"test":true}', creds)).toEqual({ kind: "probe" });
    expect(await openKuaishouPush(v.testProbeCiphertext, creds)).toEqual({ kind: "probe" });
    expect(await openKuaishouPush('{"test":true,"appKey":"someone-else"}', creds)).toMatchObject({ kind: "rejected", status: 403 });
  });
});

describe("TMC frame decoding of damaged input", () => {
  it("throws TmcFrameError on truncation, never reads past the end", () => {
    const full = unhex(vectors.tmc.sendFrameHex);
    for (const cut of [1, 2, 3, 10, full.length - 1]) {
      expect(() => decodeTmcFrame(full.subarray(0, cut))).toThrow(TmcFrameError);
    }
  });
  it("throws on an unknown header type or value format", () => {
    expect(() => decodeTmcFrame(new Uint8Array([2, 2, 9, 0]))).toThrow(TmcFrameError);
    expect(() => decodeTmcFrame(new Uint8Array([2, 2, 1, 0, 1, 0, 0, 0, 0x61, 42, 0, 0]))).toThrow(/format 42/);
  });
});
