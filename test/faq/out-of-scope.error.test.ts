/**
 * Bad input to POST /api/admin/faq/out-of-scope(/remove), on a real server: every refusal is a
 * 4xx JSON error naming the field, and nothing is written.
 */
import { readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { api, outOfScopeSuite } from "./out-of-scope-helpers.js";

const server = outOfScopeSuite();

const ADMIN = "admin-token-demo";
const add = (body: unknown, path = "/api/admin/faq/out-of-scope?shop=demo") => api(server(), "POST", path, ADMIN, body);
const settings = () => join(server().faqDir, "shops/demo/_settings.yaml");

describe("out-of-scope texts: bad input", { timeout: 60_000 }, () => {
  it.each([
    ["no texts", {}, "texts", undefined, "required"],
    ["texts not a list", { texts: "定制刻字的也能七天无理由退吗" }, "texts", undefined, undefined],
    ["an empty list", { texts: [] }, "texts", undefined, "required"],
    ["an empty text", { texts: ["ok的问题", ""] }, "texts", 1, "required"],
    ["a blank text", { texts: ["  \n "] }, "texts", 0, "required"],
    ["a text of 501 characters", { texts: ["问".repeat(501)] }, "texts", 0, "too-long"],
    ["51 texts", { texts: Array.from({ length: 51 }, (_, i) => `问题${i}`) }, "texts", undefined, "too-many"],
    ["a control character", { texts: ["换货\u0000流程"] }, "texts", 0, "control-characters"],
    ["an unknown set", { texts: ["定制刻字的也能七天无理由退吗"], set: "everyone" }, "set", undefined, undefined],
  ])("%s → 400 naming the field", async (_name, body, field, index, reason) => {
    for (const path of ["/api/admin/faq/out-of-scope?shop=demo", "/api/admin/faq/out-of-scope/remove?shop=demo"]) {
      const r = await add(body, path);
      expect(r.status, path).toBe(400);
      expect(r.body.error.code).toBe("bad_request");
      expect(r.body.error.field).toBe(field);
      if (reason) expect(r.body.error.reason).toBe(reason);
      // one text: its place in the list, also in the message
      expect(r.body.error.index).toBe(index);
      expect(r.body.error.message).toContain(index === undefined ? field : `${field}[${index}]`);
    }
    expect(existsSync(settings())).toBe(false);
  });

  it("exactly 500 characters and exactly 50 texts are taken (the limits' edges)", async () => {
    const long = "问".repeat(500);
    expect((await add({ texts: [long] })).body.added).toEqual([long]);
    const fifty = Array.from({ length: 50 }, (_, i) => `边界问题${i}`);
    expect((await add({ texts: fifty })).body.added).toEqual(fifty);
    const r = await api(server(), "POST", "/api/admin/faq/out-of-scope/remove?shop=demo", ADMIN, { texts: [long, ...fifty.slice(0, 49)] });
    expect(r.body.removed).toHaveLength(50);
    expect((await add({ texts: [fifty[49]!] }, "/api/admin/faq/out-of-scope/remove?shop=demo")).body.outOfScope).toEqual([]);
  });

  it("a body that is not JSON → 400", async () => {
    const r = await api(server(), "POST", "/api/admin/faq/out-of-scope?shop=demo", ADMIN, "not json");
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_json");
  });

  it("an unknown shop → 403 naming the shop, nothing written", async () => {
    const r = await api(server(), "POST", "/api/admin/faq/out-of-scope?shop=nope", ADMIN, { texts: ["定制刻字的也能七天无理由退吗"] });
    expect(r.status).toBe(403);
    expect(r.body.error.field).toBe("shop");
    expect(existsSync(join(server().faqDir, "shops/nope"))).toBe(false);
  });

  it("a settings file broken by hand: 400 with the file and line, the file left as it was, the last good set still live", async () => {
    const live = (await api(server(), "GET", "/api/admin/faq?shop=demo", ADMIN)).body.version;
    const broken = "outOfScope:\n  - 好的\n  - [unclosed\n";
    await writeFile(settings(), broken);
    const r = await add({ texts: ["定制刻字的也能七天无理由退吗"] });
    expect(r.status).toBe(400);
    expect(r.body.error.errors[0]).toMatchObject({ file: "faq/shops/demo/_settings.yaml" });
    expect(r.body.error.errors[0].line).toBeGreaterThan(0);
    expect(await readFile(settings(), "utf8")).toBe(broken);
    expect((await api(server(), "GET", "/api/admin/faq?shop=demo", ADMIN)).body.version).toBe(live);
    // a list of something else than texts is refused the same way
    await writeFile(settings(), "outOfScope: 7\n");
    const r2 = await add({ texts: ["定制刻字的也能七天无理由退吗"] });
    expect(r2.status).toBe(400);
    expect(r2.body.error.errors[0].message).toContain("outOfScope");
  });
});
