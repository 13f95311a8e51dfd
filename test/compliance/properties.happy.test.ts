/**
 * Properties of the engine over random chat logs (fast-check): input order, events no window
 * can see, later replies, and incremental maintenance against full recomputation.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChatEvent, Platform, Sender } from "../../src/core/events.js";
import { computeBatch } from "../../src/core/compliance/batch.js";
import { summarize } from "../../src/core/compliance/aggregate.js";
import { MemoryComplianceStore, updateConversation } from "../../src/core/compliance/incremental.js";
import { makeRulesFor } from "../../src/core/compliance/rules-for.js";
import { dayNumber, dayStartMs, parseDayKey } from "../../src/core/time.js";

const FIRST_DAY = parseDayKey("2026-01-06")!;
const DAYS = 3;
const TO = FIRST_DAY + DAYS - 1;
const rulesFor = makeRulesFor();

type Kind = "buyer" | "human" | "bot" | "system" | "assigned";
const kind = fc.constantFrom<Kind>(...(["buyer", "buyer", "buyer", "buyer", "human", "human", "bot", "bot", "system", "assigned"] as Kind[]));

const rawEvent = fc.record({
  conv: fc.integer({ min: 0, max: 5 }),
  // seconds from the first day: clustered around window edges and midnight so that clocks,
  // limits and windows all come into play (uniform times would almost never be in time)
  t: fc
    .tuple(
      fc.integer({ min: 0, max: DAYS - 1 }),
      fc.constantFrom(7.95, 8.95, 10, 18.95, 22.95, 23.9),
      fc.integer({ min: 0, max: 8 }).map((k) => k * 45),
    )
    .map(([d, h, s]) => Math.min(DAYS * 86_400 - 1, d * 86_400 + Math.round(h * 3600) + s)),
  kind,
  agent: fc.constantFrom(undefined, "a", "b"),
  bot: fc.constantFrom("dianxiaomi", "autoreply", "firstresponder"),
  mode: fc.constantFrom("assist" as const, "auto" as const),
});

const PLATFORMS: Platform[] = ["taobao", "douyin", "kuaishou"];

type RawEvent = typeof rawEvent extends fc.Arbitrary<infer T> ? T : never;

function toEvents(raws: RawEvent[]): ChatEvent[] {
  return raws.map((r, i) => {
    const platform = PLATFORMS[r.conv % 3]!;
    const from: Sender = r.kind === "assigned" ? "system" : r.kind;
    const e: ChatEvent = {
      id: `e${i}`,
      platform,
      shop: `shop-${platform}`,
      conversation: `c${r.conv}`,
      at: dayStartMs(FIRST_DAY) + r.t * 1000,
      from,
      type: r.kind === "assigned" ? "assigned" : "message",
    };
    if (r.kind === "assigned") e.agent = r.agent ?? "a";
    else if (r.agent && (from === "buyer" || from === "human")) e.agent = r.agent;
    if (from === "bot") {
      e.bot = r.bot;
      e.mode = r.mode;
    }
    return e;
  });
}

const eventsArb = fc.array(rawEvent, { minLength: 1, maxLength: 60 }).map((r) => toEvents(r));

function report(events: ChatEvent[]) {
  const { aggregates } = computeBatch(events, rulesFor);
  return summarize(aggregates, { to: TO, rulesFor }).map(({ spec: _spec, ...rest }) => rest);
}

describe("engine properties", () => {
  it("input order does not change results", () => {
    fc.assert(
      fc.property(eventsArb, fc.integer(), (events, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), { numRuns: 1, seed })[0]!;
        expect(report(shuffled)).toEqual(report(events));
      }),
      { numRuns: 200 },
    );
  });

  it("adding events no window can see changes nothing", () => {
    fc.assert(
      fc.property(eventsArb, fc.array(rawEvent, { maxLength: 20 }), (events, extraRaw) => {
        const before = report(events);
        const extra = toEvents(extraRaw).flatMap((e, i): ChatEvent[] => {
          const id = `x${i}`;
          // (a) a conversation of its own on a day after the report
          const later = { ...e, id, conversation: `later-${i}`, at: dayStartMs(TO + 1 + (i % 3)) + (e.at - dayStartMs(dayNumber(e.at))) };
          // (b) a buyer message or a notice in a known conversation after the report
          const notice = { ...e, id: `${id}n`, from: i % 2 ? ("buyer" as const) : ("system" as const), type: "message" as const, at: later.at };
          delete notice.agent;
          delete notice.bot;
          delete notice.mode;
          // (c) anything (but a counterpart that excludes) in a Douyin conversation before 09:00 on a day it already has
          const out: ChatEvent[] = [later, notice];
          const host = events.find((h) => h.platform === "douyin" && h.conversation === e.conversation);
          if (host && e.platform === "douyin") {
            const start = dayStartMs(dayNumber(host.at));
            out.push({ ...e, id: `${id}d`, at: start + ((e.at - dayStartMs(dayNumber(e.at))) % (9 * 3600_000)) });
          }
          return out;
        });
        expect(report([...events, ...extra])).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it("making a reply later never raises a rate", () => {
    fc.assert(
      fc.property(eventsArb, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (events, pick, frac) => {
        const replies = events.map((e, i) => [e, i] as const).filter(([e]) => e.type === "message" && (e.from === "human" || e.from === "bot"));
        fc.pre(replies.length > 0);
        const [reply, index] = replies[pick % replies.length]!;
        // later, but before the next event of its conversation and within its day: no reordering
        const dayEnd = dayStartMs(dayNumber(reply.at) + 1);
        const next = Math.min(dayEnd, ...events.filter((e) => e !== reply && e.conversation === reply.conversation && e.platform === reply.platform && e.at > reply.at).map((e) => e.at));
        fc.pre(!events.some((e) => e !== reply && e.conversation === reply.conversation && e.at === reply.at));
        const moved = reply.at + Math.floor((next - 1 - reply.at) * frac);
        const after = events.map((e, i) => (i === index ? { ...e, at: moved } : e));
        const a = report(events);
        const b = report(after);
        expect(b.map((r) => [r.rule, r.shop, r.agent, r.from, r.denominator])).toEqual(a.map((r) => [r.rule, r.shop, r.agent, r.from, r.denominator]));
        b.forEach((r, i) => expect(r.numerator).toBeLessThanOrEqual(a[i]!.numerator));
      }),
      { numRuns: 300 },
    );
  });

  it("incremental maintenance equals a full recomputation, whatever the arrival order and batching", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rawEvent, { minLength: 1, maxLength: 60 }).map((r) => toEvents(r)),
        fc.array(fc.integer({ min: 0, max: 1000 })),
        fc.integer({ min: 1, max: 5 }),
        async (events, keys, batch) => {
          // also throw in an internal message now and then: exclusion must reach back over days
          const withInternal = events.map((e, i) => (i % 17 === 16 ? { ...e, from: "internal" as const, type: "message" as const } : e));
          const order = withInternal.map((e, i) => ({ e, k: keys[i % Math.max(1, keys.length)] ?? 0, i })).sort((x, y) => x.k - y.k || x.i - y.i);
          const store = new MemoryComplianceStore();
          for (let i = 0; i < order.length; i += batch) {
            const chunk = order.slice(i, i + batch).map((x) => x.e);
            const byConv = new Map<string, ChatEvent[]>();
            for (const e of chunk) byConv.set(`${e.platform}/${e.shop}/${e.conversation}`, [...(byConv.get(`${e.platform}/${e.shop}/${e.conversation}`) ?? []), e]);
            for (const list of byConv.values()) {
              const ref = { platform: list[0]!.platform, shop: list[0]!.shop, conversation: list[0]!.conversation };
              const fresh = store.append(ref, list);
              await updateConversation(store, ref, fresh, rulesFor);
            }
          }
          const batchAgg = computeBatch(withInternal, rulesFor).aggregates;
          expect(store.aggregates.snapshot()).toEqual(batchAgg.snapshot());
          const strip = (rs: ReturnType<typeof summarize>) => rs.map(({ spec: _s, ...r }) => r);
          expect(strip(summarize(store.aggregates, { to: TO, rulesFor }))).toEqual(strip(summarize(batchAgg, { to: TO, rulesFor })));
        },
      ),
      { numRuns: 200 },
    );
  });
});
