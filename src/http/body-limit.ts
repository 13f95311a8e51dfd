/**
 * The request-body size limit. A request that declares its length (every platform push and
 * every ordinary client does) is judged by its Content-Length header alone: Node's HTTP parser
 * never reads past the declared length, so the header is the body's size. Only a chunked body
 * without a length is counted as it streams, by hono's own bodyLimit.
 *
 * Why not hono's bodyLimit for everything: its first step, `c.req.raw.body`, makes the Node
 * adapter build a web ReadableStream and a full undici Request for every request, which
 * measured at about 0.09 ms of CPU per webhook, a fifth of the whole ingest path
 * (`npm run bench:ingest`). Reading the header costs next to nothing.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

export function limitBody(maxBytes: number, tooLarge: (c: Context) => never): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && /^\d+$/.test(length) && c.req.header("transfer-encoding") === undefined) {
      if (Number(length) > maxBytes) tooLarge(c);
      return next();
    }
    return streamed(c, next);
  };
}
