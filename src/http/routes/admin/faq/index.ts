/**
 * /api/admin/faq*: read and write the shop's FAQ entries. Mount either the modules in the
 * admin router (`mount(app, [...others, ...faqRouteModules])`, behind its requireAdmin) or
 * the self-contained router (`app.route("/api/admin", faqAdminRoutes())`).
 */
import { Hono } from "hono";
import type { AppEnv } from "../../../env.js";
import { requireAdmin } from "../../../middleware/auth.js";
import { mount, type RouteModule } from "../../mount.js";
import * as deleteEntry from "./delete-entry.js";
import * as getEntry from "./get-entry.js";
import * as listEntries from "./list-entries.js";
import * as putEntry from "./put-entry.js";
import * as tryMatch from "./try-match.js";

export const faqRouteModules: RouteModule[] = [listEntries, getEntry, putEntry, deleteEntry, tryMatch];

export function faqAdminRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/faq", requireAdmin);
  app.use("/faq/*", requireAdmin);
  mount(app, faqRouteModules);
  return app;
}
