/**
 * The native reply sender of Kuaishou: `open.cs.intelligent.message.send`, signed form post.
 * Registered as the `kuaishou` platform's native sender (src/platforms/kuaishou/index.ts). A shop with
 * Kuaishou credentials but no access token falls back to the generic outbound webhook.
 */
import { DeliveryError } from "../../core/outbound.js";
import { buildKuaishouSendRequest, readKuaishouApiResponse, type KuaishouSignMethod } from "./codec.js";
import { genericReplySender, type Fetch, type ReplySender } from "../../delivery/generic-sender.js";

const TIMEOUT_MS = 10_000;

export function kuaishouReplySender(fetchImpl: Fetch, now: () => number, opts: { signMethod?: KuaishouSignMethod } = {}): ReplySender {
  const generic = genericReplySender(fetchImpl, now);
  return async (reply, shop) => {
    const creds = shop.config.credentials.kuaishou;
    if (!creds || !creds.accessToken) return generic(reply, shop);
    // refused at the reply route (platforms/registry.ts replyContentFor); one queued before the
    // shop had a token must fail visibly, not go out as an empty text
    if (reply.image || reply.order || reply.goods || reply.logistics) throw new DeliveryError("Kuaishou's message format for an image or card is not known here; only text is sent", false, "unsupported-content");
    const req = await buildKuaishouSendRequest({ creds, reply, timestamp: now(), ...(opts.signMethod ? { signMethod: opts.signMethod } : {}) });
    let res: Response;
    try {
      res = await fetchImpl(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new DeliveryError(`Kuaishou send failed: ${err instanceof Error ? err.message : String(err)}`, true, "network");
    }
    const outcome = readKuaishouApiResponse(res.status, await res.text());
    if (!outcome.ok) throw new DeliveryError(`Kuaishou ${req.params.method}: ${outcome.message}`, outcome.retryable, "platform-error");
  };
}
