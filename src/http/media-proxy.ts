/**
 * The image proxy's fetch (GET /api/agent/media/…, docs/ui.md "图片和卡片" and "图片代理的安全"):
 * the URL is whatever a message carried, typed by a buyer's platform or by an agent, so the
 * server must not become a way into its own network (SSRF). Every hop is checked:
 *
 * - the scheme is http(s); a hostname that is an IP literal or `localhost` is judged at once
 *   (core/net-address.ts);
 * - the runtime's `hop` makes one request without following redirects. On Node it resolves the
 *   name, refuses it when any of its addresses is loopback, private, link-local or reserved, and
 *   connects to the very address it checked (src/node/media-hop.ts), so a second DNS answer
 *   (rebinding) cannot switch it; on Workers it is fetch() with `redirect: "manual"`
 *   (docs/workers.md: the edge has no route into the operator's network);
 * - redirects are followed here, by hand, each target checked the same way, at most
 *   MAX_REDIRECTS of them.
 *
 * `allowPrivate` (MEDIA_PROXY_ALLOW_PRIVATE=1, test and development only) lifts the address
 * checks, never the others: the tests' image server listens on 127.0.0.1.
 */
import { type AddressRefusal, hostnameRefusal } from "../core/net-address.js";
import { ApiError } from "./errors.js";

export const MAX_REDIRECTS = 3;
const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** One request to `url`, its redirects not followed; throws MediaAddressRefused for an address it must not reach. */
export type MediaHop = (url: URL, init: { signal: AbortSignal; allowPrivate: boolean }) => Promise<Response>;

export class MediaAddressRefused extends Error {
  constructor(
    readonly host: string,
    readonly refusal: AddressRefusal,
  ) {
    super(`${host} is a ${refusal} address`);
    this.name = "MediaAddressRefused";
  }
}

/** Workers (and any runtime without its own hop): fetch() as is, redirects handed back to fetchMedia. */
export const fetchHop: MediaHop = (url, { signal }) => fetch(url, { signal, redirect: "manual", headers: { accept: "image/*" } });

function unavailable(why: string): ApiError {
  return new ApiError(404, "not_found", `image unavailable: ${why}`, { reason: "image-unavailable" });
}

export function refusedError(err: MediaAddressRefused): ApiError {
  return new ApiError(403, "forbidden", `image refused: ${err.host} is a ${err.refusal} address; the server fetches images from public addresses only`, {
    reason: "private-address",
    host: err.host,
    addressKind: err.refusal,
  });
}

/**
 * The final answer for `url` (a 2xx or an error status, never a redirect), every hop checked.
 * Refusals are ApiErrors: 403 `private-address`, 404 `image-unavailable` (bad scheme, too many
 * redirects, network failure).
 */
export async function fetchMedia(url: string, opts: { hop: MediaHop; allowPrivate: boolean; signal: AbortSignal }): Promise<Response> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw unavailable("not a URL");
  }
  for (let redirects = 0; ; redirects++) {
    if (target.protocol !== "http:" && target.protocol !== "https:") throw unavailable(`${target.protocol} is not http(s)`);
    const refusal = opts.allowPrivate ? undefined : hostnameRefusal(target.hostname);
    if (refusal) throw refusedError(new MediaAddressRefused(target.hostname, refusal));
    let res: Response;
    try {
      res = await opts.hop(target, { signal: opts.signal, allowPrivate: opts.allowPrivate });
    } catch (err) {
      if (err instanceof MediaAddressRefused) throw refusedError(err);
      throw unavailable(err instanceof Error ? err.message : String(err));
    }
    const location = res.headers.get("location");
    if (!REDIRECT.has(res.status) || !location) return res;
    await res.body?.cancel();
    if (redirects >= MAX_REDIRECTS) throw unavailable(`more than ${MAX_REDIRECTS} redirects`);
    try {
      target = new URL(location, target);
    } catch {
      throw unavailable("a redirect to no URL");
    }
  }
}
