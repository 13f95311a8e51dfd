/**
 * Taobao's app credentials: TAOBAO_APP_KEY, TAOBAO_APP_SECRET (TAOBAO_TMC_GROUP, TAOBAO_TMC_URL,
 * TAOBAO_API_URL, TAOBAO_CHAT_TOPICS), or `credentials.taobao` in a config file.
 */
import { envList } from "../credentials.js";
import type { CredentialsReader } from "../types.js";

export interface TaobaoCredentials {
  appKey: string;
  appSecret: string;
  groupName?: string;
  tmcUrl?: string;
  apiUrl?: string;
  /** the TMC topics that carry buyer chat (default: src/platforms/taobao/mapping.ts) */
  chatTopics?: string[];
}

export const taobaoCredentials: CredentialsReader<TaobaoCredentials> = {
  fromEnv(env) {
    if (!env.TAOBAO_APP_KEY || !env.TAOBAO_APP_SECRET) return undefined;
    const c: TaobaoCredentials = { appKey: env.TAOBAO_APP_KEY, appSecret: env.TAOBAO_APP_SECRET };
    if (env.TAOBAO_TMC_GROUP) c.groupName = env.TAOBAO_TMC_GROUP;
    if (env.TAOBAO_TMC_URL) c.tmcUrl = env.TAOBAO_TMC_URL;
    if (env.TAOBAO_API_URL) c.apiUrl = env.TAOBAO_API_URL;
    if (env.TAOBAO_CHAT_TOPICS) c.chatTopics = envList(env.TAOBAO_CHAT_TOPICS);
    return c;
  },
  fromFile(r, raw, where) {
    const t = r.obj(raw, where);
    const c: TaobaoCredentials = { appKey: r.str(t.appKey, `${where}.appKey`), appSecret: r.secret(t.appSecret, `${where}.appSecret`) ?? "" };
    const group = r.optStr(t.groupName, `${where}.groupName`);
    if (group) c.groupName = group;
    const tmcUrl = r.optStr(t.tmcUrl, `${where}.tmcUrl`);
    if (tmcUrl) c.tmcUrl = tmcUrl;
    const apiUrl = r.optStr(t.apiUrl, `${where}.apiUrl`);
    if (apiUrl) c.apiUrl = apiUrl;
    if (t.chatTopics) c.chatTopics = r.list(t.chatTopics, `${where}.chatTopics`).map((x) => String(x));
    return c;
  },
};
