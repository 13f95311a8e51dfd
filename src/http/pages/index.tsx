/**
 * The browser screens of the app (docs/ui.md): `/` landing, `/console` for agents,
 * `/dashboard` for shop owners, their static assets under `/ui/assets/`, and the few JSON
 * routes only these screens need (live events, order context, dashboard figures, FAQ try).
 * Mounted by createApp with `app.route("/", pageRoutes())`.
 *
 * Pages are shells: data comes from the JSON APIs with the bearer token the user typed once
 * (kept in localStorage). Nothing here needs a file system, so it runs on Workers as well.
 */
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import type { JSXNode } from "hono/jsx";
import type { AppEnv } from "../env.js";
import { ApiError } from "../errors.js";
import { requireAdmin, requireAgent } from "../middleware/auth.js";
import * as dashboard from "../routes/admin/dashboard.js";
import * as dashboardTry from "../routes/admin/dashboard-try.js";
import * as dashboardShops from "../routes/admin/dashboard-shops.js";
import * as chatContext from "../routes/agent/chat-context.js";
import * as agentEvents from "../routes/agent/events.js";
import * as dashboardEvents from "../routes/admin/dashboard-events.js";
import { faqAdminRoutes } from "../routes/admin/faq/index.js";
import { ASSETS } from "./assets.generated.js";
import { ConsolePage } from "./console.js";
import { DashboardPage } from "./dashboard.js";
import { LandingPage } from "./landing.js";

/** No CDN, no inline script, no framing: the pages only talk to this app. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

async function page(c: Context<AppEnv>, node: JSXNode | Promise<string> | string) {
  const html = await String(await node.toString());
  c.header("content-security-policy", CSP);
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "no-referrer");
  c.header("cache-control", "no-store");
  return c.html(`<!doctype html>\n${html}`);
}

/**
 * The agent and admin routers already guard /api/agent/* and /api/admin/* (their "*"
 * middleware covers every path below them); these guards make the routes below safe on their
 * own too, and skip the second token check when the first already ran.
 */
const agentOnly: MiddlewareHandler<AppEnv> = async (c, next) => (c.get("agent") ? next() : requireAgent(c, next));
const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => (c.get("shop") ? next() : requireAdmin(c, next));

export function pageRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => page(c, <LandingPage />));
  app.get("/console", (c) => page(c, <ConsolePage />));
  app.get("/dashboard", (c) => page(c, <DashboardPage />));
  app.get("/ui/assets/:name", (c) => {
    const asset = ASSETS[c.req.param("name")];
    if (!asset) throw new ApiError(404, "not_found", "no such asset");
    const versioned = c.req.query("v") === asset.hash;
    c.header("content-type", asset.type);
    c.header("x-content-type-options", "nosniff");
    c.header("etag", `"${asset.hash}"`);
    c.header("cache-control", versioned ? "public, max-age=31536000, immutable" : "no-cache");
    if (c.req.header("if-none-match") === `"${asset.hash}"`) return c.body(null, 304);
    return c.body(asset.body);
  });

  app.get(`/api/agent${agentEvents.route.path}`, agentOnly, agentEvents.handler);
  app.get(`/api/agent${chatContext.route.path}`, agentOnly, chatContext.handler);
  app.get(`/api/admin${dashboard.route.path}`, adminOnly, dashboard.handler);
  app.get(`/api/admin${dashboardEvents.route.path}`, adminOnly, dashboardEvents.handler);
  app.on([...dashboardTry.route.method], `/api/admin${dashboardTry.route.path}`, adminOnly, dashboardTry.handler);
  app.get(dashboardShops.route.path, dashboardShops.handler);
  // The dashboard's FAQ editor needs the FAQ admin API (src/http/routes/admin/faq, its own
  // self-contained router with requireAdmin). Mounted here because nothing else mounts it yet;
  // if the admin router mounts its modules too, that router answers first and this is unused.
  app.route("/api/admin", faqAdminRoutes());
  return app;
}
