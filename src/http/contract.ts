/**
 * One contract per route, one source for the request validator and the OpenAPI document
 * (@hono/zod-openapi's `createRoute`, zod schemas): `mount()` validates each request's path
 * parameters, query and JSON body by its route's contract before the handler runs, and
 * `GET /openapi.json` documents the same objects. A route module may carry its contract itself
 * (`export const openapi = createRoute(…)`, as healthz, me, status, escalations and outbox do); the
 * others' contracts are written in src/http/contracts/, one record per route group keyed by
 * `METHOD path` as the group mounts it.
 *
 * The validator checks shapes — which fields, of which JSON type, which are required; the
 * handlers keep the checks of meaning (lengths, ranges, known ids), each naming its field, so a
 * refusal reads the same as before. A refusal here is `400 {"error":{"code":"bad_request",
 * "message","field","reason"}}` like every other.
 */
import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";
import { ApiError } from "./errors.js";
import { type ErrorStatus, errorResponses } from "./openapi.js";
import { jsonBody } from "./validate.js";

export type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

/** The contracts of one route group, by `METHOD path` (the path as the group mounts it, `:id` style). */
export type Contracts = Readonly<Record<string, RouteConfig>>;

/** `/chats/:id/reply` → `/chats/{id}/reply` (OpenAPI's path template). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

interface OperationSpec {
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodObject;
  /** the success answer: its status (default 200), description and schema (JSON unless `contentType`) */
  response: { status?: number; description: string; schema?: z.ZodType; contentType?: string };
  /** more success answers (e.g. 202 while the FAQ rebuilds) */
  also?: Record<number, { description: string; schema: z.ZodType }>;
  errors?: ErrorStatus[];
  /** the body's fields are checked by another parser that names them its own way (the FAQ editor: the FAQ files' parser) */
  bodyCheckedBy?: string;
}

/** contracts whose body the validator leaves to its own parser (OperationSpec.bodyCheckedBy) */
const BODY_CHECKED_ELSEWHERE = new WeakSet<RouteConfig>();

/** One operation's contract, keyed `METHOD path`. */
export function operation(method: Method, path: string, spec: OperationSpec): [string, RouteConfig] {
  const { status = 200, description, schema, contentType = "application/json" } = spec.response;
  const request: NonNullable<RouteConfig["request"]> = {
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: { required: true, ...(spec.bodyCheckedBy ? { description: `checked by ${spec.bodyCheckedBy}` } : {}), content: { "application/json": { schema: spec.body } } } } : {}),
  };
  const config = createRoute({
    method: method.toLowerCase() as "get",
    path: openApiPath(path),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(Object.keys(request).length ? { request } : {}),
    responses: {
      [status]: { description, ...(schema ? { content: { [contentType]: { schema } } } : {}) },
      ...Object.fromEntries(Object.entries(spec.also ?? {}).map(([s, r]) => [s, { description: r.description, content: { "application/json": { schema: r.schema } } }])),
      ...errorResponses(...(spec.errors ?? [])),
    },
  });
  if (spec.bodyCheckedBy) BODY_CHECKED_ELSEWHERE.add(config);
  return [`${method} ${path}`, config];
}

/** The contract of a mounted route: its module's own, else its group's. */
export function contractOf(module: object, method: string, path: string, contracts: Contracts = {}): RouteConfig | undefined {
  const own = (module as { openapi?: RouteConfig }).openapi;
  if (own && own.method.toUpperCase() === method) return own;
  return contracts[`${method} ${path}`];
}

/** Where a zod issue points, as the field an error names (`answers.douyin`, or the parameter's name). */
function fieldOf(issue: z.core.$ZodIssue, where: string): string {
  return issue.path.length ? issue.path.map(String).join(".") : where;
}

/** The value an issue is about (zod leaves the input out of its issues). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
}

/** A refusal worded as the hand validators word theirs (src/http/validate.ts), so a client reads the same. */
function refusal(issue: z.core.$ZodIssue, value: unknown, where: string): ApiError {
  const field = fieldOf(issue, where);
  if (issue.code === "invalid_type") {
    if (issue.expected === "boolean") return new ApiError(400, "bad_request", `${field} must be true or false`, { field, reason: "not-boolean" });
    if (issue.expected === "string") return new ApiError(400, "bad_request", `${field} is required (a non-empty string)`, { field, reason: "required" });
    if (valueAt(value, issue.path) === undefined) return new ApiError(400, "bad_request", `${field} is required`, { field, reason: "required" });
    return new ApiError(400, "bad_request", `${field} must be ${issue.expected === "int" ? "a whole number" : `a ${issue.expected}`}`, { field, reason: "invalid-type" });
  }
  return new ApiError(400, "bad_request", `${field}: ${issue.message}`, { field, reason: "invalid" });
}

function check(schema: z.ZodType | undefined, value: unknown, where: string): void {
  if (!schema) return;
  const r = schema.safeParse(value);
  if (!r.success) throw refusal(r.error.issues[0]!, value, where);
}

/** The request checks of a contract, as middleware before the handler (the JSON body is read once: Hono keeps it for the handler). */
export function validateRequest(contract: RouteConfig): MiddlewareHandler<AppEnv> | undefined {
  const req = contract.request;
  if (!req) return undefined;
  const body = BODY_CHECKED_ELSEWHERE.has(contract) ? undefined : (req.body?.content?.["application/json"] as { schema?: z.ZodType } | undefined)?.schema;
  return async (c: Context<AppEnv>, next) => {
    check(req.params as z.ZodType | undefined, c.req.param(), "path");
    check(req.query as z.ZodType | undefined, c.req.query(), "query");
    if (body) check(body, await jsonBody(c), "body");
    await next();
  };
}

// ---- shapes shared by several contracts ----------------------------------------------------

/** ISO 8601 in platform time (Asia/Shanghai), e.g. 2026-01-07T10:00:00+08:00. */
export const Time = z.string().openapi({ example: "2026-01-07T10:00:00+08:00" });
/** checked as a number by the handler (idParam: "id must be a number"), so the refusal reads as before */
export const IdParam = z.object({ id: z.string().openapi({ description: "a number", example: "12" }) });
/** Every open answer object: its documented fields, and any more it carries. */
export const open = <T extends z.ZodRawShape>(shape: T) => z.object(shape).catchall(z.unknown());
/** `?shop=`: needed when the admin token covers several shops. */
export const ShopQuery = { shop: z.string().optional().openapi({ description: "the shop, when the admin token covers several" }) };

export const Chat = z
  .object({
    id: z.number().int(),
    platform: z.string(),
    conversation: z.string(),
    buyerNick: z.string().nullable(),
    status: z.string(),
    agent: z.string().nullable(),
    pendingSince: Time.nullable(),
    deadlineAt: Time.nullable(),
    secondsLeft: z.number().int().nullable().openapi({ description: "negative once the deadline has passed" }),
    clockRuns: z.boolean(),
    remindAt: Time.nullable(),
    escalated: z.boolean(),
    lastMessage: z.string().nullable(),
    lastMessageAt: Time.nullable(),
    suggestion: z
      .object({
        faqId: z.string().nullable(),
        answer: z.string(),
        // GET /api/agent/chats/:id only: the entry's question, what the agent reads (ids are the admin's)
        question: z.string().optional(),
      })
      .nullable(),
  })
  .openapi("Chat");

/** A chat as the agent and admin APIs answer it (lists, the live feed, GET /chats/:id). */
export type ChatView = z.infer<typeof Chat>;

export const StoredMessage = open({
  id: z.string(),
  at: Time.nullable(),
  from: z.string(),
  type: z.string(),
  agent: z.string().nullable(),
  bot: z.string().nullable(),
  mode: z.string().nullable(),
  text: z.string().nullable(),
}).openapi("StoredMessage");

export const AgentView = z.object({ id: z.string(), name: z.string(), maxConcurrent: z.number().int(), disabled: z.boolean() }).openapi("Agent");
export const Phrase = open({ id: z.number().int(), title: z.string(), content: z.string() }).openapi("QuickPhrase");
