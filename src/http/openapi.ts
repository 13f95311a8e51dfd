/**
 * The OpenAPI 3.1 document, `GET /openapi.json`, built from the route modules that declare their
 * contract: a module may export `openapi` (a `createRoute` of @hono/zod-openapi: method, path
 * relative to its group, request and response schemas), and its handler builds its answer typed
 * by the same schema (`z.infer`). A first set of routes does so (docs/architecture.md); the rest
 * are listed as they gain one. Error bodies keep their shape: `ErrorBody` below.
 */
import { OpenAPIHono, z, type RouteConfig } from "@hono/zod-openapi";

/** `{"error": {"code", "message", …}}`: every error the API answers (src/http/errors.ts). */
export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string() }).catchall(z.unknown()) })
  .openapi("Error", { description: 'Every error: `{"error": {"code", "message", …}}` with named details (field, reason, index …)' });

/** The usual error answers of a route, by status. */
export function errorResponses(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 503)[]): RouteConfig["responses"] {
  const what: Record<number, string> = {
    400: "bad input, the field named",
    401: "missing or bad credentials",
    403: "not allowed for this token",
    404: "no such shop or resource",
    409: "the resource's state forbids it now",
    413: "body too large",
    503: "not configured",
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: what[s]!, content: { "application/json": { schema: ErrorBody } } }]));
}

/** A route module; those exporting `openapi` are documented. */
export type DocumentedModule = object & { openapi?: RouteConfig };

export interface RouteGroup {
  /** where the group is mounted, e.g. /api/agent */
  prefix: string;
  /** the security scheme its routes need (every route of the group) */
  security?: "agentToken" | "adminToken";
  modules: readonly object[];
}

/** The document of every route that declares its contract, in the groups given. */
export function openApiDocument(groups: readonly RouteGroup[]) {
  const doc = new OpenAPIHono();
  doc.openAPIRegistry.registerComponent("securitySchemes", "agentToken", { type: "http", scheme: "bearer", description: "an agent's token (AGENT_TOKENS)" });
  doc.openAPIRegistry.registerComponent("securitySchemes", "adminToken", { type: "http", scheme: "bearer", description: "an admin token of the shop (ADMIN_TOKEN); `?shop=` when it covers several shops" });
  for (const g of groups) {
    for (const m of g.modules as readonly DocumentedModule[]) {
      if (!m.openapi) continue;
      doc.openAPIRegistry.registerPath({ ...m.openapi, path: `${g.prefix}${m.openapi.path === "/" ? "" : m.openapi.path}`, ...(g.security ? { security: [{ [g.security]: [] }] } : {}) });
    }
  }
  return doc.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "first-responder", version: "0.1.0", description: "Buyer messages answered in time: webhooks, the agents' console API, the admins' API. Times are ISO 8601 in platform time (Asia/Shanghai)." },
  });
}
