/**
 * The OpenAPI 3.1 document, `GET /openapi.json`, built from every route's contract (a
 * `createRoute` of @hono/zod-openapi: method, path relative to its group, request and response
 * schemas): a module's own `openapi` export, whose handler builds its answer typed by the same
 * schema (`z.infer`), or its group's contracts (src/http/contracts/). The same contracts validate
 * the requests (src/http/contract.ts, in `mount`). Error bodies keep their shape: `ErrorBody` below.
 */
import { OpenAPIHono, z, type RouteConfig } from "@hono/zod-openapi";

/** `{"error": {"code", "message", …}}`: every error the API answers (src/http/errors.ts). */
export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string() }).catchall(z.unknown()) })
  .openapi("Error", { description: 'Every error: `{"error": {"code", "message", …}}` with named details (field, reason, index …)' });

/** The error statuses routes answer with (src/http/errors.ts). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 501 | 503;

/** The usual error answers of a route, by status. */
export function errorResponses(...statuses: ErrorStatus[]): RouteConfig["responses"] {
  const what: Record<number, string> = {
    400: "bad input, the field named",
    401: "missing or bad credentials",
    403: "not allowed for this token",
    404: "no such shop or resource",
    409: "the resource's state forbids it now",
    413: "body too large",
    501: "not supported here (this platform's format, this runtime)",
    503: "not configured",
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: what[s]!, content: { "application/json": { schema: ErrorBody } } }]));
}

/** A route module: `route = { method, path }`, and its contract here or in its group's `contracts` (src/http/contract.ts). */
export type DocumentedModule = object & { openapi?: RouteConfig; route?: { method: string | readonly string[]; path: string } };

export interface RouteGroup {
  /** where the group is mounted, e.g. /api/agent */
  prefix: string;
  /** the security scheme its routes need (every route of the group) */
  security?: "agentToken" | "adminToken";
  modules: readonly object[];
  /** the contracts of its modules that carry none themselves, by `METHOD path` */
  contracts?: Readonly<Record<string, RouteConfig>>;
  /** contracts of routes that are not modules (the pages, the push sources) */
  extra?: readonly RouteConfig[];
}

/** Every contract of a group: each module's, per method, then the extra ones. */
function groupContracts(g: RouteGroup): RouteConfig[] {
  const out: RouteConfig[] = [];
  for (const m of g.modules as readonly DocumentedModule[]) {
    const methods = m.route ? (typeof m.route.method === "string" ? [m.route.method] : [...m.route.method]) : [];
    if (methods.length === 0 && m.openapi) out.push(m.openapi);
    for (const method of methods) {
      const own = m.openapi && m.openapi.method.toUpperCase() === method ? m.openapi : undefined;
      const c = own ?? g.contracts?.[`${method} ${m.route!.path}`];
      if (c) out.push(c);
    }
  }
  return [...out, ...(g.extra ?? [])];
}

/** Where a group mounts a contract's path: `/api/stats` + `/` is `/api/stats`. */
const mountedPath = (g: RouteGroup, c: RouteConfig) => `${g.prefix}${c.path === "/" && g.prefix ? "" : c.path}`;

/** Every contract of the groups by `METHOD /mounted/path` (`:id` style, as the router and the tests' typed calls name routes). */
export function contractsByRoute(groups: readonly RouteGroup[]): Map<string, RouteConfig> {
  return new Map(groups.flatMap((g) => groupContracts(g).map((c) => [`${c.method.toUpperCase()} ${mountedPath(g, c).replace(/\{([A-Za-z0-9_]+)\}/g, ":$1")}`, c] as const)));
}

/** The document of every route of the groups given. */
export function openApiDocument(groups: readonly RouteGroup[]) {
  const doc = new OpenAPIHono();
  doc.openAPIRegistry.registerComponent("securitySchemes", "agentToken", { type: "http", scheme: "bearer", description: "an agent's token (AGENT_TOKENS)" });
  doc.openAPIRegistry.registerComponent("securitySchemes", "adminToken", { type: "http", scheme: "bearer", description: "an admin token of the shop (ADMIN_TOKEN); `?shop=` when it covers several shops" });
  for (const g of groups) {
    for (const c of groupContracts(g)) {
      doc.openAPIRegistry.registerPath({ ...c, path: mountedPath(g, c), ...(g.security ? { security: [{ [g.security]: [] }] } : {}) });
    }
  }
  return doc.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "first-responder", version: "0.1.0", description: "Buyer messages answered in time: webhooks, the agents' console API, the admins' API. Times are ISO 8601 in platform time (Asia/Shanghai)." },
  });
}
