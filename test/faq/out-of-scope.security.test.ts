/**
 * Who may change a set's 不回答的问题, on a real server: only an admin of the shop, for the
 * shop's own list; the shared set (every shop's answers) only with a token administering every
 * shop; agent tokens and other shops' admins are refused and nothing is written.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AGENCY, api, outOfScopeSuite } from "./out-of-scope-helpers.js";

const server = outOfScopeSuite();
let shared: string;
beforeAll(async () => {
  shared = await readFile(join(server().faqDir, "_settings.yaml"), "utf8");
});

const body = { texts: ["定制刻字的也能七天无理由退吗"] };
const PATHS = ["/api/admin/faq/out-of-scope", "/api/admin/faq/out-of-scope/remove"];

describe("out-of-scope texts: security", { timeout: 60_000 }, () => {
  it("no token, a wrong token or an agent's token → 401", async () => {
    for (const path of PATHS) {
      for (const token of [undefined, "nope", "demo-a1-token", "other-a2-token"]) {
        const r = await api(server(), "POST", `${path}?shop=demo`, token, body);
        expect(r.status, `${path} ${token}`).toBe(401);
        expect(r.body.error.code).toBe("unauthorized");
      }
    }
  });

  it("another shop's admin cannot write this shop's list → 403", async () => {
    for (const path of PATHS) {
      const r = await api(server(), "POST", `${path}?shop=demo`, "admin-token-other", body);
      expect(r.status).toBe(403);
      expect(r.body.error.field).toBe("shop");
    }
    expect(existsSync(join(server().faqDir, "shops/demo"))).toBe(false);
  });

  it("a shop's admin writes only its own shop's list: the other shop's file is not touched", async () => {
    const r = await api(server(), "POST", "/api/admin/faq/out-of-scope", "admin-token-other", body);
    expect([200, 202]).toContain(r.status);
    expect(r.body.file).toBe("faq/shops/other/_settings.yaml");
    expect(existsSync(join(server().faqDir, "shops/demo"))).toBe(false);
    // and demo's admin does not see other's list
    const listed = (await api(server(), "GET", "/api/admin/faq?shop=demo", "admin-token-demo")).body;
    expect(listed.outOfScope.shop).toEqual([]);
    expect(listed.outOfScope.shared).not.toContain("定制刻字的也能七天无理由退吗");
  });

  it("the shared set: refused to an admin of one shop (403 naming set), taken from an admin of every shop", async () => {
    for (const path of PATHS) {
      const r = await api(server(), "POST", `${path}?shop=demo`, "admin-token-demo", { ...body, set: "shared" });
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: "forbidden", field: "set" });
    }
    expect(await readFile(join(server().faqDir, "_settings.yaml"), "utf8")).toBe(shared);
    // the agency token covers both shops: it must still say which shop it acts for
    expect((await api(server(), "POST", "/api/admin/faq/out-of-scope", AGENCY, { ...body, set: "shared" })).body.error.field).toBe("shop");
    const ok = await api(server(), "POST", "/api/admin/faq/out-of-scope?shop=demo", AGENCY, { ...body, set: "shared" });
    expect([200, 202]).toContain(ok.status);
    expect(ok.body.file).toBe("faq/_settings.yaml");
  });
});
