/**
 * GET /openapi.json: an OpenAPI 3.1 document (validated by @apidevtools/swagger-parser) of every
 * route the app registers, and the routes answer what they declare: each real response below is
 * parsed with the schema its contract holds (the same schema types its handler, or validates its
 * requests: a body of the wrong shape is refused naming the field, in the one error shape).
 * GET /docs renders the document with the app's own script (no CDN).
 */
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
  return (await (await harness.app.request("/openapi.json")).json()) as OpenAPIV3_1.Document;
}

const operationsOf = (doc: OpenAPIV3_1.Document) => Object.entries(doc.paths ?? {}).flatMap(([path, item]) => Object.keys(item ?? {}).map((method) => `${method} ${path}`));

describe("GET /openapi.json", () => {
  it("covers every route the app registers: each method and path of the router, each push source of the webhook", async () => {
    h = await createHarness();
    const documented = new Set(operationsOf(await documentOf(h)));
    const registered = h.app.routes
      .filter((r) => r.method !== "ALL")
      .flatMap((r) => {
        const path = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}").replace(/(.)\/$/, "$1");
        // the one webhook route serves every push source: each is documented with its own path
        return path === "/webhooks/{source}/{shop}" ? [...pushSources().keys()].map((s) => `${r.method.toLowerCase()} /webhooks/${s}/{shop}`) : [`${r.method.toLowerCase()} ${path}`];
      });
    expect(registered.length).toBeGreaterThan(50);
    expect(registered.filter((op) => !documented.has(op))).toEqual([]);
    // and nothing documented that is not served
    expect([...documented].filter((op) => !registered.includes(op))).toEqual([]);
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
    HealthResponse.parse(await (await h.app.request("/healthz")).json());
    const posted = await h.postEvents([buyer("kuaishou", "buyer-oa", T0, "什么时候发货"), buyer("douyin", "buyer-ob", T0, "你好")]);
    expect(posted.status).toBe(200);
    expect(GenericWebhookResponse.parse(await posted.json())).toEqual({ accepted: 2, duplicates: 0 });
    MeResponse.parse(await (await h.agent("default", "a1", "GET", "/me")).json());
    expect(SetStatusResponse.parse(await (await h.agent("default", "a1", "PUT", "/status", { online: true })).json())).toEqual({ online: true });
  });

  it("the admin's escalations and outbox, and retrying a delivery that is not failed", async () => {
    h = await createHarness();
    await h.postEvents([buyer("kuaishou", "buyer-oc", T0, "什么时候发货")]); // the bot answers: a reply in the outbox
    const escalations = ListEscalationsResponse.parse(await (await h.admin("default", "/escalations")).json());
    expect(escalations.shop).toBe("default");
    const outbox = ListOutboxResponse.parse(await (await h.admin("default", "/outbox")).json());
    expect(outbox.items.length).toBeGreaterThan(0);
    const retry = await h.admin("default", `/outbox/${outbox.items[0]!.id}/retry`, { method: "POST" });
    expect(retry.status).toBe(404); // only a failed delivery goes back in line
    ErrorBody.parse(await retry.json());
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
    const page = await h.app.request("/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="/docs/reference.js"></script>');
    expect(html).not.toMatch(/<script>|https?:\/\/(?!127)/);
    const script = await h.app.request("/docs/reference.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");
    expect(await script.text()).toContain('fetch("/openapi.json")');
  });
});
