/** /api/stats*: compliance figures and their explanations. Admin token of the shop required. */
import { Hono } from "hono";
import type { AppEnv } from "../../env.js";
import { requireAdmin } from "../../middleware/auth.js";
import { STATS_CONTRACTS } from "../../contracts/reports.js";
import { mount } from "../mount.js";
import * as getExplain from "./get-explain.js";
import * as getStats from "./get-stats.js";

export const STATS_ROUTE_MODULES = [getStats, getExplain];

/** Mounted at `/api/stats` by createApp. */
export function statsRoutes() {
  const app = new Hono<AppEnv>();
  app.use("*", requireAdmin);
  mount(app, STATS_ROUTE_MODULES, STATS_CONTRACTS);
  return app;
}
