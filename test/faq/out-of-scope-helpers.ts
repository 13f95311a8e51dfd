/**
 * Shared set-up of the out-of-scope (不回答的问题) tests: a real server (real HTTP, real SQLite
 * file, the demo FAQ copied into its own directory, trained as in production) with two shops,
 * and an agency token administering both (what writing the shared set takes).
 */
import { afterAll, beforeAll, expect } from "vitest";
import { sha256Hex } from "../../src/core/crypto.js";
import { shopConfig } from "../contract/fixtures.js";
import { startUiServer, type UiServer } from "../ui/support.js";

export const AGENCY = "admin-token-agency";

export async function startOutOfScopeServer(): Promise<UiServer> {
  const agency = await sha256Hex(AGENCY);
  const shops = await Promise.all(["demo", "other"].map(async (id) => shopConfig(id, { adminTokenSha256: [await sha256Hex(`admin-token-${id}`), agency] })));
  return startUiServer({ shops });
}

/** The server of a test file: started before its tests, closed after them; read it inside tests. */
export function outOfScopeSuite(): () => UiServer {
  let ui: UiServer | undefined;
  beforeAll(async () => {
    ui = await startOutOfScopeServer();
  }, 120_000);
  afterAll(async () => ui?.close());
  return () => ui!;
}

export interface Sent {
  status: number;
  body: any;
}

export async function api(ui: UiServer, method: string, path: string, token: string | undefined, body?: unknown): Promise<Sent> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${ui.url}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/**
 * Waits until the shop's live FAQ lists the change (a 202 answers before the retrained set is
 * live; the save answered 200 when it already is).
 */
export async function untilLive(ui: UiServer, token: string, shop: string, holds: (outOfScope: { shared: string[]; shop: string[] }) => boolean): Promise<string> {
  let version = "";
  await expect
    .poll(
      async () => {
        const r = await api(ui, "GET", `/api/admin/faq?shop=${shop}`, token);
        version = r.body.version;
        return holds(r.body.outOfScope);
      },
      { timeout: 60_000, interval: 200 },
    )
    .toBe(true);
  return version;
}
