/**
 * `GET /docs`: the API reference, rendered in the browser from `GET /openapi.json` by a small
 * script served here (`/docs/reference.js`): no CDN and no inline script, so the pages' CSP
 * (`script-src 'self'`) holds. It lists every operation with its parameters, body and answers;
 * schemas are shown as JSON Schema, `$ref`s resolved one level by name.
 */
import { Hono } from "hono";
import type { AppEnv } from "./env.js";

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>接口文档 · first-responder</title>
<style>
body { font: 14px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; margin: 0; color: #1d2129; }
header { padding: 12px 24px; background: #1d2129; color: #fff; }
header a { color: #9fc3ff; }
main { display: grid; grid-template-columns: 280px 1fr; min-height: calc(100vh - 52px); }
nav { border-right: 1px solid #e5e6eb; padding: 12px; overflow: auto; max-height: calc(100vh - 52px); position: sticky; top: 0; }
nav a { display: block; padding: 2px 4px; color: #1d2129; text-decoration: none; font-family: ui-monospace, monospace; font-size: 12px; }
nav a:hover { background: #f2f3f5; }
#ops { padding: 12px 24px; }
section.op { border: 1px solid #e5e6eb; border-radius: 6px; margin: 0 0 16px; padding: 8px 12px; }
.method { display: inline-block; min-width: 56px; font-weight: 600; text-transform: uppercase; font-family: ui-monospace, monospace; }
.get { color: #0e7a0d; } .post { color: #1652f0; } .put { color: #b35c00; } .delete { color: #c9302c; }
code, pre { font-family: ui-monospace, monospace; font-size: 12px; }
pre { background: #f7f8fa; padding: 8px; overflow: auto; max-height: 320px; }
h3 { margin: 8px 0 4px; font-size: 13px; }
.muted { color: #86909c; }
</style>
</head>
<body>
<header><b>first-responder 接口文档</b> · OpenAPI 3.1：<a href="/openapi.json">/openapi.json</a></header>
<main><nav id="toc" aria-label="接口列表"></nav><div id="ops"><p class="muted">加载中…</p></div></main>
<script src="/docs/reference.js"></script>
</body>
</html>
`;

const SCRIPT = `"use strict";
(async function () {
  var ops = document.getElementById("ops"), toc = document.getElementById("toc");
  function el(tag, attrs, text) { var e = document.createElement(tag); for (var k in attrs || {}) e.setAttribute(k, attrs[k]); if (text !== undefined) e.textContent = text; return e; }
  function schemaText(s) { return JSON.stringify(s, null, 2); }
  var doc;
  try { doc = await (await fetch("/openapi.json")).json(); } catch (e) { ops.textContent = "无法加载 /openapi.json：" + e.message; return; }
  ops.textContent = "";
  var schemes = (doc.components && doc.components.securitySchemes) || {};
  Object.keys(doc.paths).sort().forEach(function (path) {
    var item = doc.paths[path];
    Object.keys(item).forEach(function (method) {
      var op = item[method], id = method + " " + path;
      var a = el("a", { href: "#" + encodeURIComponent(id) }, method.toUpperCase() + " " + path);
      toc.appendChild(a);
      var sec = el("section", { class: "op", id: id });
      var h = el("h2"); h.appendChild(el("span", { class: "method " + method }, method)); h.appendChild(el("code", {}, path)); sec.appendChild(h);
      if (op.summary) sec.appendChild(el("p", {}, op.summary));
      if (op.security) sec.appendChild(el("p", { class: "muted" }, "认证：" + op.security.map(function (s) { var n = Object.keys(s)[0]; return n + (schemes[n] && schemes[n].description ? "（" + schemes[n].description + "）" : ""); }).join("，")));
      if (op.parameters && op.parameters.length) {
        sec.appendChild(el("h3", {}, "参数"));
        var ul = el("ul");
        op.parameters.forEach(function (p) { ul.appendChild(el("li", {}, p.in + " " + p.name + (p.required ? "（必填）" : "") + (p.description ? "：" + p.description : (p.schema && p.schema.description ? "：" + p.schema.description : "")))); });
        sec.appendChild(ul);
      }
      if (op.requestBody) {
        sec.appendChild(el("h3", {}, "请求体" + (op.requestBody.description ? "（" + op.requestBody.description + "）" : "")));
        Object.keys(op.requestBody.content || {}).forEach(function (t) { sec.appendChild(el("pre", {}, t + "\\n" + schemaText(op.requestBody.content[t].schema))); });
      }
      sec.appendChild(el("h3", {}, "响应"));
      Object.keys(op.responses || {}).forEach(function (status) {
        var r = op.responses[status];
        var content = r.content || {};
        var types = Object.keys(content);
        sec.appendChild(el("p", {}, status + " " + (r.description || "")));
        if (types.length && status < "400") types.forEach(function (t) { sec.appendChild(el("pre", {}, t + "\\n" + schemaText(content[t].schema))); });
      });
      ops.appendChild(sec);
    });
  });
  var comps = (doc.components && doc.components.schemas) || {};
  if (Object.keys(comps).length) {
    var sec = el("section", { class: "op", id: "schemas" });
    sec.appendChild(el("h2", {}, "共用结构"));
    Object.keys(comps).sort().forEach(function (n) { sec.appendChild(el("h3", {}, n)); sec.appendChild(el("pre", {}, schemaText(comps[n]))); });
    ops.appendChild(sec);
    toc.appendChild(el("a", { href: "#schemas" }, "共用结构"));
  }
})();
`;

export function docsRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/docs", (c) => {
    c.header("content-security-policy", CSP);
    c.header("x-content-type-options", "nosniff");
    c.header("referrer-policy", "no-referrer");
    return c.html(HTML);
  });
  app.get("/docs/reference.js", (c) => {
    c.header("content-type", "text/javascript; charset=utf-8");
    c.header("x-content-type-options", "nosniff");
    return c.body(SCRIPT);
  });
  return app;
}
