/** Shared set-up for the platform webhook tests: the real app on a real SQLite file (test/support/harness.ts). */
import { sql } from "drizzle-orm";
import { buildDouyinPush } from "../../src/platforms/douyin/codec.js";
import { encryptKuaishouPush } from "../../src/platforms/kuaishou/codec.js";
import { createHarness, shopConfig, type Harness } from "../support/harness.js";
import { vectors } from "./vectors.js";

export const DY = { appKey: vectors.douyin.appKey, appSecret: vectors.douyin.appSecret };
export const KS = { appKey: vectors.kuaishouPush.appKey, msgKey: vectors.kuaishouPush.msgKey, signSecret: "ks-sign-secret-test" };

export async function platformHarness(): Promise<Harness> {
  return createHarness({
    shops: [await shopConfig("default", { credentials: { douyin: { ...DY }, kuaishou: { ...KS } } }), await shopConfig("bare")],
  });
}

export async function count(h: Harness, table: string, where = "1=1"): Promise<number> {
  return (await h.ctx.db.all<{ n: number }>(sql.raw(`select count(*) n from ${table} where ${where}`)))[0]!.n;
}

export async function postDouyin(h: Harness, body: string, headers: Record<string, string>, shop = "default"): Promise<Response> {
  return h.app.request(`/webhooks/douyin/${shop}`, { method: "POST", body, headers });
}

export function douyinPush(items: { tag: string; msg_id: string; data: unknown }[]) {
  return buildDouyinPush(DY, items);
}

export async function postKuaishou(h: Harness, body: string, shop = "default"): Promise<Response> {
  return h.app.request(`/webhooks/kuaishou/${shop}`, { method: "POST", body, headers: { "content-type": "text/plain" } });
}

export async function kuaishouEvent(fields: Record<string, unknown>): Promise<string> {
  return encryptKuaishouPush(JSON.stringify({ appKey: KS.appKey, test: false, createTime: Date.parse("2026-01-07T10:00:00+08:00"), ...fields }), KS.msgKey);
}
