/**
 * `faq eval-live` and its labels reader: the whole live decision over labelled buyer messages,
 * hashed labels resolved from ../shared at evaluation time, bad files refused with file:line.
 */
import { spawnCli } from "../support/cli.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLabels, textHash } from "../../src/cli/labels-tsv.js";
import { scoreLiveDecisions, type LabelledMessage } from "../../src/core/faq/live-eval.js";

const root = join(import.meta.dirname, "../..");
function cli(...args: string[]) {
  return spawnCli(["faq", ...args], { cwd: root });
}
function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "fr-labels-"));
  const p = join(dir, "labels.tsv");
  writeFileSync(p, text);
  return p;
}

describe("labels files", () => {
  it("a bad line is refused with file:line, never skipped", async () => {
    const p = file("utterance\tlabel\tnote\n什么时候发货\tshipping-time\t\n好的\n");
    await expect(readLabels(p)).rejects.toThrow(`${p}:3: expected 2 or 3 tab-separated columns`);
    const unknown = file("utterance\tlabel\tnote\n什么时候发货\tno-such-entry\t\n");
    await expect(readLabels(unknown, { entryIds: new Set(["shipping-time"]) })).rejects.toThrow(`${unknown}:2: unknown entry id "no-such-entry"`);
    const header = file("text\tgold\n什么时候发货\tshipping-time\n");
    await expect(readLabels(header)).rejects.toThrow(`${header}:1: header must be`);
  });

  it("hashed utterances are read from the texts file; a hash not found is named", async () => {
    const texts = file("session_id\tcustomer_utterance\ns1\t什么时候发货\n");
    const p = file(`utterance\tlabel\tnote\nsha256:${textHash("什么时候发货")}\tshipping-time\tAMBIG alt=urge-shipping\n`);
    expect(await readLabels(p, { textsPath: texts })).toEqual([{ at: `${p}:2`, text: "什么时候发货", label: "shipping-time", alt: ["urge-shipping"], ambiguous: true }]);
    const missing = file("utterance\tlabel\tnote\nsha256:0123456789abcdef\tNONE\t\n");
    await expect(readLabels(missing, { textsPath: texts })).rejects.toThrow(`${missing}:2: no text with hash 0123456789abcdef`);
  });
});

describe("scoring", () => {
  const msg = (label: string, alt: string[] = []): LabelledMessage => ({ at: "f:1", text: "t", label, alt, ambiguous: false });
  it("strict and lenient precision, recall of the answerable, requests for a person", () => {
    const r = scoreLiveDecisions([
      { message: msg("a"), outcome: { action: "auto-answer", reason: "faq-confident", faqId: "a", faqScore: 0.9 } },
      { message: msg("NONE", ["b"]), outcome: { action: "auto-answer", reason: "faq-confident", faqId: "b", faqScore: 0.9 } },
      { message: msg("NONE"), outcome: { action: "auto-answer", reason: "faq-confident", faqId: "c", faqScore: 0.95 } },
      { message: msg("d"), outcome: { action: "route", reason: "faq-not-confident", faqId: "d", faqScore: 0.3 } },
      { message: msg("human-agent"), outcome: { action: "route", reason: "human-requested", faqId: null, faqScore: null } },
    ]);
    expect(r).toMatchObject({ messages: 5, autoAnswered: 3, strictPrecision: 1 / 3, lenientPrecision: 2 / 3, answerable: 2, answerableAnswered: 1, recall: 0.5, humanRequests: 1, humanRequestsRouted: 1 });
    expect(r.routedByReason).toEqual({ "faq-not-confident": 1, "human-requested": 1 });
    expect(r.wrong.map((w) => [w.answered, w.lenientWrong])).toEqual([
      ["b", false],
      ["c", true],
    ]);
  });
});

describe("faq eval-live", () => {
  it("runs the live decision over the hand-written paraphrases and reports every figure", () => {
    const r = cli("eval-live", "test/fixtures/buyer-labels/paraphrases-dev.tsv", "--json");
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ platform: "kuaishou", messages: 107 });
    expect(report.autoAnswered).toBeGreaterThan(0);
    // every request for a person in the file reaches one
    expect(report.humanRequestsRouted).toBe(report.humanRequests);
    expect(report.lenientPrecision).toBeGreaterThanOrEqual(0.95);
  });

  it("on Douyin nothing is answered alone (bot answers never count there)", () => {
    const r = cli("eval-live", "test/fixtures/buyer-labels/paraphrases-dev.tsv", "--platform", "douyin", "--json");
    expect(JSON.parse(r.stdout)).toMatchObject({ autoAnswered: 0, lenientPrecision: null });
  });

  it("a bad labels file exits 1 naming file and line; an unknown platform is a usage error", () => {
    const p = file("utterance\tlabel\tnote\n什么时候发货\n");
    const bad = cli("eval-live", p);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${p}:2:`);
    expect(cli("eval-live", p, "--platform", "pdd").status).toBe(2);
  });
});
