/** The whole loop through npm run simulate's engine: pushes, decisions, replies delivered, figures. */
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { runSimulation } from "../../src/simulator/simulate.js";

describe("simulator", () => {
  it("generated traffic on all three platforms settles: every push acked, TMC confirmed, replies delivered", async () => {
    const r = await runSimulation({ messages: 24, buyers: 6, speed: 400, duplicateShare: 0.3, agentReplySeconds: [5, 60], seed: 7 });
    expect(r.settled).toBe(true);
    for (const p of ["douyin", "kuaishou"] as const) {
      expect(r.pushes[p]?.badAcks).toBe(0);
      expect(r.pushes[p]?.pushes).toBeGreaterThan(0);
    }
    expect(r.tmc.unconfirmed).toBe(0);
    expect(r.tmc.confirmed).toBe(r.tmc.published);
    // every buyer message decided exactly once, re-deliveries included
    const buyerEvents = r.events.filter((e) => e.from === "buyer").reduce((n, e) => n + e.n, 0);
    expect(r.decisions.reduce((n, d) => n + d.n, 0)).toBe(buyerEvents);
    expect(r.replies.reduce((n, g) => n + g.n, 0)).toBeGreaterThan(0);
    expect(r.rejectedByFakeApi).toEqual([]);
    expect(r.outbox.every((o) => o.status === "sent")).toBe(true);
    expect(r.compliance.length).toBeGreaterThan(0);
  }, 60_000);

  it("replays an events file, reporting malformed lines", async () => {
    const file = fileURLToPath(new URL("../fixtures/platforms/replay.jsonl", import.meta.url));
    const r = await runSimulation({ eventsFile: file, speed: 200, agentReplySeconds: [5, 20] });
    expect(r.skippedLines).toBe(1);
    expect(r.settled).toBe(true);
    expect(r.events.find((e) => e.platform === "douyin" && e.from === "human")?.n).toBeGreaterThanOrEqual(1);
    expect(r.decisions.reduce((n, d) => n + d.n, 0)).toBe(3);
  }, 60_000);
});
