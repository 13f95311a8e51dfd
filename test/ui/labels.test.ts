/**
 * The one table of Chinese error messages (src/http/pages/labels.ts) covers every error the
 * API can answer: every code, every `reason` and every `field` named by an ApiError anywhere
 * in src/. A new error without its Chinese text fails here, not in front of an agent.
 * Also: every explanation the compliance engine writes has its Chinese label.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { complianceReasonLabel } from "../../src/core/compliance/reason-labels.js";
import { RULE_IDS, RULE_PRESETS } from "../../src/core/rules/presets.js";
import { ERROR_CODE_TEXT, ERROR_REASON_TEXT, FIELD_NAMES, LABELS_ASSET, UI_LABELS } from "../../src/http/pages/labels.js";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) && !n.endsWith(".generated.ts") ? [p] : [];
  });
}

const text = sources("src")
  .map((p) => readFileSync(p, "utf8"))
  .join("\n");
const ENGLISH_SENTENCE = /[A-Za-z]{2,}\s+[A-Za-z]{2,}/;

describe("Chinese error table", () => {
  it("has a message for every error code, reason and field the API uses", () => {
    const codes = new Set([...text.matchAll(/ApiError\(\s*\d+,\s*"([a-z_]+)"/g)].map((m) => m[1]!));
    expect(codes.size).toBeGreaterThan(5);
    for (const c of codes) expect(ERROR_CODE_TEXT, c).toHaveProperty(c);
    // a reason given in an ApiError's or a service error's details (up to the end of its statement;
    // services refuse with notFound/conflict/invalid of src/services/errors.ts, mapped to HTTP codes)
    const refusal = String.raw`\b(?:ApiError|notFound|conflict|invalid)\((?:(?!\);)[\s\S])*?`;
    const reasons = new Set([...text.matchAll(new RegExp(`${refusal}reason: "([a-z-]+)"`, "g"))].map((m) => m[1]!));
    expect(reasons).toContain("agent-at-limit");
    for (const r of reasons) expect(ERROR_REASON_TEXT, r).toHaveProperty(r);
    const fields = new Set([...[...text.matchAll(new RegExp(`${refusal}field: "([a-zA-Z]+)"`, "g"))].map((m) => m[1]!), ...[...text.matchAll(/require(?:String|Boolean)\(\s*\w+,\s*"([a-zA-Z]+)"/g)].map((m) => m[1]!)]);
    expect(fields).toContain("text");
    for (const f of fields) expect(FIELD_NAMES, f).toHaveProperty(f);
  });

  it("is Chinese: no English sentence in any message or label served to the pages", () => {
    for (const [k, v] of Object.entries({ ...UI_LABELS.errors, ...UI_LABELS.fields, ...UI_LABELS.decisionReasons, ...UI_LABELS.rules, ...UI_LABELS.penalties })) {
      expect(v, k).toMatch(/[\u4e00-\u9fff]/);
      expect(v, k).not.toMatch(ENGLISH_SENTENCE);
    }
    expect(LABELS_ASSET.body).toContain("window.FR_LABELS = ");
  });

  it("names every penalty of every preset's floors, and offers 排班建议 exactly the rules a headcount changes", () => {
    const penalties = new Set(RULE_IDS.flatMap((id) => RULE_PRESETS[id].floors.map((f) => f.penalty)));
    expect(penalties).toContain("fine-1000");
    for (const p of penalties) expect(UI_LABELS.penalties, p).toHaveProperty(p);
    const planned = UI_LABELS.planRules.map((r) => r.id);
    expect(planned).toContain("kuaishou.shop-5min");
    // no time limit (taobao.reply-rate) or an agent's own figure (kuaishou.agent-5min): the forecast refuses them
    expect(planned).not.toContain("taobao.reply-rate");
    expect(planned).not.toContain("kuaishou.agent-5min");
    for (const r of UI_LABELS.planRules) expect(r.platform).toBe(RULE_PRESETS[r.id].platform);
  });

  it("labels every explanation the compliance engine writes", () => {
    const engine = readFileSync("src/core/compliance/evaluate.ts", "utf8");
    const literals = [...engine.matchAll(/"([a-z][^"]{12,})"/g)].map((m) => m[1]!).filter((s) => / /.test(s) && !/^[a-z-]+$/.test(s));
    expect(literals).toContain("no counted reply by midnight");
    for (const r of literals) {
      const zh = complianceReasonLabel(r)!;
      expect(zh, r).not.toBe("其他原因（不考核）");
      expect(zh, r).not.toMatch(ENGLISH_SENTENCE);
    }
    expect(complianceReasonLabel("first reply not counted: human (choice 1)")).toBe("首次回复不计入考核：人工");
    expect(complianceReasonLabel("first reply not counted: bot 小助手 (auto) (choice 1)")).toBe("首次回复不计入考核：机器人 小助手（全自动）");
    expect(complianceReasonLabel("something new")).toBe("其他原因（不考核）");
    expect(complianceReasonLabel(null)).toBeNull();
  });
});
