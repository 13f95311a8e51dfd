/**
 * Taobao/Tmall 淘宝. No HTTP push: messages arrive over the TMC client the Node runtime runs
 * (src/node/tmc, docs/platforms.md); replies go to the shop's outbound webhook.
 */
import type { PlatformModule } from "../types.js";
import { taobaoCredentials } from "./credentials.js";
import { TAOBAO_RULES } from "./rules.js";
import { taobaoTraffic } from "./simulator.js";

export const taobao = {
  id: "taobao" as const,
  name: "淘宝",
  noticeName: "淘宝/天猫",
  rules: TAOBAO_RULES,
  credentials: taobaoCredentials,
  simulator: taobaoTraffic,
} satisfies PlatformModule;
