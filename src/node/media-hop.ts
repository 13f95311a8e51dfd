/**
 * The image proxy's hop on Node (src/http/media-proxy.ts): resolves the URL's host, refuses it
 * when any of its addresses is one of the server's own network (core/net-address.ts), and
 * connects to the address it checked: the socket is opened to that IP, the name kept only
 * for the Host header and TLS (SNI and the certificate check), so a DNS answer that changes
 * between the check and the connection (rebinding) changes nothing. Redirects are not followed
 * here: fetchMedia checks and follows each.
 */
import { lookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { Readable } from "node:stream";
import { addressRefusal } from "../core/net-address.js";
import { MediaAddressRefused, type MediaHop } from "../http/media-proxy.js";

/** Every address of a host name, as the resolver answers. */
export type Resolve = (host: string) => Promise<string[]>;

const systemResolve: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Every address of `host` (an IP literal is its own), checked unless private ones are allowed. */
async function checkedAddress(host: string, allowPrivate: boolean, resolve: Resolve): Promise<string> {
  const addresses = isIP(host) ? [host] : await resolve(host);
  if (!addresses.length) throw new Error(`${host} has no address`);
  if (!allowPrivate) {
    // one inward address among public ones is refused too: which one a client picks is not ours to trust
    for (const a of addresses) {
      const refusal = addressRefusal(a);
      if (refusal) throw new MediaAddressRefused(host, refusal);
    }
  }
  // IPv4 first: one address is tried (no happy eyeballs here), and a server without an IPv6
  // route would fail on a CDN that answers AAAA first
  return addresses.find((a) => isIP(a) === 4) ?? addresses[0]!;
}

function toResponse(res: IncomingMessage): Response {
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  const status = res.statusCode ?? 502;
  // a Response with these statuses may carry no body
  const empty = status === 204 || status === 205 || status === 304;
  if (empty) res.resume();
  return new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status: status < 200 || status > 599 ? 502 : status, headers });
}

/** The hop with another resolver (the tests' names, and their rebinding answers). */
export const nodeMediaHopWith =
  (resolveHost: Resolve): MediaHop =>
  async (url, { signal, allowPrivate }) => {
    const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    // resolved once: the connection goes to this address, never to a second answer
    const address = await checkedAddress(host, allowPrivate, resolveHost);
    const tls = url.protocol === "https:";
    const send = tls ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const req = send(
        {
          host: address,
          port: url.port || (tls ? 443 : 80),
          path: `${url.pathname}${url.search}`,
          method: "GET",
          headers: { host: url.host, accept: "image/*" },
          // the certificate is checked against the name, not the address we connect to
          ...(tls && !isIP(host) ? { servername: host } : {}),
          agent: false,
          signal,
        },
        (res) => resolve(toResponse(res)),
      );
      req.on("error", reject);
      req.end();
    });
  };

export const nodeMediaHop: MediaHop = nodeMediaHopWith(systemResolve);
