/**
 * The resumable day fold (core/compliance/stream.ts) against the reference evaluation
 * (evaluate.ts): over random days of one conversation, random rule shapes (every unit, clock
 * origin, per-agent or not, exclusions, with and without a clock, windows) and a random carry
 * from the day before, feeding the day in any split of chunks gives the same contributions,
 * carry, open round and buyer flag as evaluating the whole day at once.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeBatch } from "../../src/core/compliance/batch.js";
import { carryOut, evaluateConversationDay } from "../../src/core/compliance/evaluate.js";
import { MemoryComplianceStore, updateConversation } from "../../src/core/compliance/incremental.js";
import { makeRulesFor } from "../../src/core/compliance/rules-for.js";
import { sortedUnique } from "../../src/core/compliance/order.js";
import { canExtend, feedDay, finishDay, startDay } from "../../src/core/compliance/stream.js";
import { EMPTY_CARRY, type Contribution, type EngineEvent } from "../../src/core/compliance/types.js";
import { RULE_IDS, RULE_PRESETS, type CountedSources, type RuleSpec } from "../../src/core/rules/presets.js";
import { dayStartMs, parseDayKey } from "../../src/core/time.js";

const DAY = parseDayKey("2026-01-06")!;
const ref = { platform: "taobao" as const, shop: "s", conversation: "c" };
const COUNTED: CountedSources[] = [
  { human: true, bots: "none" },
  { human: true, bots: "any" },
  { human: true, bots: { names: ["dianxiaomi"], modes: ["assist"] } },
];

const ruleShape = fc.record({
  unit: fc.constantFrom("message", "conversation-day", "round", "person-day", "conversation"),
  clockOrigin: fc.constantFrom("message", "streak", "round", "person-first", "transfer"),
  limitSeconds: fc.constantFrom(null, 30, 180, 300),
  perAgent: fc.boolean(),
  excludeUncountedFirstReply: fc.boolean(),
  excludeCrossDay: fc.boolean(),
  counted: fc.constantFrom(...COUNTED),
  window: fc.constantFrom({ start: "00:00", end: "24:00" }, { start: "08:00", end: "23:00" }, { start: "09:00", end: "18:00" }),
});

const rulesArb = fc.array(ruleShape, { minLength: 1, maxLength: 4 }).map((shapes) => shapes.map((s, i) => ({ ...RULE_PRESETS[RULE_IDS[i]!], ...s, platform: "taobao" }) as RuleSpec));

type Kind = "buyer" | "human" | "bot" | "system" | "assigned";
const rawEvent = fc.record({
  // seconds into the day, clustered around the windows' edges so that every clock and window matters
  t: fc
    .tuple(
      fc.constantFrom(0, 7.99, 8.95, 17.95, 22.95, 23.9),
      fc.integer({ min: 0, max: 12 }).map((k) => k * 25),
    )
    .map(([h, s]) => Math.min(86_399, Math.round(h * 3600) + s)),
  kind: fc.constantFrom<Kind>("buyer", "buyer", "buyer", "human", "human", "bot", "bot", "system", "assigned"),
  agent: fc.constantFrom(undefined, "a", "b"),
  bot: fc.constantFrom("dianxiaomi", "autoreply"),
  mode: fc.constantFrom("assist" as const, "auto" as const),
});
type Raw = typeof rawEvent extends fc.Arbitrary<infer T> ? T : never;

function toEvents(raws: Raw[], prefix: string, day: number): EngineEvent[] {
  return raws.map((r, i) => {
    const e: EngineEvent = { id: `${prefix}${i}`, at: dayStartMs(day) + r.t * 1000, from: r.kind === "assigned" ? "system" : r.kind, type: r.kind === "assigned" ? "assigned" : "message" };
    if (r.kind === "assigned") e.agent = r.agent;
    else if (r.agent && (r.kind === "buyer" || r.kind === "human")) e.agent = r.agent;
    if (r.kind === "bot") {
      e.bot = r.bot;
      e.mode = r.mode;
    }
    return e;
  });
}

const norm = (cs: Contribution[]) => [...cs].sort((a, b) => (a.rule + (a.agent ?? "") < b.rule + (b.agent ?? "") ? -1 : 1));

describe("the resumable day fold", () => {
  it("fed in any chunks, equals evaluating the whole day", () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.array(rawEvent, { maxLength: 12 }),
        fc.array(rawEvent, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1 }),
        fc.boolean(),
        fc.boolean(),
        (rules, yesterday, today, cuts, laterShopReply, excluded) => {
          const carryIn = carryOut(sortedUnique(toEvents(yesterday, "y", DAY - 1)), rules, EMPTY_CARRY);
          const events = sortedUnique(toEvents(today, "e", DAY));
          const want = evaluateConversationDay({ ref, day: DAY, events, carryIn, laterShopReply, excluded }, rules, { sorted: true });
          const stream = startDay(DAY, carryIn, rules);
          for (let i = 0, k = 0; i < events.length; k++) {
            const chunk = events.slice(i, i + cuts[k % cuts.length]!);
            expect(canExtend(stream, rules, chunk)).toBe(true);
            // a state goes through JSON between folds (stored beside the day's row)
            Object.assign(stream, JSON.parse(JSON.stringify(stream)));
            feedDay(stream, rules, chunk);
            i += chunk.length;
          }
          const got = finishDay(stream, rules, { laterShopReply, excluded });
          expect(norm(got.contributions)).toEqual(norm(want.contributions));
          expect(got.carryOut).toEqual(want.carryOut);
          expect(got.openRoundAtEnd).toBe(want.openRoundAtEnd);
          expect(got.hasBuyer).toBe(events.some((e) => e.from === "buyer" && e.type === "message"));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
    );
  });

  it("refuses an event that sorts before what it has seen, and a change of rules", () => {
    const rules = [RULE_PRESETS["taobao.rounds-3min"]];
    const stream = startDay(DAY, EMPTY_CARRY, rules);
    const at = dayStartMs(DAY) + 10 * 3600_000;
    feedDay(stream, rules, [{ id: "b", at, from: "buyer", type: "message" }]);
    expect(canExtend(stream, rules, [{ id: "a", at, from: "buyer", type: "message" }])).toBe(false); // same ms, smaller id
    expect(canExtend(stream, rules, [{ id: "r", at, from: "human", type: "message" }])).toBe(true); // a reply at the same ms sorts after
    expect(canExtend(stream, rules, [{ id: "x", at: at - 1, from: "human", type: "message" }])).toBe(false);
    expect(canExtend(stream, [RULE_PRESETS["taobao.daily-3min"]], [{ id: "z", at: at + 1, from: "human", type: "message" }])).toBe(false);
  });
});

describe("incremental folding reads a day once", () => {
  it("batches appended after the day's last event extend its state; one out of order reads the day again, with the same figures", async () => {
    const rulesFor = makeRulesFor();
    const store = new MemoryComplianceStore();
    let reads = 0;
    const read = store.eventsOfDay.bind(store);
    store.eventsOfDay = (r, d) => {
      reads++;
      return read(r, d);
    };
    const conv = { platform: "taobao" as const, shop: "s", conversation: "busy" };
    const at = (i: number) => dayStartMs(DAY) + 9 * 3600_000 + i * 20_000;
    const all: EngineEvent[] = Array.from({ length: 600 }, (_, i) => (i % 3 === 2 ? { id: `m${i}`, at: at(i), from: "human", type: "message", agent: "a" } : { id: `m${i}`, at: at(i), from: "buyer", type: "message" }));
    for (let i = 0; i < 500; i += 50) await updateConversation(store, conv, store.append(conv, all.slice(i, i + 50)), rulesFor);
    expect(reads).toBe(1); // the first batch: no state yet
    // an event dated before the day's last one: the day is read and fed again, once
    await updateConversation(store, conv, store.append(conv, [{ id: "late-reply", at: at(250) + 1, from: "human", type: "message", agent: "a" }]), rulesFor);
    expect(reads).toBe(2);
    await updateConversation(store, conv, store.append(conv, all.slice(500)), rulesFor);
    expect(reads).toBe(2);
    const whole = computeBatch(
      [...all, { id: "late-reply", at: at(250) + 1, from: "human" as const, type: "message" as const, agent: "a" }].map((e) => ({ ...e, ...conv })),
      rulesFor,
    ).aggregates;
    expect(store.aggregates.snapshot()).toEqual(whole.snapshot());
  });
});
