/**
 * Known-answer tests: every signature and cipher of docs/platforms.md against vectors
 * computed independently with openssl / python struct (test/fixtures/platforms/make-vectors.sh).
 */
import { describe, expect, it } from "vitest";
import { fromBase64, hmacMd5Hex, md5Hex, toBase64, utf8 } from "../../src/core/platforms/crypto.js";
import { douyinEventSign, verifyDouyinPush } from "../../src/platforms/douyin/codec.js";
import { buildKuaishouApiRequest, decryptKuaishouPush, encryptKuaishouPush, kuaishouSign, kuaishouSignString } from "../../src/platforms/kuaishou/codec.js";
import { TmcKind, TmcMessageType, decodeTmcFrame, encodeTmcFrame, tmcKind } from "../../src/platforms/taobao/tmc-frames.js";
import { buildTopRequest, tmcConnectSign, topSign, topTimestamp } from "../../src/platforms/taobao/top-sign.js";
import { hex, unhex, vectors } from "./vectors.js";

describe("primitives against RFC vectors", () => {
  it("MD5 (RFC 1321)", () => {
    expect(md5Hex("")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(md5Hex("abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
  });
  it("HMAC-MD5 (RFC 2104 test 2)", () => {
    expect(hmacMd5Hex("Jefe", "what do ya want for nothing?")).toBe("750c783e6ab0b503eaa86e310a5db738");
  });
  it("Base64 round trip and strictness", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 31, 32, 33]) {
      const b = new Uint8Array(n).map((_, i) => (i * 37 + 11) & 255);
      expect(toBase64(b)).toBe(Buffer.from(b).toString("base64"));
      expect(fromBase64(toBase64(b))).toEqual(b);
    }
    expect(fromBase64("not base64!")).toBeUndefined();
  });
});

describe("Douyin event-sign", () => {
  const v = vectors.douyin;
  it("is lowercase hex MD5(app_key + raw_body + app_secret)", () => {
    expect(douyinEventSign(v.appKey, utf8(v.body), v.appSecret)).toBe(v.eventSign);
  });
  it("verifies the vector, in either hex case", () => {
    const creds = { appKey: v.appKey, appSecret: v.appSecret };
    expect(verifyDouyinPush({ appId: v.appKey, eventSign: v.eventSign, rawBody: utf8(v.body) }, creds)).toEqual({ ok: true });
    expect(verifyDouyinPush({ appId: v.appKey, eventSign: v.eventSign.toUpperCase(), rawBody: utf8(v.body) }, creds)).toEqual({ ok: true });
  });
});

describe("Kuaishou push cipher (AES-CBC/PKCS5, zero IV)", () => {
  const v = vectors.kuaishouPush;
  it("decrypts the openssl ciphertext (128-bit key)", async () => {
    expect(await decryptKuaishouPush(v.ciphertext, v.msgKey)).toBe(v.plaintext);
  });
  it("decrypts the openssl ciphertext (256-bit key)", async () => {
    expect(await decryptKuaishouPush(v.ciphertext256, v.msgKey256)).toBe(v.plaintext);
  });
  it("encrypts to the same bytes as openssl", async () => {
    expect(await encryptKuaishouPush(v.plaintext, v.msgKey)).toBe(v.ciphertext);
    expect(await encryptKuaishouPush('{"test":true}', v.msgKey)).toBe(v.testProbeCiphertext);
  });
});

describe("Kuaishou API sign", () => {
  const v = vectors.kuaishouSign;
  const base = { access_token: v.accessToken, appkey: v.appKey, method: "open.cs.intelligent.message.send", param: v.param, timestamp: v.timestamp, version: 1 };
  it("MD5 → lowercase hex", async () => {
    expect(await kuaishouSign({ ...base, signMethod: "MD5" }, v.signSecret, "MD5")).toBe(v.md5);
  });
  it("HMAC_SHA256 (key = signSecret) → Base64", async () => {
    expect(await kuaishouSign({ ...base, signMethod: "HMAC_SHA256" }, v.signSecret, "HMAC_SHA256")).toBe(v.hmacSha256);
  });
  it("drops nulls and sorts by key", () => {
    expect(kuaishouSignString({ b: "2", a: "1", c: null, d: undefined }, "s")).toBe("a=1&b=2&signSecret=s");
  });
  it("the built request carries the same sign and the form fields", async () => {
    const req = await buildKuaishouApiRequest({
      appKey: v.appKey,
      signSecret: v.signSecret,
      accessToken: v.accessToken,
      method: "open.cs.intelligent.message.send",
      param: JSON.parse(v.param) as Record<string, unknown>,
      timestamp: v.timestamp,
      signMethod: "HMAC_SHA256",
    });
    expect(req.params.sign).toBe(v.hmacSha256);
    expect(req.url).toBe("https://openapi.kwaixiaodian.com/open/cs/intelligent/message/send");
    const form = new URLSearchParams(req.body);
    expect(form.get("param")).toBe(v.param);
    expect(form.get("version")).toBe("1");
    expect(form.get("sign")).toBe(v.hmacSha256);
  });
});

describe("Taobao TOP sign", () => {
  const v = vectors.topSign;
  const params = { app_key: v.appKey, format: "json", group_name: "default", method: "taobao.tmc.messages.consume", quantity: 100, timestamp: v.timestamp, v: "2.0" };
  it("md5: uppercase MD5(secret + sorted k+v + secret)", () => {
    expect(topSign({ ...params, sign_method: "md5" }, v.appSecret, "md5")).toBe(v.md5);
  });
  it("hmac: uppercase HMAC-MD5(secret, sorted k+v)", () => {
    expect(topSign({ ...params, sign_method: "hmac" }, v.appSecret, "hmac")).toBe(v.hmac);
  });
  it("the built consume request signs the same way; timestamp in GMT+8", () => {
    const ms = Date.parse("2026-01-07T10:10:15+08:00");
    expect(topTimestamp(ms)).toBe(v.timestamp);
    const req = buildTopRequest({ appKey: v.appKey, appSecret: v.appSecret, method: "taobao.tmc.messages.consume", params: { group_name: "default", quantity: 100 }, timestamp: ms });
    expect(req.params.sign).toBe(v.md5);
  });
});

describe("Taobao TMC frames", () => {
  const v = vectors.tmc;
  it("CONNECT sign", () => {
    expect(tmcConnectSign(v.appKey, "default", v.timestamp, v.appSecret)).toBe(v.connectSign);
  });
  it("encodes CONNECT byte for byte", () => {
    const bytes = encodeTmcFrame({
      messageType: TmcMessageType.CONNECT,
      content: { app_key: v.appKey, group_name: "default", timestamp: v.timestamp, sign: v.connectSign },
    });
    expect(hex(bytes)).toBe(v.connectFrameHex);
  });
  it("decodes CONNECTACK (token) and a refusal (status code + phrase)", () => {
    expect(decodeTmcFrame(unhex(v.connectAckHex))).toEqual({ protocolVersion: 2, messageType: 1, token: "tok-1", content: {} });
    expect(decodeTmcFrame(unhex(v.refusedAckHex))).toEqual({ protocolVersion: 2, messageType: 1, statusCode: 401, statusPhrase: "invalid sign", content: {} });
  });
  it("decodes a SEND data frame: int16 kind, int64 id beyond 2^53, date, UTF-8", () => {
    const f = decodeTmcFrame(unhex(v.sendFrameHex));
    expect(f.messageType).toBe(TmcMessageType.SEND);
    expect(f.content.__kind).toBe(3);
    expect(f.content.id).toBe(9007199254740993n);
    expect(f.content.topic).toBe("taobao_trade_TradeCreate");
    expect(f.content.content).toBe('{"tid":1234567890123,"buyer_nick":"买家小王"}');
    expect(f.content.time).toEqual(new Date(1767751815000));
    expect(f.content.nick).toBe("好店旗舰店");
    // and re-encodes to the same bytes
    expect(hex(encodeTmcFrame({ ...f, content: { ...f.content, __kind: tmcKind(3) } }))).toBe(v.sendFrameHex);
  });
  it("encodes a confirm byte for byte", () => {
    const bytes = encodeTmcFrame({ messageType: TmcMessageType.SEND, token: "tok-1", content: { __kind: tmcKind(TmcKind.CONFIRM), id: 9007199254740993n } });
    expect(hex(bytes)).toBe(v.confirmFrameHex);
  });
});
