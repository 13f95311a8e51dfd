/** The worked examples of docs/compliance-rules.md (from the Taobao seed). */
import { describe, expect, it } from "vitest";
import { explain, fraction, on } from "./helpers.js";

const tb = on("taobao");

describe("taobao.rounds-3min worked examples", () => {
  it("buyer 10:10:15, buyer 10:15:20, human 10:18:10 → 0/1", () => {
    const events = [tb.buyer("10:10:15"), tb.buyer("10:15:20"), tb.human("10:18:10")];
    expect(fraction(events, "taobao.rounds-3min")).toBe("0/1");
    const [item] = explain(events, "taobao.rounds-3min");
    expect(item).toMatchObject({ status: "late", seconds: 475 });
  });

  it("… then buyer 10:18:30, human 10:19:00 → 1/2", () => {
    const events = [tb.buyer("10:10:15"), tb.buyer("10:15:20"), tb.human("10:18:10"), tb.buyer("10:18:30"), tb.human("10:19:00")];
    expect(fraction(events, "taobao.rounds-3min")).toBe("1/2");
    expect(explain(events, "taobao.rounds-3min").map((i) => [i.status, i.seconds])).toEqual([
      ["late", 475],
      ["in-time", 30],
    ]);
  });

  it("ten buyer messages within 3 minutes, no reply before midnight → 0/1", () => {
    const events = Array.from({ length: 10 }, (_, i) => tb.buyer(`10:${String(10 + Math.floor(i / 4)).padStart(2, "0")}:${String((i % 4) * 15).padStart(2, "0")}`));
    expect(fraction(events, "taobao.rounds-3min")).toBe("0/1");
    const [item] = explain(events, "taobao.rounds-3min");
    expect(item).toMatchObject({ status: "late", reply: null, seconds: null });
  });
});
