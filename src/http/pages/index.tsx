/**
 * The browser screens of the app (docs/ui.md): `/` landing, `/console` for agents,
 * `/dashboard` for shop owners, their static assets under `/ui/assets/`, and the few JSON
 * routes only these screens need (live events, order context, dashboard figures, FAQ try).
 * Mounted by createApp with `app.route("/", pageRoutes())`.
 *
 * Pages are shells: data comes from the JSON APIs with the bearer token the user typed once
 * (kept in localStorage). Nothing here needs a file system, so it runs on Workers as well.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import type { JSXNode } from "hono/jsx";
import type { AppEnv } from "../env.js";
import { ApiError } from "../errors.js";
import * as dashboardShops from "../routes/admin/dashboard-shops.js";
import { ConsolePage } from "./console.js";
import { DashboardPage } from "./dashboard.js";
import { LandingPage } from "./landing.js";
import { uiAsset } from "./layout.js";

/** No CDN, no inline script, no framing: the pages only talk to this app. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // blob: the console shows a message's image from bytes it fetched through /api/agent/media
  "img-src 'self' data: blob:",
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

export function pageRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => page(c, <LandingPage />));
  app.get("/console", (c) => page(c, <ConsolePage />));
  app.get("/dashboard", (c) => page(c, <DashboardPage />));
  app.get("/ui/assets/:name", (c) => {
    // own keys only: `__proto__`, `constructor` or `toString` are names of the object, not assets
    const asset = uiAsset(c.req.param("name"));
    if (!asset) throw new ApiError(404, "not_found", "no such asset");
    const versioned = c.req.query("v") === asset.hash;
    c.header("content-type", asset.type);
    c.header("x-content-type-options", "nosniff");
    c.header("etag", `"${asset.hash}"`);
    c.header("cache-control", versioned ? "public, max-age=31536000, immutable" : "no-cache");
    if (c.req.header("if-none-match") === `"${asset.hash}"`) return c.body(null, 304);
    return c.body(asset.body);
  });

  // the pages' JSON APIs live with the other agent and admin routes (routes/agent, routes/admin)
  app.get(dashboardShops.route.path, dashboardShops.handler);
  return app;
}
