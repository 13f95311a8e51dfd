import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { configFromEnv, configFromFile } from "../../src/config/load.js";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("configuration", () => {
  it("one shop `default` from the environment, tokens hashed", async () => {
    const config = await configFromEnv({
      PORT: "9000",
      GENERIC_WEBHOOK_SECRET: "s",
      ADMIN_TOKEN: "adm",
      AGENT_TOKENS: "xiaomei=t1,xiaowang=t2",
      AGENT_NAMES: "xiaomei=小美",
      ESCALATION_WEBHOOKS: "dingtalk=https://oapi.dingtalk.com/robot/send?access_token=abc",
      TAOBAO_ASSIST_BOT: "xiaoduo",
      DOUYIN_INSTANT_ANSWER: "1",
      HUMAN_HOLD_SECONDS: "300",
      KUAISHOU_APP_KEY: "ks",
      KUAISHOU_MSG_KEY: "bXNna2V5",
      KUAISHOU_SIGN_SECRET: "sign",
    });
    expect(config.port).toBe(9000);
    expect(config.databaseUrl).toBe("./data/first-responder.db");
    const [shop] = config.shops;
    expect(shop).toMatchObject({
      id: "default",
      genericWebhookSecret: "s",
      adminTokenSha256: [sha("adm")],
      taobaoAssistBot: { bot: "xiaoduo", mode: "assist" },
      douyinInstantAnswer: true,
      humanHoldSeconds: 300,
      escalation: { leadSeconds: 60, targets: [{ kind: "dingtalk", url: "https://oapi.dingtalk.com/robot/send?access_token=abc" }] },
      credentials: { kuaishou: { appKey: "ks", msgKey: "bXNna2V5", signSecret: "sign" } },
    });
    expect(shop!.agents).toEqual([
      { id: "xiaomei", name: "小美", tokenSha256: sha("t1"), maxConcurrent: 5 },
      { id: "xiaowang", name: "xiaowang", tokenSha256: sha("t2"), maxConcurrent: 5 },
    ]);
  });

  it("many shops from a file, secrets from the environment", async () => {
    const yaml = `
shops:
  - id: flagship
    name: 旗舰店
    platforms: [taobao, kuaishou]
    genericWebhookSecret: { env: FLAG_SECRET }
    adminTokens: [{ token: { env: FLAG_ADMIN } }]
    agents:
      - { id: a1, name: 小美, maxConcurrent: 3, tokenSha256: "${sha("t1")}" }
    escalation: { leadSeconds: 90, targets: [{ kind: feishu, url: { env: FLAG_FEISHU } }] }
    rules:
      taobao.daily-3min: { limitSeconds: 120 }
    humanHoldSeconds: 900
    humanRequestAck: 亲，马上为您转人工～
  - id: outlet
    humanRequestAck: null
`;
    const config = await configFromFile(yaml, "shops.yaml", { FLAG_SECRET: "x", FLAG_ADMIN: "adm", FLAG_FEISHU: "https://open.feishu.cn/hook/1" });
    expect(config.shops.map((s) => s.id)).toEqual(["flagship", "outlet"]);
    expect(config.shops[0]).toMatchObject({
      name: "旗舰店",
      platforms: ["taobao", "kuaishou"],
      genericWebhookSecret: "x",
      adminTokenSha256: [sha("adm")],
      escalation: { leadSeconds: 90, targets: [{ kind: "feishu", url: "https://open.feishu.cn/hook/1" }] },
      rules: { "taobao.daily-3min": { limitSeconds: 120 } },
      humanHoldSeconds: 900,
      humanRequestAck: "亲，马上为您转人工～",
    });
    // the default hold; an acknowledgement switched off
    expect(config.shops[1]).toMatchObject({ name: "outlet", genericWebhookSecret: undefined, agents: [], humanHoldSeconds: 600, humanRequestAck: null });
  });
});
