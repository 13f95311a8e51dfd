/** /api/plan*: planning from the stored history (docs/planning.md). Admin token of the shop required. */
import { Hono } from "hono";
import type { AppEnv } from "../../env.js";
import { requireAdmin } from "../../middleware/auth.js";
import { PLAN_CONTRACTS } from "../../contracts/reports.js";
import { mount } from "../mount.js";
import * as getForecast from "./get-forecast.js";
import * as getWhatIf from "./get-whatif.js";

export const PLAN_ROUTE_MODULES = [getForecast, getWhatIf];

/** Mounted at `/api/plan` by createApp. */
export function planRoutes() {
  const app = new Hono<AppEnv>();
  app.use("*", requireAdmin);
  mount(app, PLAN_ROUTE_MODULES, PLAN_CONTRACTS);
  return app;
}
