/** Douyin's app credentials: DOUYIN_APP_KEY, DOUYIN_APP_SECRET (DOUYIN_CHAT_TAGS), or `credentials.douyin` in a config file. */
import type { CredentialsReader } from "../types.js";

export interface DouyinCredentials {
  appKey: string;
  appSecret: string;
  /** the push tags that carry buyer chat (default: src/platforms/douyin/mapping.ts) */
  chatTags?: string[];
}

export const douyinCredentials: CredentialsReader<DouyinCredentials> = {
  fromEnv(env) {
    if (!env.DOUYIN_APP_KEY || !env.DOUYIN_APP_SECRET) return undefined;
    const c: DouyinCredentials = { appKey: env.DOUYIN_APP_KEY, appSecret: env.DOUYIN_APP_SECRET };
    if (env.DOUYIN_CHAT_TAGS) c.chatTags = env.DOUYIN_CHAT_TAGS.split(",").map((s) => s.trim());
    return c;
  },
  fromFile(r, raw, where) {
    const d = r.obj(raw, where);
    const c: DouyinCredentials = { appKey: r.str(d.appKey, `${where}.appKey`), appSecret: r.secret(d.appSecret, `${where}.appSecret`) ?? "" };
    if (d.chatTags) c.chatTags = r.list(d.chatTags, `${where}.chatTags`).map((t) => String(t));
    return c;
  },
};
