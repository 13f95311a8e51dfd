/** A service's refusal (ServiceError) becomes HTTP in one place: src/http/errors.ts, handleError. */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { handleError } from "../../src/http/errors.js";
import { conflict, invalid, notFound, ServiceError } from "../../src/services/errors.js";

describe("service errors over HTTP", () => {
  const app = new Hono();
  app.onError(handleError);
  app.get("/not-found", () => {
    throw notFound("no chat 7 in this shop", { reason: "chat-not-found" });
  });
  app.get("/conflict", () => {
    throw conflict("this chat is with xiaowang", { reason: "chat-with-other", agentName: "小王" });
  });
  app.get("/invalid", () => {
    throw invalid('no agent "nobody" in this shop', { field: "agent", reason: "unknown-agent" });
  });

  it.each([
    ["/not-found", 404, { code: "not_found", message: "no chat 7 in this shop", reason: "chat-not-found" }],
    ["/conflict", 409, { code: "conflict", message: "this chat is with xiaowang", reason: "chat-with-other", agentName: "小王" }],
    ["/invalid", 400, { code: "bad_request", message: 'no agent "nobody" in this shop', field: "agent", reason: "unknown-agent" }],
  ] as const)("%s → %i with the error body", async (path, status, error) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
  });

  it("carries its kind without HTTP", () => {
    const e = notFound("x");
    expect(e).toBeInstanceOf(ServiceError);
    expect(e.kind).toBe("not_found");
    expect("status" in e).toBe(false);
  });
});
