/**
 * Kuaishou's app credentials: KUAISHOU_APP_KEY, KUAISHOU_MSG_KEY, KUAISHOU_SIGN_SECRET
 * (KUAISHOU_ACCESS_TOKEN, KUAISHOU_API_URL, KUAISHOU_CHAT_EVENTS), or `credentials.kuaishou` in a config file.
 */
import type { KuaishouCredentials as KuaishouApiCredentials } from "./codec.js";
import { envList } from "../credentials.js";
import type { CredentialsReader } from "../types.js";

/** The app's credentials (the native sender without `accessToken` falls back to the outbound webhook), and the chat events. */
export interface KuaishouCredentials extends KuaishouApiCredentials {
  /** the push event names that carry buyer chat (default: src/platforms/kuaishou/mapping.ts) */
  chatEvents?: string[];
}

export const kuaishouCredentials: CredentialsReader<KuaishouCredentials> = {
  fromEnv(env) {
    if (!env.KUAISHOU_APP_KEY || !env.KUAISHOU_MSG_KEY || !env.KUAISHOU_SIGN_SECRET) return undefined;
    const c: KuaishouCredentials = { appKey: env.KUAISHOU_APP_KEY, msgKey: env.KUAISHOU_MSG_KEY, signSecret: env.KUAISHOU_SIGN_SECRET };
    if (env.KUAISHOU_ACCESS_TOKEN) c.accessToken = env.KUAISHOU_ACCESS_TOKEN;
    if (env.KUAISHOU_API_URL) c.apiUrl = env.KUAISHOU_API_URL;
    if (env.KUAISHOU_CHAT_EVENTS) c.chatEvents = envList(env.KUAISHOU_CHAT_EVENTS);
    return c;
  },
  fromFile(r, raw, where) {
    const k = r.obj(raw, where);
    const c: KuaishouCredentials = {
      appKey: r.str(k.appKey, `${where}.appKey`),
      msgKey: r.secret(k.msgKey, `${where}.msgKey`) ?? "",
      signSecret: r.secret(k.signSecret, `${where}.signSecret`) ?? "",
    };
    const token = r.secret(k.accessToken, `${where}.accessToken`);
    if (token) c.accessToken = token;
    const apiUrl = r.optStr(k.apiUrl, `${where}.apiUrl`);
    if (apiUrl) c.apiUrl = apiUrl;
    if (k.chatEvents) c.chatEvents = r.list(k.chatEvents, `${where}.chatEvents`).map((t) => String(t));
    return c;
  },
};
