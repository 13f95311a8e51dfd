// first-responder UI helpers shared by the console and the dashboard (plain browser JS, no build step).
(function () {
  "use strict";
  var FR = (window.FR = {});

  FR.$ = function (sel, root) { return (root || document).querySelector(sel); };
  FR.$$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  /** h("div", { class: "x", onclick: fn, dataset: {...} }, child, "text", ...) */
  FR.h = function (tag, attrs) {
    var el = document.createElement(tag);
    attrs = attrs || {};
    for (var k in attrs) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = v;
      else if (k === "dataset") for (var d in v) el.dataset[d] = v[d];
      else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else if (k === "value") el.value = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  };
  function append(el, c) {
    if (c === undefined || c === null || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { append(el, x); }); return; }
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  FR.clear = function (el) { while (el.firstChild) el.removeChild(el.firstChild); return el; };

  FR.tokenStore = function (key) {
    return {
      get: function () { try { return localStorage.getItem(key); } catch (e) { return null; } },
      set: function (v) { localStorage.setItem(key, v); },
      clear: function () { localStorage.removeItem(key); },
    };
  };

  /**
   * A page's sign-in form (#login-form, #token, #login-error): the token typed in is kept in
   * `store` and the page starts; an empty one says `emptyMessage`. Shared by the console and
   * the dashboard, whose forms differ only in the token they ask for.
   */
  FR.onLogin = function (store, emptyMessage, start) {
    FR.$("#login-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var v = FR.$("#token").value.trim();
      if (!v) { FR.$("#login-error").textContent = emptyMessage; return; }
      store.set(v);
      FR.$("#token").value = "";
      start();
    });
  };

  /** The server's Chinese tables (src/http/pages/labels.ts, served as /ui/assets/labels.js). */
  var L = (FR.L = window.FR_LABELS || { errors: {}, fields: {}, decisionReasons: {}, rules: {} });

  /**
   * An API error in Chinese, from the one table (labels.ts): by its `reason`, else its `code`;
   * `{…}` filled from the error's own fields. The API's English `message` is never shown.
   */
  FR.errorText = function (error) {
    error = error || {};
    var t = (error.reason && L.errors[error.reason]) || (error.code && L.errors[error.code]) || L.errors.http || "操作失败";
    var fieldName = error.field ? L.fields[error.field] || "该项" : "该项";
    var vars = { fieldName: fieldName, fieldSuffix: error.field ? "：" + fieldName : "" };
    return t.replace(/\{(\w+)\}/g, function (_, k) {
      var v = k in vars ? vars[k] : error[k];
      return v === undefined || v === null ? "" : String(v);
    });
  };

  /** fetch JSON with the bearer token; throws an Error (Chinese .message, .status/.code/.body) on failure */
  FR.api = async function (token, method, path, body) {
    var headers = { authorization: "Bearer " + token };
    if (body !== undefined) headers["content-type"] = "application/json";
    var res, err;
    try {
      res = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      // "Failed to fetch": the server or the network is down
      err = new Error(FR.errorText({ reason: "network" }));
      err.status = 0;
      err.code = "network";
      throw err;
    }
    var data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      var apiError = data && data.error && data.error.code ? data.error : { reason: "http", status: res.status };
      err = new Error(FR.errorText(apiError));
      err.status = res.status;
      err.code = apiError.code;
      err.field = apiError.field;
      err.body = data;
      throw err;
    }
    return data;
  };

  /**
   * Bytes (an image) with the bearer token, as an object URL: resolves `{url}` or `{error}` (in
   * Chinese, from the one table), never rejects.
   */
  FR.api.raw = async function (token, path) {
    try {
      var res = await fetch(path, { headers: { authorization: "Bearer " + token } });
      if (!res.ok) {
        var data = null;
        try { data = await res.json(); } catch (e) { data = null; }
        return { error: FR.errorText(data && data.error ? data.error : { reason: "http", status: res.status }) };
      }
      return { url: URL.createObjectURL(await res.blob()) };
    } catch (e) {
      return { error: FR.errorText({ reason: "network" }) };
    }
  };

  /** The page's "disconnected" banner (layout.tsx OfflineBanner), shown while a live stream is down. */
  FR.offline = function (down) {
    var b = document.getElementById("offline-banner");
    if (b) b.hidden = !down;
    document.body.classList.toggle("is-offline", !!down);
  };

  /**
   * Server-Sent Events read with fetch(), so the token travels in the Authorization header and
   * never in a URL. onState("live" | "reconnecting" | "unauthorized" | "forbidden").
   *
   * Reconnects every RETRY_MS, not with a growing backoff: a server that comes back is live again
   * on the page within about a second (a refused connection on a LAN costs nothing). A stream
   * that stays silent past the server's 15 s heartbeat is taken for dead and reopened.
   */
  var RETRY_MS = 1000, SILENCE_MS = 35000;
  FR.stream = function (path, token, onEvent, onState) {
    var stopped = false, ctrl = null;
    function state(s) { FR.offline(s === "reconnecting"); onState(s); }
    async function run() {
      while (!stopped) {
        ctrl = new AbortController();
        var watchdog = null;
        try {
          var res = await fetch(path, { headers: { authorization: "Bearer " + token, accept: "text/event-stream" }, signal: ctrl.signal, cache: "no-store" });
          if (res.status === 401 || res.status === 403) { state(res.status === 401 ? "unauthorized" : "forbidden"); return; }
          if (!res.ok || !res.body) throw new Error("HTTP " + res.status);
          state("live");
          var reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          var buf = "", mine = ctrl;
          var arm = function () { clearTimeout(watchdog); watchdog = setTimeout(function () { mine.abort(); }, SILENCE_MS); };
          arm();
          for (;;) {
            var r = await reader.read();
            if (r.done) break;
            arm();
            buf += r.value.replace(/\r\n/g, "\n");
            var i;
            while ((i = buf.indexOf("\n\n")) >= 0) {
              var block = buf.slice(0, i);
              buf = buf.slice(i + 2);
              var ev = "message", data = [];
              block.split("\n").forEach(function (line) {
                if (!line || line.charAt(0) === ":") return;
                var c = line.indexOf(":");
                var f = c < 0 ? line : line.slice(0, c);
                var v = c < 0 ? "" : line.slice(c + 1);
                if (v.charAt(0) === " ") v = v.slice(1);
                if (f === "event") ev = v;
                else if (f === "data") data.push(v);
              });
              if (data.length) {
                try { onEvent(ev, data.join("\n")); } catch (e) { console.error(e); }
              }
            }
          }
        } catch (e) {
          if (stopped) return;
        } finally {
          clearTimeout(watchdog);
        }
        if (stopped) return;
        state("reconnecting");
        await new Promise(function (r) { setTimeout(r, RETRY_MS); });
      }
    }
    run();
    return { stop: function () { stopped = true; if (ctrl) ctrl.abort(); } };
  };

  // id → name of every platform, from the server's registry (src/platforms/registry.ts via labels.js)
  FR.PLATFORM = L.platforms || {};
  FR.platformBadge = function (p) { return FR.h("span", { class: "badge " + p, text: FR.PLATFORM[p] || p }); };

  /** "2026-01-07T10:00:05+08:00" → "10:00:05" (times from the API are already platform time) */
  FR.clock = function (iso) { return iso ? String(iso).slice(11, 19) : "—"; };
  FR.dayTime = function (iso) { return iso ? String(iso).slice(5, 10) + " " + String(iso).slice(11, 19) : "—"; };
  FR.pct = function (rate) { return rate === null || rate === undefined ? "—" : (rate * 100).toFixed(1) + "%"; };
  FR.countdownText = function (sec) {
    var neg = sec < 0, s = Math.abs(Math.round(sec));
    if (s >= 3600) return (neg ? "超时 " : "") + Math.floor(s / 3600) + "小时" + Math.floor((s % 3600) / 60) + "分";
    var m = Math.floor(s / 60), r = s % 60;
    return (neg ? "超时 " : "") + m + ":" + (r < 10 ? "0" : "") + r;
  };
})();
