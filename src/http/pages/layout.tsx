/** The HTML frame every page shares: Chinese, one stylesheet, scripts served by this app only. */
import type { Child } from "hono/jsx";
import { ASSETS, type Asset } from "./assets.generated.js";
import { LABELS_ASSET } from "./labels.js";

/** The files under /ui/assets/: the generated ones and labels.js, built from the server's own tables. */
export function uiAsset(name: string): Asset | undefined {
  return name === "labels.js" ? LABELS_ASSET : Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
}

/** `/ui/assets/<name>?v=<hash>`: the hash changes with the content, so browsers may cache forever. */
export function assetUrl(name: string): string {
  const a = uiAsset(name);
  return `/ui/assets/${name}${a ? `?v=${a.hash}` : ""}`;
}

export function Layout(props: { title: string; page: string; styles?: string[]; scripts?: string[]; children?: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="icon" href="data:," />
        {(props.styles ?? []).map((s) => (
          <link rel="stylesheet" href={assetUrl(s)} />
        ))}
        <link rel="stylesheet" href={assetUrl("ui.css")} />
      </head>
      <body class={props.page}>
        {props.children}
        {["labels.js", "common.js", ...(props.scripts ?? [])].map((s) => (
          <script src={assetUrl(s)} defer></script>
        ))}
      </body>
    </html>
  );
}

export function LoginBox(props: { label: string; hint: string }) {
  return (
    <section id="login" class="login" hidden>
      <h1>{props.label}登录</h1>
      <form id="login-form" autocomplete="off">
        <label>
          {props.label}令牌
          <input id="token" type="password" name="token" autocomplete="off" />
        </label>
        <p class="muted">{props.hint}</p>
        <button class="primary" type="submit">
          登录
        </button>
        <p id="login-error" class="error" role="alert"></p>
      </form>
    </section>
  );
}

/** The bar both pages share; `children` go between the title and the live indicator. */
export function TopBar(props: { title: string; children?: Child }) {
  return (
    <header class="topbar">
      <span class="title">{props.title}</span>
      <span id="who"></span>
      <span class="spacer"></span>
      {props.children}
      <span id="live" class="live">
        连接中…
      </span>
      <a href="/">首页</a>
      <button id="logout" type="button">
        退出
      </button>
    </header>
  );
}

/** Shown by common.ts (FR.offline) while the live stream is down; nothing typed is lost meanwhile. */
export function OfflineBanner(props: { text: string }) {
  return (
    <div id="offline-banner" class="offline-banner" role="status" aria-live="assertive" hidden>
      {props.text}
    </div>
  );
}
