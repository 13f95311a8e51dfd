/**
 * The typed contract's own checks: a typed call fails the test when a route's answer drifts from
 * its declared schema or status, and the type checker refuses a handler's answer, a request or a
 * read that its route's schemas do not allow (the `@ts-expect-error` lines below are checked by
 * `tsc --noEmit`: were the types loose, the unused directive would fail it).
 */
import type { Context } from "hono";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type RequestOf, type ResponseOf, respond } from "../../src/http/contract.js";
import { ADMIN_CONTRACTS } from "../../src/http/contracts/admin.js";
import * as healthz from "../../src/http/routes/healthz.js";
import type { ListChatsResponse } from "../../src/http/routes/agent/list-chats.js";
import { createHarness, refusalOf, successOf } from "../support/harness.js";

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("a typed call checks the answer against the route's contract", () => {
  it("passes the declared answer through as sent", async () => {
    const answer = await successOf("GET /healthz", healthz.openapi, json({ ok: true, shops: ["default"] }));
    expect(answer.body).toEqual({ ok: true, shops: ["default"] });
  });

  it("fails on a body its schema refuses, naming the route", async () => {
    await expect(successOf("GET /healthz", healthz.openapi, json({ ok: "yes", shops: [] }))).rejects.toThrow(/GET \/healthz 200: the answer does not match its contract/);
  });

  it("fails on a status the contract does not declare, a success or a refusal", async () => {
    await expect(successOf("GET /healthz", healthz.openapi, json({ ok: true, shops: [] }, 201))).rejects.toThrow(/answered 201, which its contract does not declare/);
    await expect(refusalOf("GET /healthz", healthz.openapi, json({ error: { code: "conflict", message: "x" } }, 409))).rejects.toThrow(/refused with 409, which its contract does not declare/);
  });

  it("a refusal must carry the one error body", async () => {
    const retry = ADMIN_CONTRACTS["GET /queue"];
    await expect(refusalOf("GET /api/admin/queue", retry, json({ message: "no" }, 401))).rejects.toThrow();
    expect((await refusalOf("GET /api/admin/queue", retry, json({ error: { code: "unauthorized", message: "no" } }, 401))).body.error.code).toBe("unauthorized");
  });

  it("a live call: the typed answer is the route's, and a refused request is a declared refusal", async () => {
    const h = await createHarness();
    try {
      const me = await h.call("GET /api/agent/me", { agent: "a1" });
      expectTypeOf(me.body.agent.online).toEqualTypeOf<boolean>();
      expect(me.body.agent).toMatchObject({ id: "a1", online: false });
      const refused = await h.refused("GET /api/agent/me", { token: "nope" });
      expect(refused.status).toBe(401);
      await expect(h.call("GET /api/agent/me", { agent: "nobody" })).rejects.toThrow(/answered 401/);
    } finally {
      h.close();
    }
  });
});

describe("the types come from the same schemas", () => {
  it("a handler's answer, a request and a read are checked by the type checker", () => {
    const c = {} as Context;
    const put = ADMIN_CONTRACTS["PUT /faq/entries/:id"];
    // only when it runs: a type check, not a call
    const never = () => {
      // @ts-expect-error — `ok` is `true` in the schema
      respond(c, healthz.openapi, { ok: false, shops: [] });
      // @ts-expect-error — an answer field the schema does not declare
      respond(c, healthz.openapi, { ok: true, shops: [], extra: 1 });
      // @ts-expect-error — 201 is not one of the route's success statuses (200, 202)
      respond(c, put, { id: "x" }, 201);
      // @ts-expect-error — the body's answer must be a string
      const bad: RequestOf<typeof put> = { params: { id: "x" }, body: { question: "q", answer: 1 } };
      return bad;
    };
    expect(typeof never).toBe("function");
    expectTypeOf<ResponseOf<typeof healthz.openapi>>().toEqualTypeOf<{ ok: true; shops: string[] }>();
    expectTypeOf<ListChatsResponse["chats"][number]["secondsLeft"]>().toEqualTypeOf<number | null>();
  });
});
