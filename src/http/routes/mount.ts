/** Mounts route modules (`export const route = { method, path }; export handler`) on a router. */
import type { Context, Hono } from "hono";
import type { AppEnv } from "../env.js";

type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

export interface RouteModule {
  route: { method: Method | readonly Method[]; path: string };
  handler: (c: Context<AppEnv>) => Response | Promise<Response>;
}

export function mount(app: Hono<AppEnv>, modules: RouteModule[]): void {
  for (const m of modules) {
    const methods: string[] = typeof m.route.method === "string" ? [m.route.method] : [...m.route.method];
    app.on(methods, m.route.path, m.handler);
  }
}
