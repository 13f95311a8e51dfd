import { describe, expect, it } from "vitest";
import { configFromEnv, configFromFile } from "../../src/config/load.js";

const file = (yaml: string, env: Record<string, string> = {}) => configFromFile(yaml, "shops.yaml", env);

describe("configuration errors name the place", () => {
  it("refuses a literal secret in the file", async () => {
    await expect(file("shops: [{ id: a, genericWebhookSecret: plain }]")).rejects.toThrow("shops.yaml: shops[0].genericWebhookSecret: secrets come from the environment: write { env: VARIABLE_NAME }");
  });

  it("names a variable that is not set", async () => {
    await expect(file("shops: [{ id: a, genericWebhookSecret: { env: NOPE } }]")).rejects.toThrow("environment variable NOPE is not set");
  });

  it("YAML syntax errors carry the line", async () => {
    await expect(file("shops:\n  - id: a\n    name: [broken\n")).rejects.toThrow(/shops\.yaml: .*line/i);
  });

  it("unknown rule, unknown platform, duplicate shop, bad id, bad token hash", async () => {
    await expect(file("shops: [{ id: a, rules: { taobao.nope: {} } }]")).rejects.toThrow('unknown rule "taobao.nope"');
    await expect(file("shops: [{ id: a, platforms: [pdd] }]")).rejects.toThrow('unknown platform "pdd"');
    await expect(file("shops: [{ id: a }, { id: a }]")).rejects.toThrow('duplicate shop id "a"');
    await expect(file("shops: [{ id: 'a/b' }]")).rejects.toThrow("shops[0].id may hold only");
    await expect(file("shops: [{ id: a, agents: [{ id: x, tokenSha256: abc }] }]")).rejects.toThrow("shops[0].agents[0].tokenSha256 must be 64 hex digits");
    await expect(file("shops: []")).rejects.toThrow("at least one shop");
  });

  it("bad numbers in the environment", async () => {
    await expect(configFromEnv({ PORT: "eighty" })).rejects.toThrow('PORT must be a whole number, got "eighty"');
    await expect(configFromEnv({ AGENT_TOKENS: "justatoken" })).rejects.toThrow("AGENT_TOKENS: expected name=value pairs");
    await expect(configFromEnv({ ESCALATION_WEBHOOKS: "slack=https://x" })).rejects.toThrow("kind must be one of");
  });
});

describe("rule overrides the engine cannot use", () => {
  it("are refused at start with the shop and rule named", async () => {
    const { resolveShops } = await import("../../src/services/context.js");
    const config = await configFromFile("shops: [{ id: a, rules: { kuaishou.shop-5min: { limitSeconds: -5 } } }]", "shops.yaml", {});
    expect(() => resolveShops(config)).toThrow(/^shop a: rules: .*kuaishou\.shop-5min/);
  });
});
