/**
 * Typed calls of the app's routes, keyed `METHOD /mounted/path` (test/support/harness.ts `call`,
 * and test/contract/suite.ts on Node and inside workerd): the request typed from the route's
 * contract, the answer checked against it at runtime and typed by it. No Node import here: the
 * contract suite runs it in workerd too.
 */
import type { RouteConfig, z } from "@hono/zod-openapi";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { type ApiContracts, type ApiRoute, documentedRoutes } from "../../src/http/app.js";
import type { RequestOf, ResponseOf } from "../../src/http/contract.js";
import { contractsByRoute, ErrorBody } from "../../src/http/openapi.js";
import type { PlatformModule } from "../../src/platforms/types.js";
import { SECRET } from "../contract/fixtures.js";

export interface TypedCalls {
  /**
   * A typed call of a route, keyed `METHOD /mounted/path` as the router names it: its params,
   * query and body are typed from the route's request schemas, and its answer must be one of the
   * route's declared success answers — parsed against that schema (a drift fails the test) and
   * typed from it. The caller is an agent of the shop on /api/agent/*, an admin of it on the other
   * /api/* routes; the generic webhook's body is signed as the shop's source would.
   */
  call<K extends ApiRoute>(key: K, init: CallInit<K>): Promise<Answer<ResponseOf<ApiContracts[K]>>>;
  /** A call the route must refuse: an error status its contract declares, with the one error body. The request is free-form (refusals are of bad requests). */
  refused(key: ApiRoute, init?: Caller & LooseRequest): Promise<Answer<ErrorAnswer>>;
}

/** Who calls: an agent (/api/agent/*) or an admin (other /api/*) of `shop` ("default"); `token` instead of theirs, null for none. */
export interface Caller {
  shop?: string;
  agent?: string;
  token?: string | null;
  headers?: Record<string, string>;
  /** the exact body bytes (a platform's push), instead of `body` */
  raw?: string;
  /** to end a stream (the live feeds) */
  signal?: AbortSignal;
}
type Loosen<T> = T extends { params: infer P } ? Omit<T, "params"> & { params: { [K in keyof P]: P[K] | number } } : T;
/** A typed call's request: `params`, `query` and `body` as the route's contract types them. */
export type CallInit<K extends ApiRoute> = Caller & Loosen<RequestOf<ApiContracts[K]>>;
interface LooseRequest {
  params?: Record<string, string | number>;
  query?: Record<string, string | undefined>;
  body?: unknown;
}
/** the one error body, `{"error": {"code", "message", …}}` */
export type ErrorAnswer = z.infer<typeof ErrorBody>;
export interface Answer<T> {
  status: number;
  /** the answer's body, checked against the contract: JSON parsed (as sent, not as zod strips it), a stream, bytes or text */
  body: T;
  /** the body's exact text (not for a stream or bytes) */
  text?: string;
  headers: Headers;
}

/**
 * The typed calls of an app (Harness.call, Harness.refused): any app built from the same
 * routes, e.g. a test's own mount of one route group. `now`: the generic webhook's signing time.
 */
export function typedCalls(app: { request(input: string, init?: RequestInit): Response | Promise<Response> }, opts: { platforms?: readonly PlatformModule[]; now?: () => number } = {}): TypedCalls {
  const now = opts.now ?? Date.now;
  const byRoute = contractsByRoute(documentedRoutes(opts.platforms));
  /** the request of a typed call: the route's path filled in, its caller's credentials */
  async function send(key: string, init: Caller & LooseRequest = {}): Promise<{ contract: RouteConfig; res: Response }> {
    const contract = byRoute.get(key);
    if (!contract) throw new Error(`no route ${key} in the app's contracts`);
    const [method, template] = key.split(" ") as [string, string];
    const path = template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
      const value = init.params?.[name];
      if (value === undefined) throw new Error(`${key}: params.${name} is missing`);
      return encodeURIComponent(String(value));
    });
    const query = new URLSearchParams(Object.entries(init.query ?? {}).filter((e): e is [string, string] => e[1] !== undefined)).toString();
    const shop = init.shop ?? "default";
    const raw = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    const headers: Record<string, string> = raw === undefined ? {} : { "content-type": "application/json" };
    if (init.token !== undefined) {
      if (init.token !== null) headers.authorization = `Bearer ${init.token}`;
    } else if (path.startsWith("/api/agent/")) {
      if (!init.agent) throw new Error(`${key}: an agent calls /api/agent/* (init.agent)`);
      headers.authorization = `Bearer ${shop}-${init.agent}-token`;
    } else if (path.startsWith("/api/")) headers.authorization = `Bearer admin-token-${shop}`;
    if (path.startsWith("/webhooks/generic/") && raw !== undefined) headers["x-signature"] = await signGenericBody(SECRET, raw, Math.floor(now() / 1000));
    const res = await app.request(`${path}${query ? `?${query}` : ""}`, { method, headers: { ...headers, ...init.headers }, body: raw, signal: init.signal });
    return { contract, res };
  }
  return {
    async call(key, init) {
      const { contract, res } = await send(key, init as Caller & LooseRequest);
      return (await successOf(key, contract, res)) as never;
    },
    async refused(key, init) {
      const { contract, res } = await send(key, init);
      return refusalOf(key, contract, res);
    },
  };
}

/** A route's success answer, checked against its contract: a declared success status, a body its schema accepts. */
export async function successOf(key: string, contract: RouteConfig, res: Response): Promise<Answer<unknown>> {
  const declared = contract.responses[res.status] as { content?: Record<string, { schema?: z.ZodType }> } | undefined;
  if (res.status < 200 || res.status >= 300 || !declared) throw new Error(`${key} answered ${res.status}${declared ? "" : ", which its contract does not declare"}: ${await res.text()}`);
  const [type, media] = Object.entries(declared.content ?? {})[0] ?? ["", {}];
  let body: unknown;
  let text: string | undefined;
  if (type === "text/event-stream" || type.startsWith("image/")) {
    if (!res.headers.get("content-type")?.startsWith(type.replace("*", ""))) throw new Error(`${key} answered ${res.headers.get("content-type")}, its contract says ${type}`);
    body = type === "text/event-stream" ? res.body : await res.arrayBuffer();
  } else {
    text = await res.text();
    body = type.includes("json") ? JSON.parse(text) : text;
    const checked = media.schema?.safeParse(body);
    if (checked && !checked.success) throw new Error(`${key} ${res.status}: the answer does not match its contract: ${checked.error.message}\n${JSON.stringify(body).slice(0, 2000)}`);
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** A route's refusal, checked against its contract: a declared error status, the one error body. */
export async function refusalOf(key: string, contract: RouteConfig, res: Response): Promise<Answer<ErrorAnswer>> {
  const text = await res.text();
  if (res.status < 400) throw new Error(`${key} answered ${res.status}, not a refusal: ${text}`);
  if (!contract.responses[res.status]) throw new Error(`${key} refused with ${res.status}, which its contract does not declare: ${text}`);
  const body = JSON.parse(text) as unknown;
  ErrorBody.parse(body);
  return { status: res.status, body: body as ErrorAnswer, headers: res.headers };
}
