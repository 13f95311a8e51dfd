/**
 * Small helpers of the dashboard's scripts (src/http/pages/assets/dashboard.ts, bot-panel.ts …),
 * written once here and bundled by esbuild into each script that imports them (build-assets.ts
 * refuses a value import between sibling scripts, not from here). They use only window.FR.
 */

/** A dashboard tab's script, opened for the signed-in token and the shop shown. */
export interface ShopPanel {
  open(token: string, shop: string): Promise<void> | void;
}

declare global {
  interface Window {
    /** the handles the dashboard's tab scripts set and dashboard.ts opens (showTab, a change of shop) */
    FRAgents?: ShopPanel;
    FRAttention?: ShopPanel;
    FRPlan?: ShopPanel;
    /** the FAQ tab; the bot panel reloads it after adding examples */
    FRFaq?: ShopPanel & { reload(): Promise<void> };
    FRBot?: ShopPanel & { reload(): Promise<void> | null };
    /** the page's own handle: tests and the other tabs ask it to read the figures again */
    FRDash?: { reload(): Promise<void> };
  }
}

/** `path` with the shop as `shop=` (the admin API's guard needs it once a token covers several shops). */
export function withShop(path: string, shop: string | null): string {
  return path + (path.indexOf("?") < 0 ? "?" : "&") + "shop=" + encodeURIComponent(shop ?? "");
}

/** A table with a head row, or `emptyText` when there are no rows. A header "#…" is a number column. */
export function table(headers: string[], rows: HTMLTableRowElement[], emptyText: string): HTMLElement {
  const h = window.FR.h;
  if (!rows.length) return h("p", { class: "empty", text: emptyText });
  return h(
    "table",
    {},
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        headers.map((x) => h("th", { class: x.charAt(0) === "#" ? "num" : "", text: x.replace(/^#/, "") })),
      ),
    ),
    h("tbody", {}, rows),
  );
}
