/**
 * Mounts route modules (`export const route = { method, path }; export handler`) on a router,
 * each behind the request checks of its contract (src/http/contract.ts): the module's own
 * `openapi`, else its group's contract for `METHOD path`.
 */
import type { Context, Hono } from "hono";
import { type Contracts, contractOf, validateRequest } from "../contract.js";
import type { AppEnv } from "../env.js";

type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

export interface RouteModule {
  route: { method: Method | readonly Method[]; path: string };
  handler: (c: Context<AppEnv>) => Response | Promise<Response>;
}

export function mount(app: Hono<AppEnv>, modules: RouteModule[], contracts: Contracts = {}): void {
  for (const m of modules) {
    const methods: string[] = typeof m.route.method === "string" ? [m.route.method] : [...m.route.method];
    for (const method of methods) {
      const contract = contractOf(m, method, m.route.path, contracts);
      const check = contract && validateRequest(contract);
      if (check) app.on(method, m.route.path, check, m.handler);
      else app.on(method, m.route.path, m.handler);
    }
  }
}
