/**
 * The platform envelopes inside workerd: the same known-answer vectors as test/platforms
 * (computed with openssl, test/fixtures/platforms/make-vectors.sh), proving the core runs on
 * Workers (Web Crypto AES-CBC/HMAC, @noble MD5), and the platform webhooks of the deployed
 * Worker answering a shop without credentials with 503.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import vectors from "../fixtures/platforms/vectors.json";
import { utf8 } from "../../src/core/platforms/crypto.js";
import { douyinEventSign } from "../../src/platforms/douyin/codec.js";
import { decryptKuaishouPush, encryptKuaishouPush, kuaishouSign } from "../../src/platforms/kuaishou/codec.js";
import { TmcMessageType, encodeTmcFrame } from "../../src/platforms/taobao/tmc-frames.js";
import { tmcConnectSign, topSign } from "../../src/platforms/taobao/top-sign.js";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

describe("platform envelopes in workerd", () => {
  it("Douyin event-sign", () => {
    const v = vectors.douyin;
    expect(douyinEventSign(v.appKey, utf8(v.body), v.appSecret)).toBe(v.eventSign);
  });
  it("Kuaishou AES-CBC both ways, 128 and 256-bit keys", async () => {
    const v = vectors.kuaishouPush;
    expect(await decryptKuaishouPush(v.ciphertext, v.msgKey)).toBe(v.plaintext);
    expect(await decryptKuaishouPush(v.ciphertext256, v.msgKey256)).toBe(v.plaintext);
    expect(await encryptKuaishouPush(v.plaintext, v.msgKey)).toBe(v.ciphertext);
  });
  it("Kuaishou API sign, MD5 and HMAC_SHA256", async () => {
    const v = vectors.kuaishouSign;
    const base = { access_token: v.accessToken, appkey: v.appKey, method: "open.cs.intelligent.message.send", param: v.param, timestamp: v.timestamp, version: 1 };
    expect(await kuaishouSign({ ...base, signMethod: "MD5" }, v.signSecret, "MD5")).toBe(v.md5);
    expect(await kuaishouSign({ ...base, signMethod: "HMAC_SHA256" }, v.signSecret, "HMAC_SHA256")).toBe(v.hmacSha256);
  });
  it("TOP sign and the TMC CONNECT frame", () => {
    const t = vectors.topSign;
    const params = { app_key: t.appKey, format: "json", group_name: "default", method: "taobao.tmc.messages.consume", quantity: 100, timestamp: t.timestamp, v: "2.0" };
    expect(topSign({ ...params, sign_method: "hmac" }, t.appSecret, "hmac")).toBe(t.hmac);
    const m = vectors.tmc;
    const sign = tmcConnectSign(m.appKey, "default", m.timestamp, m.appSecret);
    expect(sign).toBe(m.connectSign);
    expect(hex(encodeTmcFrame({ messageType: TmcMessageType.CONNECT, content: { app_key: m.appKey, group_name: "default", timestamp: m.timestamp, sign } }))).toBe(m.connectFrameHex);
  });
  it("the Worker's platform webhooks answer 503 for a shop without credentials", async () => {
    const dy = await SELF.fetch("https://fr.example/webhooks/douyin/default", { method: "POST", body: "[]", headers: { "app-id": "x", "event-sign": "y" } });
    expect(dy.status).toBe(503);
    const ks = await SELF.fetch("https://fr.example/webhooks/kuaishou/default", { method: "POST", body: '{"test":true}', headers: { "content-type": "text/plain" } });
    expect(ks.status).toBe(503);
    expect(await ks.json()).toMatchObject({ error: { code: "not_configured" } });
  });
});
