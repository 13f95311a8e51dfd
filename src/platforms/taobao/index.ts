/**
 * Taobao/Tmall 淘宝. No HTTP push: messages arrive over the TMC client the Node runtime runs
 * (src/node/tmc, docs/platforms.md); replies go to the shop's outbound webhook.
 */
import type { PlatformModule } from "../types.js";

export const taobao: PlatformModule = { id: "taobao", name: "淘宝" };
