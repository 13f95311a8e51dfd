/**
 * GET /openapi.json: an OpenAPI 3.1 document (validated by @apidevtools/swagger-parser) of every
 * route the app registers, and the routes answer what they declare: each real response below is
 * parsed with the schema its contract holds (the same schema types its handler, or validates its
 * requests: a body of the wrong shape is refused naming the field, in the one error shape).
 * GET /docs renders the document with the app's own script (no CDN).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { OpenAPIV3_1 } from "openapi-types";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorBody } from "../../src/http/openapi.js";
import { ListEscalationsResponse } from "../../src/http/routes/admin/list-escalations.js";
import { ListOutboxResponse } from "../../src/http/routes/admin/list-outbox.js";
import { RetryOutboxResponse } from "../../src/http/routes/admin/retry-outbox.js";
import { MeResponse } from "../../src/http/routes/agent/me.js";
import { SetStatusResponse } from "../../src/http/routes/agent/set-status.js";
import { HealthResponse } from "../../src/http/routes/healthz.js";
import { GenericWebhookResponse } from "../../src/platforms/generic/index.js";
import { pushSources } from "../../src/platforms/push-sources.js";
import { buyer, createHarness, T0, type Harness } from "../support/harness.js";

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const DOCUMENTED = ["get /healthz", "post /webhooks/generic/{shop}", "get /api/agent/me", "put /api/agent/status", "get /api/admin/escalations", "get /api/admin/outbox", "post /api/admin/outbox/{id}/retry"];

async function documentOf(harness: Harness): Promise<OpenAPIV3_1.Document> {
  return (await harness.call("GET /openapi.json", {})).body as OpenAPIV3_1.Document;
}

/** Every route the app registers, `METHOD /path` (`:id` style); the one webhook route as each push source it serves. */
function registeredRoutes(harness: Harness): string[] {
  const all = harness.app.routes
    .filter((r) => r.method !== "ALL")
    .flatMap((r) => {
      const path = r.path.replace(/(.)\/$/, "$1");
      return path === "/webhooks/:source/:shop" ? [...pushSources().keys()].map((s) => `${r.method} /webhooks/${s}/:shop`) : [`${r.method} ${path}`];
    });
  return [...new Set(all)];
}

/** The routes named by a typed call (`.call("METHOD /path"`) in a test file: each such call is checked against the route's contract. */
function typedCallsIn(dir: string): Set<string> {
  const keys = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts")) continue;
    for (const m of readFileSync(join(dir, file), "utf8").matchAll(/\.call\(\s*"((?:GET|POST|PUT|DELETE|PATCH) \/[^"]*)"/g)) keys.add(m[1]!);
  }
  return keys;
}

const operationsOf = (doc: OpenAPIV3_1.Document) => Object.entries(doc.paths ?? {}).flatMap(([path, item]) => Object.keys(item ?? {}).map((method) => `${method} ${path}`));

describe("GET /openapi.json", () => {
  it("covers every route the app registers: each method and path of the router, each push source of the webhook", async () => {
    h = await createHarness();
    const documented = new Set(operationsOf(await documentOf(h)));
    const registered = registeredRoutes(h).map((key) => {
      const [method, path] = key.split(" ") as [string, string];
      return `${method.toLowerCase()} ${path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`;
    });
    expect(registered.length).toBeGreaterThan(50);
    expect(registered.filter((op) => !documented.has(op))).toEqual([]);
    // and nothing documented that is not served
    expect([...documented].filter((op) => !registered.includes(op))).toEqual([]);
  });

  it("every route is called by a typed call somewhere in test/ (its request and answer typed and checked by its contract)", async () => {
    h = await createHarness();
    const called = typedCallsIn(fileURLToPath(new URL("..", import.meta.url)));
    const routes = registeredRoutes(h);
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((route) => !called.has(route))).toEqual([]);
    // and no typed call names a route the app does not serve
    expect([...called].filter((key) => !routes.includes(key))).toEqual([]);
  });

  it("is a valid OpenAPI 3.1 document of the documented routes, with their security", async () => {
    h = await createHarness();
    const res = await h.app.request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenAPIV3_1.Document;
    expect(doc.openapi).toBe("3.1.0");
    // validate() dereferences in place: give it a copy
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    const operations = operationsOf(doc);
    for (const op of DOCUMENTED) expect(operations).toContain(op);
    expect(doc.paths?.["/api/agent/me"]?.get?.security).toEqual([{ agentToken: [] }]);
    expect(doc.paths?.["/api/admin/outbox"]?.get?.security).toEqual([{ adminToken: [] }]);
    expect(doc.paths?.["/healthz"]?.get?.security).toBeUndefined();
    expect(Object.keys(doc.paths?.["/api/admin/outbox/{id}/retry"]?.post?.responses ?? {}).sort()).toEqual(["200", "400", "401", "403", "404"]);
  });
});

describe("the documented routes answer what they declare", () => {
  it("healthz, the generic webhook, the agent's me and status", async () => {
    h = await createHarness();
    HealthResponse.parse((await h.call("GET /healthz", {})).body);
    const posted = await h.call("POST /webhooks/generic/:shop", { params: { shop: "default" }, body: [buyer("kuaishou", "buyer-oa", T0, "什么时候发货"), buyer("douyin", "buyer-ob", T0, "你好")] });
    expect(posted.status).toBe(200);
    expect(GenericWebhookResponse.parse(posted.body)).toEqual({ accepted: 2, duplicates: 0 });
    MeResponse.parse((await h.call("GET /api/agent/me", { agent: "a1" })).body);
    expect(SetStatusResponse.parse((await h.call("PUT /api/agent/status", { agent: "a1", body: { online: true } })).body)).toEqual({ online: true });
  });

  it("the admin's escalations and outbox, and retrying a delivery that is not failed", async () => {
    h = await createHarness();
    await h.postEvents([buyer("kuaishou", "buyer-oc", T0, "什么时候发货")]); // the bot answers: a reply in the outbox
    const escalations = ListEscalationsResponse.parse((await h.call("GET /api/admin/escalations", {})).body);
    expect(escalations.shop).toBe("default");
    const outbox = ListOutboxResponse.parse((await h.call("GET /api/admin/outbox", {})).body);
    expect(outbox.items.length).toBeGreaterThan(0);
    const retry = await h.refused("POST /api/admin/outbox/:id/retry", { params: { id: outbox.items[0]!.id } });
    expect(retry.status).toBe(404); // only a failed delivery goes back in line
    ErrorBody.parse(retry.body);
    expect(RetryOutboxResponse.safeParse({ id: 1, status: "pending" }).success).toBe(true);
  });

  it("errors keep the one shape", async () => {
    h = await createHarness();
    const unauthorized = await h.app.request("/api/agent/me");
    expect(unauthorized.status).toBe(401);
    ErrorBody.parse(await unauthorized.json());
    const bad = await h.agent("default", "a1", "PUT", "/status", { online: "yes" });
    expect(bad.status).toBe(400);
    ErrorBody.parse(await bad.json());
  });

  it("requests are checked by their contract: a body of the wrong shape names the field, in the one error shape", async () => {
    h = await createHarness();
    const reply = await h.agent("default", "a1", "POST", "/chats/1/reply", { text: 42 });
    expect(reply.status).toBe(400);
    expect(await reply.json()).toEqual({ error: { code: "bad_request", message: "text is required (a non-empty string)", field: "text", reason: "required" } });
    const phrase = await h.admin("default", "/phrases", { method: "POST", body: JSON.stringify({ title: "问候" }), headers: { "content-type": "application/json" } });
    expect(phrase.status).toBe(400);
    expect(await phrase.json()).toEqual({ error: { code: "bad_request", message: "content is required (a non-empty string)", field: "content", reason: "required" } });
    const flag = await h.agent("default", "a1", "POST", "/chats/1/flag", { eventId: "7" });
    expect(flag.status).toBe(400);
    expect(await flag.json()).toEqual({ error: { code: "bad_request", message: "eventId must be a number", field: "eventId", reason: "invalid-type" } });
    const notJson = await h.agent("default", "a1", "POST", "/chats/1/transfer", undefined);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: "invalid_json", message: "body must be a JSON object" } });
  });
});

describe("GET /docs", () => {
  it("is the API reference, rendered from /openapi.json by the app's own script (no CDN, no inline script)", async () => {
    h = await createHarness();
    const page = await h.call("GET /docs", {});
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = page.body;
    expect(html).toContain('<script src="/docs/reference.js"></script>');
    expect(html).not.toMatch(/<script>|https?:\/\/(?!127)/);
    const script = await h.call("GET /docs/reference.js", {});
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");
    expect(script.body).toContain('fetch("/openapi.json")');
  });
});
