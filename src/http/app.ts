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
import { PLATFORM_REGISTRY, pushSources, replyContentFor } from "../platforms/registry.js";
import type { PlatformModule } from "../platforms/types.js";
import * as receiveWebhook from "./routes/webhooks/receive.js";
import * as healthz from "./routes/healthz.js";
import { openApiDocument, type RouteGroup } from "./openapi.js";
import { ADMIN_ROUTE_MODULES } from "./routes/admin/index.js";
import { AGENT_ROUTE_MODULES } from "./routes/agent/index.js";
import { genericWebhookOpenApi } from "../platforms/generic/index.js";

/** The routes that declare their contract, where they are mounted (GET /openapi.json). */
export const DOCUMENTED_ROUTES: readonly RouteGroup[] = [
  { prefix: "", modules: [healthz, { openapi: genericWebhookOpenApi }] },
  { prefix: "/api/agent", security: "agentToken", modules: AGENT_ROUTE_MODULES },
  { prefix: "/api/admin", security: "adminToken", modules: ADMIN_ROUTE_MODULES },
];

/** `platforms`: the registry (src/platforms/registry.ts); tests add a fixture platform. */
export function createApp(ctx: ServiceContext, options: { platforms?: readonly PlatformModule[] } = {}) {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody("not_found", `no route ${c.req.method} ${c.req.path}`), 404));
  const replyContent = replyContentFor(options.platforms ?? PLATFORM_REGISTRY);
  app.use("*", async (c, next) => {
    c.set("ctx", ctx);
    c.set("replyContent", replyContent);
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
  app.get("/openapi.json", (c) => c.json((document ??= openApiDocument(DOCUMENTED_ROUTES))));
  app.on(receiveWebhook.route.method, receiveWebhook.route.path, receiveWebhook.receivePush(pushSources(options.platforms ?? PLATFORM_REGISTRY)));
  app.route("/api/agent", agentRoutes());
  app.route("/api/admin", adminRoutes());
  app.route("/api/stats", statsRoutes());
  app.route("/api/plan", planRoutes());
  app.route("/", pageRoutes());
  return app;
}

export type App = ReturnType<typeof createApp>;
