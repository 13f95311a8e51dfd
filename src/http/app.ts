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
import { PLATFORM_REGISTRY, pushSources } from "../platforms/registry.js";
import type { PlatformModule } from "../platforms/types.js";
import * as receiveWebhook from "./routes/webhooks/receive.js";

/** `platforms`: the registry (src/platforms/registry.ts); tests add a fixture platform. */
export function createApp(ctx: ServiceContext, options: { platforms?: readonly PlatformModule[] } = {}) {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody("not_found", `no route ${c.req.method} ${c.req.path}`), 404));
  app.use("*", async (c, next) => {
    c.set("ctx", ctx);
    await next();
  });

  const limit = limitBody(ctx.config.maxBodyBytes, () => {
    throw new ApiError(413, "payload_too_large", `body is larger than ${ctx.config.maxBodyBytes} bytes; send smaller batches`);
  });
  app.use("/webhooks/*", limit);
  app.use("/api/*", limit);

  app.get("/healthz", (c) => c.json({ ok: true, shops: [...ctx.shops.keys()] }));
  app.on(receiveWebhook.route.method, receiveWebhook.route.path, receiveWebhook.receivePush(pushSources(options.platforms ?? PLATFORM_REGISTRY)));
  app.route("/api/agent", agentRoutes());
  app.route("/api/admin", adminRoutes());
  app.route("/api/stats", statsRoutes());
  app.route("/api/plan", planRoutes());
  app.route("/", pageRoutes());
  return app;
}

export type App = ReturnType<typeof createApp>;
