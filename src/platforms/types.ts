/**
 * The adapter contract of a platform: everything the rest of the system needs to know about one
 * platform lives in its folder `src/platforms/<id>/` as one `PlatformModule`, listed once in
 * `src/platforms/registry.ts`. From the registry derive: the platform ids of the event format
 * (core/events.ts `platformIds`), the rule presets, editions and deadline rules
 * (core/rules/presets.ts, editions.ts), credentials from the environment and the config file
 * (config/load.ts), the webhook route `POST /webhooks/:platform/:shop`
 * (src/http/routes/webhooks/receive.ts, which does the shared opening once: shop or 404,
 * credentials or 503, raw body, verify or 401), the native reply senders, the simulator's
 * traffic, the escalation notices' names, and the platforms' Chinese names and list served to the
 * UI (/ui/assets/labels.js).
 *
 * The registry is read by core (presets, event ids), so nothing here imports a service at run
 * time: a push adapter is handed the intake services it stores through (`PushServices`).
 */
import type { ShopConfig } from "../config/types.js";
import type { ReplyContentKind } from "../core/outbound.js";
import type { RuleEdition } from "../core/rules/editions.js";
import type { RuleOverride, RuleSpec } from "../core/rules/presets.js";
import type { Fetch, ReplySender } from "../delivery/generic-sender.js";
import type { Logger, ServiceContext } from "../services/context.js";
import type { ingestEvents, refuseStrayTimes } from "../services/ingest.js";
import type { ingestPlatformItems } from "../services/platform-ingest.js";
import type { SimMessage } from "../simulator/traffic.js";

/** The intake a push stores through, handed in by the webhook route (the registry imports no service). */
export interface PushServices {
  ingestEvents: typeof ingestEvents;
  ingestPlatformItems: typeof ingestPlatformItems;
  refuseStrayTimes: typeof refuseStrayTimes;
}

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
  receive(input: { ctx: ServiceContext; shopId: string; creds: Creds; push: P; services: PushServices }): Promise<unknown>;
}

/** What a credential reader may ask of the config file (config/load.ts's reader): each throws a ConfigError naming `where`. */
export interface ConfigReader {
  obj(v: unknown, where: string): Record<string, unknown>;
  str(v: unknown, where: string): string;
  optStr(v: unknown, where: string): string | undefined;
  /** `{ env: NAME }` read from the environment; a literal secret in the file is refused */
  secret(v: unknown, where: string): string | undefined;
  list(v: unknown, where: string): unknown[];
}

/** A platform's credentials: from environment variables (the single shop `default`) or a config file's `credentials.<id>`. */
export interface CredentialsReader<Creds> {
  /** undefined unless every required variable is set */
  fromEnv(env: Record<string, string | undefined>): Creds | undefined;
  /** the mapping under `credentials.<id>`; a required field left empty is refused by the loader */
  fromFile(r: ConfigReader, raw: unknown, where: string): Creds;
}

/**
 * A rule preset as a platform folder writes it. Its id and platform are strings there: the unions
 * `RuleId` and `Platform` are derived from the registry's types (core/rules/presets.ts,
 * core/events.ts), which could not also check the data they are derived from.
 */
export type RulePreset = Omit<RuleSpec, "id" | "platform"> & { id: string; platform: string };

/** An edition as a platform folder writes it (core/rules/editions.ts `RuleEdition`, with string ids). */
export type PlatformEdition = Omit<RuleEdition, "platform" | "rules"> & { platform: string; rules: Partial<Record<string, RuleOverride>> };

/** The compliance rules of a platform (docs/compliance-rules.md): presets, the rule a routed chat races, editions. */
export interface PlatformRules {
  /** where the platform's rules come in reports, the dashboard and the stats (lower first; the registry's order lists the platforms themselves) */
  reportOrder: number;
  /** by rule id, in the order reports list them */
  presets: Record<string, RulePreset>;
  /** the rule whose clock a routed chat races against: the platform's strictest (issue 2) */
  deadlineRule: string;
  /** readings of the rules, the default (`seed`) first */
  editions: PlatformEdition[];
  /** switches on top of an edition */
  editionOptions: PlatformEdition[];
}

/** How the simulator writes the platform's traffic (src/simulator). */
export interface SimulatorTraffic<Creds = unknown> {
  /** a fresh message id as the platform writes them (n counts up across the run) */
  messageId(random: () => number, n: number): string;
  /** random development credentials for a simulated shop */
  credentials(): Creds;
  /** the HTTP pushes carrying these messages to `/webhooks/<id>/:shop`, each with the acknowledgement the platform expects; absent: the platform delivers otherwise (Taobao's TMC) */
  pushes?(creds: Creds, messages: SimMessage[], options: { batch?: number }): Promise<SimPush[]>;
}

export interface SimPush {
  body: string;
  headers: Record<string, string>;
  /** the body the app answers once the push is stored */
  ack: string;
  /** messages it carries */
  count: number;
}

export interface PlatformModule {
  /** the id in URLs (/webhooks/<id>/:shop), events and config */
  id: string;
  /** the name a person reads (the UI is Chinese) */
  name: string;
  /** the name in escalation notices to the shop's group robots, where merchants say it otherwise (淘宝/天猫); default `name` */
  noticeName?: string;
  rules: PlatformRules;
  credentials: CredentialsReader<unknown>;
  simulator: SimulatorTraffic<unknown>;
  /** its message push, if the platform pushes to us over HTTP (Taobao's TMC is a client instead) */
  push?: PushAdapter<unknown, unknown>;
  /** its native reply sender, if any (else replies go to the shop's outbound webhook) */
  replySender?(fetch: Fetch, now: () => number): ReplySender;
  /**
   * With a native sender: for which shops it sends (the others' replies go to the generic
   * outbound webhook), and what it can carry besides text: only what the platform's wire format
   * is known to take. Never guessed: an unknown format is left out, and such replies are refused.
   */
  // (the shop as its credentials only: ShopConfig's credential types are derived from the modules)
  nativeReplies?: { sendsFor(shop: { credentials: object }): boolean; content: readonly ReplyContentKind[] };
}
