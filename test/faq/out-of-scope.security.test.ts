/**
 * Who may change a set's 不回答的问题, on a real server: only an admin of the shop, for the
 * shop's own list; the shared set (every shop's answers) only with a token administering every
 * shop; agent tokens and other shops' admins are refused and nothing is written.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UiServer } from "../ui/support.js";
import { AGENCY, api, startOutOfScopeServer } from "./out-of-scope-helpers.js";

let ui: UiServer;
let shared: string;
beforeAll(async () => {
  ui = await startOutOfScopeServer();
  shared = await readFile(join(ui.faqDir, "_settings.yaml"), "utf8");
}, 120_000);
afterAll(async () => ui?.close());

const body = { texts: ["换货流程是啥"] };
const PATHS = ["/api/admin/faq/out-of-scope", "/api/admin/faq/out-of-scope/remove"];

describe("out-of-scope texts: security", { timeout: 60_000 }, () => {
  it("no token, a wrong token or an agent's token → 401", async () => {
    for (const path of PATHS) {
      for (const token of [undefined, "nope", "demo-a1-token", "other-a2-token"]) {
        const r = await api(ui, "POST", `${path}?shop=demo`, token, body);
        expect(r.status, `${path} ${token}`).toBe(401);
        expect(r.body.error.code).toBe("unauthorized");
      }
    }
  });

  it("another shop's admin cannot write this shop's list → 403", async () => {
    for (const path of PATHS) {
      const r = await api(ui, "POST", `${path}?shop=demo`, "admin-token-other", body);
      expect(r.status).toBe(403);
      expect(r.body.error.field).toBe("shop");
    }
    expect(existsSync(join(ui.faqDir, "shops/demo"))).toBe(false);
  });

  it("a shop's admin writes only its own shop's list: the other shop's file is not touched", async () => {
    const r = await api(ui, "POST", "/api/admin/faq/out-of-scope", "admin-token-other", body);
    expect([200, 202]).toContain(r.status);
    expect(r.body.file).toBe("faq/shops/other/_settings.yaml");
    expect(existsSync(join(ui.faqDir, "shops/demo"))).toBe(false);
    // and demo's admin does not see other's list
    const listed = (await api(ui, "GET", "/api/admin/faq?shop=demo", "admin-token-demo")).body;
    expect(listed.outOfScope.shop).toEqual([]);
    expect(listed.outOfScope.shared).not.toContain("换货流程是啥");
  });

  it("the shared set: refused to an admin of one shop (403 naming set), taken from an admin of every shop", async () => {
    for (const path of PATHS) {
      const r = await api(ui, "POST", `${path}?shop=demo`, "admin-token-demo", { ...body, set: "shared" });
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: "forbidden", field: "set" });
    }
    expect(await readFile(join(ui.faqDir, "_settings.yaml"), "utf8")).toBe(shared);
    // the agency token covers both shops: it must still say which shop it acts for
    expect((await api(ui, "POST", "/api/admin/faq/out-of-scope", AGENCY, { ...body, set: "shared" })).body.error.field).toBe("shop");
    const ok = await api(ui, "POST", "/api/admin/faq/out-of-scope?shop=demo", AGENCY, { ...body, set: "shared" });
    expect([200, 202]).toContain(ok.status);
    expect(ok.body.file).toBe("faq/_settings.yaml");
  });
});
