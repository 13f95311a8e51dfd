/** /api/stats*: compliance figures and their explanations. Admin token of the shop required. */
import { Hono } from "hono";
import type { AppEnv } from "../../env.js";
import { requireAdmin } from "../../middleware/auth.js";
import { mount } from "../mount.js";
import * as getExplain from "./get-explain.js";
import * as getStats from "./get-stats.js";

/** Mounted at `/api/stats` by createApp. */
export function statsRoutes() {
  const app = new Hono<AppEnv>();
  app.use("*", requireAdmin);
  mount(app, [getStats, getExplain]);
  return app;
}
