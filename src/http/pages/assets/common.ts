// first-responder UI helpers shared by the console and the dashboard: sets window.FR, which every
// other script reads (layout.tsx loads labels.js, then this, then the page's scripts, all
// deferred, in order). Compiled by build-assets.ts into one IIFE; the other scripts import only
// its types (`import type { FRApi }`), never its values, so the helpers exist once per page.
import type { ErrorCode } from "../../errors.js";
import type { UiLabels } from "../labels.js";

/** What h() appends: nodes, text, numbers, nested lists; null/undefined/false are skipped. */
export type Child = Node | string | number | boolean | null | undefined | readonly Child[];

/**
 * h()'s attributes: `class`, `text`, `value`, `dataset` ({…} → data-*), `on<event>` (a
 * listener) and any other attribute (true → present, empty). null/undefined/false are left out.
 * A listener's parameter is typed `never` so that a handler of any event type (MouseEvent,
 * KeyboardEvent, …) fits.
 */
export type AttrValue = string | number | boolean | null | undefined | Record<string, string> | ((event: never) => unknown);
export type Attrs = Record<string, AttrValue>;

/** An API error body's `error` (src/http/errors.ts), plus the browser's own reasons `network` and `http`. */
export interface ApiErrorInfo {
  code?: ErrorCode | "network" | string;
  reason?: string;
  field?: string;
  status?: number;
  message?: string;
  [detail: string]: unknown;
}

/** What FR.api throws: the message is Chinese (FR.errorText); `code` is the API's or "network". */
export type ApiFailure = Error & { status: number; code?: string; field?: string; body?: unknown };

export interface TokenStore {
  get(): string | null;
  set(value: string): void;
  clear(): void;
}

export type StreamState = "live" | "reconnecting" | "unauthorized" | "forbidden";

export interface ApiCall {
  /** The response body, typed by the caller from the route's contract (the server validated it). */
  <T = unknown>(token: string, method: string, path: string, body?: unknown): Promise<T>;
  raw(token: string, path: string): Promise<{ url: string; error?: undefined } | { error: string; url?: undefined }>;
}

export interface FRApi {
  /**
   * The page's own element for `sel`. Typed as present: the selectors name elements that the
   * page's markup (src/http/pages/*.tsx) renders, and a missing one fails on first use, as before.
   */
  $<E extends HTMLElement = HTMLElement>(sel: string, root?: ParentNode | null): E;
  $$<E extends HTMLElement = HTMLElement>(sel: string, root?: ParentNode | null): E[];
  h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K];
  clear<E extends Node>(el: E): E;
  tokenStore(key: string): TokenStore;
  onLogin(store: TokenStore, emptyMessage: string, start: () => void): void;
  /** The server's Chinese tables (src/http/pages/labels.ts, served as /ui/assets/labels.js). */
  L: UiLabels;
  errorText(error?: ApiErrorInfo | null): string;
  api: ApiCall;
  offline(down: boolean): void;
  stream(path: string, token: string, onEvent: (event: string, data: string) => void, onState: (state: StreamState) => void): { stop(): void };
  /** id → Chinese name of every platform, from the server's registry (src/platforms/registry.ts via labels.js) */
  PLATFORM: Record<string, string>;
  platformBadge(platform: string): HTMLSpanElement;
  clock(iso: string | null | undefined): string;
  dayTime(iso: string | null | undefined): string;
  pct(rate: number | null | undefined): string;
  countdownText(sec: number): string;
}

const $ = <E extends HTMLElement = HTMLElement>(sel: string, root?: ParentNode | null): E => (root || document).querySelector(sel) as E;
const $$ = <E extends HTMLElement = HTMLElement>(sel: string, root?: ParentNode | null): E[] => Array.prototype.slice.call((root || document).querySelectorAll(sel));

/** h("div", { class: "x", onclick: fn, dataset: {...} }, child, "text", ...) */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const a = attrs || {};
  for (const k in a) {
    const v = a[k];
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = String(v);
    else if (k === "text") el.textContent = String(v);
    else if (k === "dataset") for (const d in v as Record<string, string>) el.dataset[d] = (v as Record<string, string>)[d];
    else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v as EventListener);
    else if (k === "value") (el as HTMLInputElement).value = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) append(el, c);
  return el;
}
function append(el: Node, c: Child): void {
  if (c === undefined || c === null || c === false) return;
  if (Array.isArray(c)) {
    for (const x of c as readonly Child[]) append(el, x);
    return;
  }
  el.appendChild(typeof c === "object" ? (c as Node) : document.createTextNode(String(c)));
}
function clear<E extends Node>(el: E): E {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

function tokenStore(key: string): TokenStore {
  return {
    get: () => {
      try {
        return localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set: (v) => localStorage.setItem(key, v),
    clear: () => localStorage.removeItem(key),
  };
}

/**
 * A page's sign-in form (#login-form, #token, #login-error): the token typed in is kept in
 * `store` and the page starts; an empty one says `emptyMessage`. Shared by the console and
 * the dashboard, whose forms differ only in the token they ask for.
 */
function onLogin(store: TokenStore, emptyMessage: string, start: () => void): void {
  $("#login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const v = $<HTMLInputElement>("#token").value.trim();
    if (!v) {
      $("#login-error").textContent = emptyMessage;
      return;
    }
    store.set(v);
    $<HTMLInputElement>("#token").value = "";
    start();
  });
}

// labels.js comes before this script (layout.tsx); the empty tables only keep errorText working
// should it ever fail to load, so the cast names what the page normally has.
const L: UiLabels = window.FR_LABELS || ({ errors: {}, fields: {}, decisionReasons: {}, rules: {} } as unknown as UiLabels);
const errors: Record<string, string | undefined> = L.errors;
const fields: Record<string, string | undefined> = L.fields;

/**
 * An API error in Chinese, from the one table (labels.ts): by its `reason`, else its `code`;
 * `{…}` filled from the error's own fields. The API's English `message` is never shown.
 */
function errorText(error?: ApiErrorInfo | null): string {
  const e: ApiErrorInfo = error || {};
  const t = (e.reason && errors[e.reason]) || (e.code && errors[e.code]) || errors.http || "操作失败";
  const fieldName = e.field ? fields[e.field] || "该项" : "该项";
  const vars: Record<string, string> = { fieldName, fieldSuffix: e.field ? "：" + fieldName : "" };
  return t.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = k in vars ? vars[k] : e[k];
    return v === undefined || v === null ? "" : String(v);
  });
}

function failure(message: string, fields: Omit<ApiFailure, keyof Error>): ApiFailure {
  return Object.assign(new Error(message), fields);
}

/** fetch JSON with the bearer token; throws an ApiFailure (Chinese .message, .status/.code/.body) on failure */
const api = async function api<T = unknown>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: "Bearer " + token };
  if (body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    // "Failed to fetch": the server or the network is down
    throw failure(errorText({ reason: "network" }), { status: 0, code: "network" });
  }
  let data: { error?: ApiErrorInfo } | null = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const apiError: ApiErrorInfo = data?.error?.code ? data.error : { reason: "http", status: res.status };
    throw failure(errorText(apiError), { status: res.status, code: apiError.code, field: apiError.field, body: data });
  }
  return data as T;
} as ApiCall;

/**
 * Bytes (an image) with the bearer token, as an object URL: resolves `{url}` or `{error}` (in
 * Chinese, from the one table), never rejects.
 */
api.raw = async (token, path) => {
  try {
    const res = await fetch(path, { headers: { authorization: "Bearer " + token } });
    if (!res.ok) {
      let data: { error?: ApiErrorInfo } | null = null;
      try {
        data = await res.json();
      } catch {
        data = null;
      }
      return { error: errorText(data?.error ? data.error : { reason: "http", status: res.status }) };
    }
    return { url: URL.createObjectURL(await res.blob()) };
  } catch {
    return { error: errorText({ reason: "network" }) };
  }
};

/** The page's "disconnected" banner (layout.tsx OfflineBanner), shown while a live stream is down. */
function offline(down: boolean): void {
  const b = document.getElementById("offline-banner");
  if (b) b.hidden = !down;
  document.body.classList.toggle("is-offline", !!down);
}

/**
 * Server-Sent Events read with fetch(), so the token travels in the Authorization header and
 * never in a URL. onState("live" | "reconnecting" | "unauthorized" | "forbidden").
 *
 * Reconnects every RETRY_MS, not with a growing backoff: a server that comes back is live again
 * on the page within about a second (a refused connection on a LAN costs nothing). A stream
 * that stays silent past the server's 15 s heartbeat is taken for dead and reopened.
 */
const RETRY_MS = 1000;
const SILENCE_MS = 35000;
function stream(path: string, token: string, onEvent: (event: string, data: string) => void, onState: (state: StreamState) => void): { stop(): void } {
  let stopped = false;
  let ctrl: AbortController | null = null;
  function state(s: StreamState) {
    offline(s === "reconnecting");
    onState(s);
  }
  async function run() {
    while (!stopped) {
      const mine = new AbortController();
      ctrl = mine;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      try {
        const res = await fetch(path, { headers: { authorization: "Bearer " + token, accept: "text/event-stream" }, signal: mine.signal, cache: "no-store" });
        if (res.status === 401 || res.status === 403) {
          state(res.status === 401 ? "unauthorized" : "forbidden");
          return;
        }
        if (!res.ok || !res.body) throw new Error("HTTP " + res.status);
        state("live");
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = "";
        const arm = () => {
          clearTimeout(watchdog);
          watchdog = setTimeout(() => mine.abort(), SILENCE_MS);
        };
        arm();
        for (;;) {
          const r = await reader.read();
          if (r.done) break;
          arm();
          buf += r.value.replace(/\r\n/g, "\n");
          let i: number;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let ev = "message";
            const data: string[] = [];
            for (const line of block.split("\n")) {
              if (!line || line.charAt(0) === ":") continue;
              const c = line.indexOf(":");
              const f = c < 0 ? line : line.slice(0, c);
              let v = c < 0 ? "" : line.slice(c + 1);
              if (v.charAt(0) === " ") v = v.slice(1);
              if (f === "event") ev = v;
              else if (f === "data") data.push(v);
            }
            if (data.length) {
              try {
                onEvent(ev, data.join("\n"));
              } catch (e) {
                console.error(e);
              }
            }
          }
        }
      } catch {
        if (stopped) return;
      } finally {
        clearTimeout(watchdog);
      }
      if (stopped) return;
      state("reconnecting");
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
  run();
  return {
    stop: () => {
      stopped = true;
      if (ctrl) ctrl.abort();
    },
  };
}

// id → name of every platform, from the server's registry (src/platforms/registry.ts via labels.js)
const PLATFORM: Record<string, string> = L.platforms || {};

function countdownText(sec: number): string {
  const neg = sec < 0;
  const s = Math.abs(Math.round(sec));
  if (s >= 3600) return (neg ? "超时 " : "") + Math.floor(s / 3600) + "小时" + Math.floor((s % 3600) / 60) + "分";
  const m = Math.floor(s / 60);
  const r = s % 60;
  return (neg ? "超时 " : "") + m + ":" + (r < 10 ? "0" : "") + r;
}

const FR: FRApi = {
  $,
  $$,
  h,
  clear,
  tokenStore,
  onLogin,
  L,
  errorText,
  api,
  offline,
  stream,
  PLATFORM,
  platformBadge: (p) => h("span", { class: "badge " + p, text: PLATFORM[p] || p }),
  /** "2026-01-07T10:00:05+08:00" → "10:00:05" (times from the API are already platform time) */
  clock: (iso) => (iso ? String(iso).slice(11, 19) : "—"),
  dayTime: (iso) => (iso ? String(iso).slice(5, 10) + " " + String(iso).slice(11, 19) : "—"),
  pct: (rate) => (rate === null || rate === undefined ? "—" : (rate * 100).toFixed(1) + "%"),
  countdownText,
};
// The other scripts add their parts (bot-common.ts: reasonLabel …) to this same object.
window.FR = FR as Window["FR"];
