/** Hono's typing for our app: what middleware puts on each request. */
import type { AgentConfig } from "../config/types.js";
import type { ServiceContext, Shop } from "../services/context.js";

export interface AppEnv {
  Variables: {
    ctx: ServiceContext;
    /** set by requireAgent / requireAdmin: the shop the caller acts for */
    shop: Shop;
    agent: AgentConfig;
  };
}
