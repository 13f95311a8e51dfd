/** Hono's typing for our app: what middleware puts on each request. */
import type { AgentConfig, ShopConfig } from "../config/types.js";
import type { ReplyContentKind } from "../core/outbound.js";
import type { ServiceContext, Shop } from "../services/context.js";
import type { MediaHop } from "./media-proxy.js";

export interface AppEnv {
  Variables: {
    ctx: ServiceContext;
    /** set by requireAgent / requireAdmin: the shop the caller acts for */
    shop: Shop;
    agent: AgentConfig;
    /** what a shop's replies on a platform can carry besides text (platforms/registry.ts replyContentFor) */
    replyContent: (platform: string, shop: ShopConfig) => readonly ReplyContentKind[];
    /** one request of the image proxy, per runtime (media-proxy.ts: fetch() by default, src/node/media-hop.ts on Node) */
    mediaHop: MediaHop;
  };
}
