/**
 * Every problem the FAQ files can have reaches the dashboard in Chinese: each message the
 * parser, the editor, the file reader and the registry write (found in their sources) has its
 * own Chinese sentence, not the catch-all, and none of them holds an English sentence.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { faqErrorLabel, YAML_SYNTAX } from "../../src/core/faq/error-labels.js";
import { parseFaqFiles } from "../../src/core/faq/parse.js";

const ENGLISH_SENTENCE = /[A-Za-z]{2,}[,.:;!?]?\s+[A-Za-z]{2,}/;
const SOURCES = ["src/core/faq/parse.ts", "src/node/faq-editor.ts", "src/node/faq-files.ts", "src/node/faq-registry.ts"];

/** The message literals of a source, `${…}` filled with a sample word. */
function messages(path: string): string[] {
  const text = readFileSync(path, "utf8");
  const literal = String.raw`(\x60[^\x60]*\x60|"[^"]*"|'[^']*')`;
  const found = [
    ...[...text.matchAll(new RegExp(String.raw`ctx\.error\([^,]+,\s*` + literal, "g"))].map((m) => m[1]!),
    ...[...text.matchAll(new RegExp(String.raw`message:\s*` + literal, "g"))].map((m) => m[1]!),
    // the editor's checks return their message (numberWhereTextIsMeant)
    ...[...text.matchAll(new RegExp(String.raw`return\s+` + literal, "g"))].map((m) => m[1]!).filter((s) => / must /.test(s)),
  ];
  return found.map((l) => l.slice(1, -1).replace(/\$\{[^}]*\}/g, "x")).filter((m) => /[a-z] [a-z]/.test(m));
}

describe("FAQ problems in Chinese", () => {
  const all = SOURCES.flatMap(messages);

  it("finds the messages in the sources", () => {
    expect(all).toContain("question is empty");
    expect(all).toContain("an entry must be a JSON object");
    expect(all.length).toBeGreaterThan(30);
  });

  it("has a Chinese sentence of its own for each, with no English sentence", () => {
    for (const m of [...all, "each of examples must be a string", "each of keywords must be a string, not a number", "courier: answer is required", "entry: answer is required"]) {
      const zh = faqErrorLabel(m);
      expect(zh, m).not.toBe(YAML_SYNTAX);
      expect(zh, m).toMatch(/[\u4e00-\u9fff]/);
      expect(zh, m).not.toMatch(ENGLISH_SENTENCE);
    }
  });

  it("names the entry and the field as the editor shows them", () => {
    expect(faqErrorLabel("courier: answer is empty")).toBe("条目 courier：答案不能为空");
    expect(faqErrorLabel("entry: question is required")).toBe("缺少标准问题");
    expect(faqErrorLabel("each of examples must be a string")).toBe("相似问法的每一项必须是文字");
    expect(faqErrorLabel('answers: unknown platform "pdd" (one of taobao, douyin, kuaishou)')).toBe("分平台答案：未知平台“pdd”（可用：taobao、douyin、kuaishou）");
    expect(faqErrorLabel('unknown field "anwser" (allowed: id, question, examples, answer)')).toBe("未知字段“anwser”（可用：ID、标准问题、相似问法、答案）");
  });

  it("reads a real YAML syntax error (the library's words) as the Chinese catch-all", () => {
    const { errors } = parseFaqFiles([{ path: "faq/x.yaml", text: "entries:\n  - id: a\n    question: [unclosed\n" }]);
    expect(errors.length).toBeGreaterThan(0);
    expect(faqErrorLabel(errors[0]!.message)).toBe(YAML_SYNTAX);
  });
});
