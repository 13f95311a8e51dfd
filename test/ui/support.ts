/**
 * Browser tests: a real Node server (startNodeServer: SQLite file, FAQ folder watched, HTTP on
 * 127.0.0.1, port 0) and a real Chromium driven by playwright-core. No mocks between the
 * browser and the database.
 *
 * The Chromium is the npm package's (test/support/chromium.ts: nothing to install by hand), or
 * the one CHROMIUM_PATH names (e.g. Debian's /usr/bin/chromium). A configured binary that is
 * missing FAILS the tests with that message: they are never silently skipped.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { DEFAULTS } from "../../src/config/load.js";
import type { AppConfig, ShopConfig } from "../../src/config/types.js";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { startNodeServer, type NodeServer } from "../../src/node/server.js";
import { silentLogger } from "../../src/services/context.js";
import { CHROMIUM_ARGS, resolveChromium } from "../support/chromium.js";
import { SECRET, shopConfig } from "../support/harness.js";
import { startReceiver } from "../support/receiver.js";

export const ARTIFACTS = resolve("test-results");

export { CHROMIUM_ARGS } from "../support/chromium.js";

/**
 * A Chromium for one test file: a connection to the one the run shares (test/support/chromium-setup.ts
 * starts it once: a launch costs seconds, and some twenty files need a browser), else one launched
 * here — CHROMIUM_PATH's if set, else the npm one; `executablePath` names one outright. Each file
 * works in its own browser contexts (no shared cookies or storage); `close()` ends its connection.
 */
export async function launchChromium(executablePath?: string): Promise<Browser> {
  const shared = executablePath ? undefined : sharedChromium();
  if (shared) return chromium.connect(shared, { timeout: 60_000 });
  return launchOwnChromium(executablePath);
}

/** The shared browser's endpoint inside a vitest run (undefined elsewhere, e.g. in a bench script). */
function sharedChromium(): string | undefined {
  try {
    // FR_OWN_CHROMIUM=1: each file launches its own, as before (to compare, or to rule the sharing out)
    if (process.env.FR_OWN_CHROMIUM) return undefined;
    return inject("chromiumWsEndpoint") || undefined;
  } catch {
    return undefined;
  }
}

/** Launches CHROMIUM_PATH's Chromium if set, else the npm one; `executablePath` names one outright. */
/** Launches CHROMIUM_PATH's Chromium if set, else the npm one; `executablePath` names one outright. */
export async function launchOwnChromium(executablePath?: string): Promise<Browser> {
  const binary = executablePath ? { executablePath, env: {} } : await resolveChromium();
  if (!existsSync(binary.executablePath)) {
    throw new Error(
      `Chromium not found at ${binary.executablePath}: unset CHROMIUM_PATH to use the npm one (@sparticuz/chromium, installed by npm install), or install a system one, e.g. "apt-get install -y chromium". The UI tests need a real browser and are not skipped.`,
    );
  }
  // launch() gives every run a fresh temporary profile (its own --user-data-dir)
  return chromium.launch({ executablePath: binary.executablePath, env: { ...process.env, ...binary.env }, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** 10:00 Beijing time on a Wednesday: inside every rule's window. */
export const DAY_START = Date.parse("2026-01-07T10:00:00+08:00");

export interface UiServer {
  server: NodeServer;
  url: string;
  dir: string;
  faqDir: string;
  /** the server's clock: DAY_START plus the real time elapsed since start */
  now(): number;
  postEvents(shop: string, events: unknown[]): Promise<Response>;
  /** stops the server, keeping its database (a crash or a deploy) */
  stop(): Promise<void>;
  /** starts it again on the same port and database */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startUiServer(opts: { shops?: ShopConfig[]; faq?: boolean } = {}): Promise<UiServer> {
  const dir = mkdtempSync(join(tmpdir(), "fr-ui-"));
  const faqDir = join(dir, "faq");
  if (opts.faq !== false) cpSync(resolve("faq"), faqDir, { recursive: true });
  else mkdirSync(faqDir);
  const started = Date.now();
  const now = () => DAY_START + (Date.now() - started);
  // a shop without an outbound URL delivers to a local receiver that takes every reply, as a
  // working shop's outbound webhook would: with none every reply fails (no-destination) and its
  // chat comes back to a person (docs/configuration.md, "Outbox: replies that do not get through")
  const receiver = await startReceiver();
  const shops = (opts.shops ?? [await shopConfig("demo", { name: "演示旗舰店" })]).map((s) => (s.outboundUrl ? s : { ...s, outboundUrl: `${receiver.url}/replies` }));
  const config: AppConfig = {
    port: 0,
    databaseUrl: join(dir, "ui.db"),
    faqDir,
    maxBodyBytes: DEFAULTS.maxBodyBytes,
    shops,
    // the image tests' server listens on 127.0.0.1 (test/support/images.ts); production leaves this off
    mediaProxyAllowPrivate: true,
  };
  const options = { host: "127.0.0.1", now, log: silentLogger, taobaoTmc: false, watchFaq: true };
  const server = await startNodeServer(config, { ...options, port: 0 });
  const port = server.port;
  const url = `http://127.0.0.1:${port}`;
  let running = true;
  const ui: UiServer = {
    server,
    url,
    dir,
    faqDir,
    now,
    async postEvents(shop, events) {
      const raw = JSON.stringify(events);
      const sig = await signGenericBody(SECRET, raw, Math.floor(now() / 1000));
      return fetch(`${url}/webhooks/generic/${shop}`, { method: "POST", body: raw, headers: { "content-type": "application/json", "x-signature": sig } });
    },
    async stop() {
      if (running) await ui.server.close();
      running = false;
    },
    async restart() {
      await ui.stop();
      ui.server = await startNodeServer(config, { ...options, port });
      running = true;
    },
    async close() {
      await ui.stop();
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return ui;
}

/**
 * The usual set-up of a browser test file: Chromium and a UI server with these shops, started
 * before the file's tests and closed after them. Read them inside tests: `suite.browser()`.
 */
export function uiSuite(shops?: () => Promise<ShopConfig[]>): { browser(): Browser; ui(): UiServer } {
  let browser: Browser | undefined;
  let ui: UiServer | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    ui = await startUiServer(shops ? { shops: await shops() } : {});
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });
  return { browser: () => browser!, ui: () => ui! };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Two English words in a row: what must never reach a page (single tokens such as ids may). */
export const ENGLISH_SENTENCE = /[A-Za-z]{2,}[,.:;!?]?\s+[A-Za-z]{2,}/;

/**
 * Watches, in the page, for an English sentence in its visible text (ENGLISH_SENTENCE): at once
 * and after every change of the page, at most every 50 ms, and reported once per snippet as a console
 * error (once per phrase), which watchPage records. So "no English sentence on any page in any state the tests
 * reach" (issue 13) holds in every state a watched page passes through, not only where a test
 * calls expectChinese.
 */
const WATCH_ENGLISH = `(() => {
  if (window.__watchEnglish) return;
  window.__watchEnglish = true;
  const sentence = new RegExp(${JSON.stringify(ENGLISH_SENTENCE.source)});
  const seen = new Set();
  let queued = false;
  const check = () => {
    queued = false;
    if (!document.body) return;
    const text = document.body.innerText;
    const hit = sentence.exec(text);
    if (!hit) return;
    const snippet = text.slice(Math.max(0, hit.index - 30), hit.index + 50).replace(/\\s+/g, " ");
    if (seen.has(hit[0])) return; // each English phrase once, wherever the text around it goes
    seen.add(hit[0]);
    console.error('English on the page: "' + snippet + '"');
  };
  const schedule = () => { if (!queued) { queued = true; setTimeout(check, 50); } };
  new MutationObserver(schedule).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["hidden", "class", "style", "open"] });
  schedule();
})()`;

/**
 * Collects page errors, failed requests and English sentences on the page (WATCH_ENGLISH,
 * installed as each document is ready) so a test can assert the page stayed clean.
 */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  // installed as each document is ready (an init script registered here without waiting for it
  // may miss the navigation that follows; watchPage stays synchronous for its callers)
  page.on("domcontentloaded", () => {
    page.evaluate(WATCH_ENGLISH).catch(() => {}); // the page may already be gone
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 500 || r.status() === 404) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return { errors };
}

/** The visible text of the page (innerText skips hidden elements) has no English sentence. */
export async function expectChinese(page: Page, state: string): Promise<void> {
  const visible = await page.evaluate(() => document.body.innerText);
  const hit = ENGLISH_SENTENCE.exec(visible);
  expect(hit ? `${state}: "${visible.slice(Math.max(0, hit.index - 40), hit.index + 60)}"` : null).toBeNull();
}

/** Logs an agent into /console with their token and waits for the live stream; `online` ticks 在线接待. */
export async function loginAgent(page: Page, url: string, token: string, opts: { online?: boolean } = {}): Promise<void> {
  await page.goto(`${url}/console`);
  await page.fill("#token", token);
  await page.click("#login-form button[type=submit]");
  await expect.poll(() => page.textContent("#live")).toBe("实时");
  if (opts.online !== false) await page.check("#online");
}

/** Logs an admin into /dashboard (optionally a `path` with query) and waits for the first cards. */
export async function loginAdmin(page: Page, url: string, token: string, path = "/dashboard"): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.fill("#token", token);
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector(".card");
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** serious and critical axe violations of the page as it is now */
export async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: unknown[] }> } }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return r.violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}${v.nodes.length > 3 ? ` … ${v.nodes.length} nodes` : ""}`,
    );
}
