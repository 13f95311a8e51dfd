/**
 * The adapter contract of a platform: everything the rest of the system needs to know about one
 * platform lives in its folder `src/platforms/<id>/` as one `PlatformModule`, listed once in
 * `src/platforms/registry.ts`. From the registry derive: the webhook route
 * `POST /webhooks/:platform/:shop` (src/http/routes/webhooks/receive.ts, which does the shared
 * opening once: shop or 404, credentials or 503, raw body, verify or 401), the native reply
 * senders, and the platforms' Chinese names and list served to the UI (/ui/assets/labels.js).
 */
import type { ShopConfig } from "../config/types.js";
import type { ReplyContentKind } from "../core/outbound.js";
import type { Fetch, ReplySender } from "../delivery/deliver.js";
import type { Logger, ServiceContext } from "../services/context.js";

/** What a verified push is, or why it is refused (the status is the HTTP answer: 400, 401, 403, or 503 for our own bad configuration). */
export type Verified<P> = { ok: true; push: P } | { ok: false; status: 400 | 401 | 403 | 503; reason: string };

/** A platform's message push: authenticate the raw body, turn it into events, acknowledge it. */
export interface PushAdapter<Creds, P = unknown> {
  /** the shop's credentials for this push, or undefined (→ 503) */
  credentials(shop: ShopConfig): Creds | undefined;
  /** the 503 message when they are missing: names the variables to set */
  missingCredentials(shopId: string): string;
  /** authentication over the exact bytes received (a signature, or decryption) */
  verify(input: { raw: Uint8Array; header(name: string): string | undefined; creds: Creds; now: number; shopId: string; log: Logger }): Promise<Verified<P>>;
  /** stores the push's events (de-duplicated, decided) and returns the acknowledgement body the platform expects (HTTP 200) */
  receive(input: { ctx: ServiceContext; shopId: string; creds: Creds; push: P }): Promise<unknown>;
}

export interface PlatformModule {
  /** the id in URLs (/webhooks/<id>/:shop), events and config */
  id: string;
  /** the name a person reads (the UI is Chinese) */
  name: string;
  /** its message push, if the platform pushes to us over HTTP (Taobao's TMC is a client instead) */
  push?: PushAdapter<unknown, unknown>;
  /** its native reply sender, if any (else replies go to the shop's outbound webhook) */
  replySender?(fetch: Fetch, now: () => number): ReplySender;
  /**
   * With a native sender: for which shops it sends (the others' replies go to the generic
   * outbound webhook), and what it can carry besides text: only what the platform's wire format
   * is known to take. Never guessed: an unknown format is left out, and such replies are refused.
   */
  nativeReplies?: { sendsFor(shop: ShopConfig): boolean; content: readonly ReplyContentKind[] };
}
