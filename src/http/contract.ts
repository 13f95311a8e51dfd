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
import type { Context, MiddlewareHandler, TypedResponse } from "hono";
import type { JSONParsed } from "hono/utils/types";
import type { ContentfulStatusCode } from "hono/utils/http-status";
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

export interface OperationSpec {
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** request headers the route reads (the webhook's signature) */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** the success answer: its status (default 200), description and schema (JSON unless `contentType`) */
  response: { status?: number; description: string; schema?: z.ZodType; contentType?: string };
  /** more success answers (e.g. 202 while the FAQ rebuilds) */
  also?: Record<number, { description: string; schema: z.ZodType }>;
  errors?: readonly ErrorStatus[];
  /** the body's fields are checked by another parser that names them its own way (the FAQ editor: the FAQ files' parser) */
  bodyCheckedBy?: string;
}

/** contracts whose body the validator leaves to its own parser (OperationSpec.bodyCheckedBy) */
const BODY_CHECKED_ELSEWHERE = new WeakSet<RouteConfig>();
/** each contract's main success status (OperationSpec.response.status), what `respond` answers with unless told */
const MAIN_STATUS = new WeakMap<RouteConfig, number>();

/** Where a contract keeps its spec for the type checker: a key that no value ever has (types only). */
declare const SPEC: unique symbol;
/** A route's contract: the OpenAPI route config, and in its type the spec it was made from (`RequestOf`, `ResponseOf`). */
export type Contract<S extends OperationSpec = OperationSpec> = RouteConfig & { readonly [SPEC]?: S };

/** One route's contract (`path` as the router mounts it, `:id` style). */
export function contract<const S extends OperationSpec>(method: Method, path: string, spec: S): Contract<S> {
  const { status = 200, description, schema, contentType = "application/json" } = spec.response;
  const request: NonNullable<RouteConfig["request"]> = {
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.headers ? { headers: spec.headers } : {}),
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
  MAIN_STATUS.set(config, status);
  return config;
}

/** One operation's contract, keyed `METHOD path` (a group's record: `contracts(…)`). */
export function operation<const M extends Method, const P extends string, const S extends OperationSpec>(method: M, path: P, spec: S): readonly [`${M} ${P}`, Contract<S>] {
  return [`${method} ${path}`, contract(method, path, spec)] as const;
}

/** A group's contracts by `METHOD path`, keeping each one's type (so a route module's `ResponseOf<typeof …>` is its own). */
export function contracts<const T extends readonly (readonly [string, RouteConfig])[]>(...ops: T): { readonly [E in T[number] as E[0]]: E[1] } {
  return Object.fromEntries(ops) as { readonly [E in T[number] as E[0]]: E[1] };
}

/** The contracts route modules carry themselves (`export const openapi = contract(…)`), keyed like a group's. */
export function ownContracts<const Ms extends readonly { route: { method: Method; path: string }; openapi: RouteConfig }[]>(...modules: Ms): { readonly [M in Ms[number] as `${M["route"]["method"]} ${M["route"]["path"]}`]: M["openapi"] } {
  return Object.fromEntries(modules.map((m) => [`${m.route.method} ${m.route.path}`, m.openapi])) as never;
}

// ---- the types a contract gives its route and its tests -------------------------------------

type SpecOf<C> = C extends { readonly [SPEC]?: infer S } ? Exclude<S, undefined> : never;
/** a spec's field, `never` where it has none */
type Field<C, K extends string> = SpecOf<C> extends { [P in K]: infer V } ? V : never;
type Input<T> = T extends z.ZodType ? z.input<T> : never;
/** what one answer's body is: JSON as its schema says; a stream, bytes or text otherwise */
type BodyOf<R> = R extends { contentType: "text/event-stream" } ? Response["body"] : R extends { contentType: `image/${string}` } ? ArrayBuffer : R extends { schema: infer Z extends z.ZodType } ? z.infer<Z> : undefined;
type MainStatus<S> = S extends { response: { status: infer N extends number } } ? N : 200;
/** status → body of each success answer a contract declares */
export type Answers<C> = { [K in MainStatus<SpecOf<C>>]: BodyOf<Field<C, "response">> } & ([Field<C, "also">] extends [never] ? unknown : { [K in keyof Field<C, "also"> & number]: BodyOf<Field<C, "also">[K]> });
/** The success statuses of a contract. */
export type SuccessStatus<C> = keyof Answers<C> & number;
/** The body of a route's success answer (`z.infer` of its response schema; of the one for `St` when it has several). */
export type ResponseOf<C, St extends SuccessStatus<C> = SuccessStatus<C>> = Answers<C>[St];
/** What a request to the route carries: its path parameters, query and JSON body (`z.input` of their schemas), each where it has any. */
export type RequestOf<C> = ([Input<Field<C, "params">>] extends [never] ? unknown : { params: Input<Field<C, "params">> }) &
  ([Input<Field<C, "query">>] extends [never] ? unknown : { query?: Input<Field<C, "query">> }) &
  ([Input<Field<C, "body">>] extends [never] ? unknown : { body: Input<Field<C, "body">> });

/**
 * A handler's JSON answer, checked by the type checker against the route's declared response
 * schema: what a handler builds is what its contract (and so /openapi.json) says. The status is
 * the contract's main one unless given (one of its declared success statuses).
 */
export function respond<C extends Contract, St extends SuccessStatus<C> = MainStatus<SpecOf<C>> & SuccessStatus<C>, B extends ResponseOf<C, St> = ResponseOf<C, St>>(
  c: Context,
  contract: C,
  body: B,
  status?: St,
): Response & TypedResponse<JSONParsed<B>, ContentfulStatusCode, "json"> {
  // typed as hono's c.json answer of the body given (checked above against the contract), so a
  // client reading the handler's type (the UI's contracts/answers.ts) sees what is really sent
  return c.json(body as never, (status ?? MAIN_STATUS.get(contract) ?? 200) as ContentfulStatusCode) as unknown as Response & TypedResponse<JSONParsed<B>, ContentfulStatusCode, "json">;
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
/**
 * Every open answer object: its documented fields, and any more it carries. Typed by the
 * documented fields alone (a service's interface has no index signature), so `respond` checks
 * those and lets the rest through, as the schema does.
 */
export const open = <T extends z.ZodRawShape>(shape: T) => z.object(shape).catchall(z.unknown()) as unknown as z.ZodObject<T>;
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
export const Phrase = z.object({ id: z.number().int(), scope: z.enum(["shop", "personal"]), title: z.string(), content: z.string(), updatedAt: z.number().int().openapi({ description: "epoch milliseconds" }) }).openapi("QuickPhrase");
