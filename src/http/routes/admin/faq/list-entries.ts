import type { Context } from "hono";
import { editorOf } from "../../../../core/faq/editor.js";
import { withFaqLabel } from "../../../../core/faq/error-labels.js";
import type { AppEnv } from "../../../env.js";
import { engineFor } from "./shared.js";
import { type RequestOf, type ResponseOf, respond } from "../../../contract.js";
import { ADMIN_CONTRACTS } from "../../../contracts/admin.js";

/** The shop's live FAQ: version, threshold, entries (shared or the shop's own) and file problems (with their Chinese, `zh`). */
export const route = { method: "GET", path: "/faq" } as const;

const CONTRACT = ADMIN_CONTRACTS["GET /faq"];
export type ListEntriesRequest = RequestOf<typeof CONTRACT>;
export type ListEntriesResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const editor = editorOf(ctx.faq);
  if (editor) {
    const view = await editor.view(shop.config.id);
    return respond(c, CONTRACT, { ...view, errors: view.errors.map(withFaqLabel) });
  }
  // Read-only runtimes (Workers): the bundled set, no file problems to report.
  const m = engineFor(ctx, shop.config.id);
  return respond(c, CONTRACT, {
    shop: shop.config.id,
    version: m.version,
    threshold: m.threshold,
    entries: m.entries.map((e) => ({ ...e, origin: "shared" as const })),
    outOfScope: { shared: [...(m.settings.outOfScope ?? [])], shop: [] },
    errors: [],
  });
}
