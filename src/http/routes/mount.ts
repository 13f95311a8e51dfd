/** Mounts route modules (`export const route = { method, path }; export handler`) on a router. */
import type { Context, Hono } from "hono";
import type { AppEnv } from "../env.js";

export interface RouteModule {
  route: { method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH"; path: string };
  handler: (c: Context<AppEnv>) => Response | Promise<Response>;
}

export function mount(app: Hono<AppEnv>, modules: RouteModule[]): void {
  for (const m of modules) app.on(m.route.method, m.route.path, m.handler);
}
