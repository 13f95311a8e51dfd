/**
 * The app factory: one Hono app for Node and Workers, built from its dependencies. Nothing
 * here opens files or sockets; the runtime entries (src/node, src/worker) do that.
 */
import { Hono } from "hono";
import type { ServiceContext } from "../services/context.js";
import { limitBody } from "./body-limit.js";
import type { AppEnv } from "./env.js";
import { ApiError, errorBody, handleError } from "./errors.js";
import { pageRoutes } from "./pages/index.js";
import { adminRoutes } from "./routes/admin/index.js";
import { agentRoutes } from "./routes/agent/index.js";
import { statsRoutes } from "./routes/stats/index.js";
import { planRoutes } from "./routes/plan/index.js";
import { PLATFORM_REGISTRY, type RegisteredPlatform, replyContentFor } from "../platforms/registry.js";
import { pushSources } from "../platforms/push-sources.js";
import type { PlatformModule } from "../platforms/types.js";
import * as receiveWebhook from "./routes/webhooks/receive.js";
import * as healthz from "./routes/healthz.js";
import { openApiDocument, type RouteGroup } from "./openapi.js";
import { ADMIN_ROUTE_CONTRACTS, ADMIN_ROUTE_MODULES } from "./routes/admin/index.js";
import { AGENT_ROUTE_CONTRACTS, AGENT_ROUTE_MODULES } from "./routes/agent/index.js";
import { PLAN_ROUTE_MODULES } from "./routes/plan/index.js";
import { STATS_ROUTE_MODULES } from "./routes/stats/index.js";
import { PLAN_CONTRACTS, STATS_CONTRACTS } from "./contracts/reports.js";
import { PAGE_CONTRACTS } from "./contracts/pages.js";
import { contract } from "./contract.js";
import { docsRoutes } from "./docs-page.js";
import { type RouteConfig, z } from "@hono/zod-openapi";
import { genericWebhookOpenApi } from "../platforms/generic/index.js";
import { fetchHop, type MediaHop } from "./media-proxy.js";

/** Every route with its contract, where it is mounted (GET /openapi.json); the push sources come from the registry. */
export function documentedRoutes(platforms: readonly PlatformModule[] = PLATFORM_REGISTRY): readonly RouteGroup[] {
  return [
    { prefix: "", modules: [healthz], extra: [genericWebhookOpenApi, ...pushContracts(platforms), ...Object.values(PAGE_CONTRACTS)] },
    { prefix: "/api/agent", security: "agentToken", modules: AGENT_ROUTE_MODULES, contracts: AGENT_ROUTE_CONTRACTS },
    { prefix: "/api/admin", security: "adminToken", modules: ADMIN_ROUTE_MODULES, contracts: ADMIN_ROUTE_CONTRACTS },
    { prefix: "/api/stats", security: "adminToken", modules: STATS_ROUTE_MODULES, contracts: STATS_CONTRACTS },
    { prefix: "/api/plan", security: "adminToken", modules: PLAN_ROUTE_MODULES, contracts: PLAN_CONTRACTS },
  ];
}

/** `METHOD path` keys of a group's contracts, as mounted under `P` (`/api/stats` + `GET /` is `GET /api/stats`). */
type Under<P extends string, T> = { [K in keyof T & string as K extends `${infer M} ${infer R}` ? `${M} ${P}${R extends "/" ? (P extends "" ? "/" : "") : R}` : never]: T[K] };

/**
 * Every route's contract by `METHOD /mounted/path`, as a type: the same records as
 * documentedRoutes(), so a typed call (test/support/harness.ts `call`) gets each route's
 * request and response types from its key.
 */
export type ApiContracts = Under<"", typeof PAGE_CONTRACTS & { "GET /healthz": typeof healthz.openapi; "POST /webhooks/generic/:shop": typeof genericWebhookOpenApi }> &
  Under<"/api/agent", typeof AGENT_ROUTE_CONTRACTS> &
  Under<"/api/admin", typeof ADMIN_ROUTE_CONTRACTS> &
  Under<"/api/stats", typeof STATS_CONTRACTS> &
  Under<"/api/plan", typeof PLAN_CONTRACTS> & { [K in `POST /webhooks/${RegisteredPlatform}/:shop`]: ReturnType<typeof pushContract> };
export type ApiRoute = keyof ApiContracts & string;

/** A platform's own push, `/webhooks/<id>/{shop}`: its wire format is the platform's (docs/platforms.md), verified over the raw bytes. */
function pushContracts(platforms: readonly PlatformModule[]): RouteConfig[] {
  return platforms.flatMap((p) => (p.push ? [pushContract(p)] : []));
}

export function pushContract(p: Pick<PlatformModule, "id" | "name">) {
  return contract("POST", `/webhooks/${p.id}/:shop`, {
    summary: `${p.name}'s message push (${p.id}), in the platform's own format (docs/platforms.md)`,
    params: z.object({ shop: z.string() }),
    response: { description: "stored and acted on: the acknowledgement the platform expects", schema: z.unknown() },
    errors: [400, 401, 403, 404, 413, 503],
  });
}

/**
 * `platforms`: the registry (src/platforms/registry.ts); tests add a fixture platform.
 * `mediaHop`: how the image proxy makes one request (default fetch(); Node pins the checked address).
 */
export function createApp(ctx: ServiceContext, options: { platforms?: readonly PlatformModule[]; mediaHop?: MediaHop } = {}) {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody("not_found", `no route ${c.req.method} ${c.req.path}`), 404));
  const replyContent = replyContentFor(options.platforms ?? PLATFORM_REGISTRY);
  const mediaHop = options.mediaHop ?? fetchHop;
  app.use("*", async (c, next) => {
    c.set("ctx", ctx);
    c.set("replyContent", replyContent);
    c.set("mediaHop", mediaHop);
    await next();
  });

  const limit = limitBody(ctx.config.maxBodyBytes, () => {
    throw new ApiError(413, "payload_too_large", `body is larger than ${ctx.config.maxBodyBytes} bytes; send smaller batches`);
  });
  app.use("/webhooks/*", limit);
  app.use("/api/*", limit);

  app.on(healthz.route.method, healthz.route.path, healthz.handler);
  // built once per app, on first request: most processes never serve it
  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get("/openapi.json", (c) => c.json((document ??= openApiDocument(documentedRoutes(options.platforms)))));
  app.route("/", docsRoutes());
  app.on(receiveWebhook.route.method, receiveWebhook.route.path, receiveWebhook.receivePush(pushSources(options.platforms ?? PLATFORM_REGISTRY)));
  app.route("/api/agent", agentRoutes());
  app.route("/api/admin", adminRoutes());
  app.route("/api/stats", statsRoutes());
  app.route("/api/plan", planRoutes());
  app.route("/", pageRoutes());
  return app;
}

export type App = ReturnType<typeof createApp>;
