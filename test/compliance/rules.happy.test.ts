/** Each rule and each numbered choice of docs/compliance-rules.md. */
import { describe, expect, it } from "vitest";
import { explain, fraction, on, results } from "./helpers.js";

const tb = on("taobao");
const dy = on("douyin");
const ks = on("kuaishou");

describe("choice 1: Taobao rounds whose first reply does not count", () => {
  it("an auto-reply first excludes the round from numerator and denominator", () => {
    const events = [tb.buyer("10:00:00"), tb.bot("10:00:05", "autoreply", "auto"), tb.human("10:01:00")];
    expect(fraction(events, "taobao.rounds-3min")).toBe("0/0");
    expect(explain(events, "taobao.rounds-3min")[0]).toMatchObject({ status: "excluded", reason: expect.stringContaining("autoreply") });
  });
  it("an eligible bot in full-auto mode, or an unlisted bot in assist mode, excludes it too", () => {
    expect(fraction([tb.buyer("10:00"), tb.bot("10:00:05", "dianxiaomi", "auto")], "taobao.rounds-3min")).toBe("0/0");
    expect(fraction([tb.buyer("10:00"), tb.bot("10:00:05", "firstresponder", "assist")], "taobao.rounds-3min")).toBe("0/0");
  });
  it("an assist-mode 店小蜜/乐言/小微/晓多 reply counts", () => {
    for (const bot of ["dianxiaomi", "leyan", "xiaowei", "xiaoduo"]) {
      expect(fraction([tb.buyer("10:00"), tb.bot("10:00:05", bot, "assist")], "taobao.rounds-3min")).toBe("1/1");
    }
  });
  it("a round with no reply at all is counted, late", () => {
    expect(fraction([tb.buyer("10:00")], "taobao.rounds-3min")).toBe("0/1");
  });
});

describe("choice 2: rounds across midnight", () => {
  it("a round answered on the next day is excluded", () => {
    const events = [tb.buyer("23:50:00"), tb.human("2026-01-08 00:05:00")];
    expect(fraction(events, "taobao.rounds-3min", { to: "2026-01-08" })).toBe("0/0");
    expect(explain(events, "taobao.rounds-3min")[0]).toMatchObject({ status: "excluded", reason: expect.stringContaining("cross-day") });
  });
  it("a round unanswered at midnight, and never after, is counted late", () => {
    expect(fraction([tb.buyer("23:50:00")], "taobao.rounds-3min")).toBe("0/1");
  });
  it("buyer messages of the next day join the open round and start no new one", () => {
    const events = [tb.buyer("23:50:00"), tb.buyer("2026-01-08 09:00:00"), tb.human("2026-01-08 09:01:00")];
    expect(fraction(events, "taobao.rounds-3min", { to: "2026-01-08" })).toBe("0/0");
  });
  it("the Kuaishou and Douyin rules count a message unanswered at midnight late, even if answered after", () => {
    expect(fraction([ks.buyer("23:58:00"), ks.human("2026-01-08 00:01:00")], "kuaishou.shop-5min", { day: "2026-01-07" })).toBe("0/1");
    expect(fraction([dy.buyer("18:59:00"), dy.human("2026-01-08 08:00:00")], "douyin.manual-3min", { day: "2026-01-07" })).toBe("0/1");
  });
});

describe("choice 3: Douyin clocks each message, Kuaishou clocks the streak", () => {
  const msgs = (p: ReturnType<typeof on>) => [p.buyer("10:00:00"), p.buyer("10:02:00"), p.human("10:04:30")];
  it("Douyin: 10:00 is late (270 s), 10:02 in time (150 s)", () => {
    expect(fraction(msgs(dy), "douyin.manual-3min")).toBe("1/2");
  });
  it("Kuaishou: both messages from 10:00 → 270 s, in time under 300 s", () => {
    expect(fraction(msgs(ks), "kuaishou.shop-5min")).toBe("2/2");
    const late = [ks.buyer("10:00:00"), ks.buyer("10:04:00"), ks.human("10:05:01")];
    expect(fraction(late, "kuaishou.shop-5min")).toBe("0/2");
  });
  it("Douyin fine-1000 needs ≥ 100 assessed buyer messages that day", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => dy.buyer(`10:00:00`, { conversation: `c${i}` }));
    const at99 = results(many(99), { rules: ["douyin.manual-3min"] })[0]!;
    expect(at99).toMatchObject({ numerator: 0, denominator: 99, penalties: ["activities-barred"] });
    const at100 = results(many(100), { rules: ["douyin.manual-3min"] })[0]!;
    expect(at100.penalties).toEqual(["activities-barred", "fine-1000"]);
  });
});

describe("choice 4: a reply exactly at the limit is in time", () => {
  it("180 s in time, 181 s late (Taobao rounds, Douyin, Taobao daily)", () => {
    expect(fraction([tb.buyer("10:00:00"), tb.human("10:03:00")], "taobao.rounds-3min")).toBe("1/1");
    expect(fraction([tb.buyer("10:00:00"), tb.human("10:03:01")], "taobao.rounds-3min")).toBe("0/1");
    expect(fraction([dy.buyer("10:00:00"), dy.human("10:03:00")], "douyin.manual-3min")).toBe("1/1");
    expect(fraction([dy.buyer("10:00:00"), dy.human("10:03:00.001")], "douyin.manual-3min")).toBe("0/1");
    expect(fraction([tb.buyer("10:00:00"), tb.human("10:03:00")], "taobao.daily-3min")).toBe("1/1");
  });
  it("300 s in time, 301 s late (Kuaishou); 120 s in time (Douyin first reply)", () => {
    expect(fraction([ks.buyer("10:00:00"), ks.human("10:05:00")], "kuaishou.shop-5min")).toBe("1/1");
    expect(fraction([ks.buyer("10:00:00"), ks.human("10:05:01")], "kuaishou.shop-5min")).toBe("0/1");
    expect(fraction([dy.buyer("10:00:00"), dy.human("10:02:00")], "douyin.first-reply-2min")).toBe("1/1");
    expect(fraction([dy.buyer("10:00:00"), dy.human("10:02:01")], "douyin.first-reply-2min")).toBe("0/1");
  });
});

describe("choice 5: per-agent attribution and queue time", () => {
  it("a message waiting in the queue belongs to the next agent, whose clock starts at assignment", () => {
    const events = [ks.buyer("10:00:00"), ks.assigned("10:10:00", "alice"), ks.human("10:14:00", { agent: "alice" })];
    expect(fraction(events, "kuaishou.agent-5min", { agent: "alice" })).toBe("1/1");
    // the shop figure counts from the buyer's first message: 14 minutes, late
    expect(fraction(events, "kuaishou.shop-5min")).toBe("0/1");
  });
  it("a message arriving while the conversation is in an agent's list belongs to that agent", () => {
    const events = [ks.assigned("09:00:00", "alice"), ks.buyer("10:00:00"), ks.assigned("10:01:00", "bob"), ks.human("10:06:00", { agent: "bob" }), ks.buyer("10:07:00"), ks.human("10:08:00", { agent: "bob" })];
    expect(fraction(events, "kuaishou.agent-5min", { agent: "alice" })).toBe("0/1");
    expect(fraction(events, "kuaishou.agent-5min", { agent: "bob" })).toBe("1/1");
  });
  it("the clock starts at the later of the streak's first message and entry into the list", () => {
    const events = [ks.buyer("10:00:00"), ks.assigned("10:01:00", "alice"), ks.buyer("10:02:00"), ks.human("10:06:30", { agent: "alice" })];
    // both messages: from 10:01 (entry), 330 s → late; shop: from 10:00, 390 s → late
    expect(fraction(events, "kuaishou.agent-5min", { agent: "alice" })).toBe("0/2");
    const [first] = explain(events, "kuaishou.agent-5min");
    expect(first).toMatchObject({ agent: "alice", seconds: 330 });
  });
  it("a message never received by any agent that day is excluded from per-agent figures", () => {
    const events = [ks.buyer("10:00:00"), ks.bot("10:00:02", "kuaishou-bot", "auto")];
    expect(results(events, { rules: ["kuaishou.agent-5min"] })).toEqual([]);
    expect(explain(events, "kuaishou.agent-5min")[0]).toMatchObject({ status: "excluded", reason: expect.stringContaining("queue") });
  });
  it("the assignment carries over to the next day", () => {
    const events = [ks.assigned("20:00:00", "alice"), ks.buyer("2026-01-08 10:00:00"), ks.human("2026-01-08 10:01:00")];
    expect(fraction(events, "kuaishou.agent-5min", { agent: "alice", day: "2026-01-08" })).toBe("1/1");
  });
});

describe("choice 6: penalties", () => {
  it("a rate exactly at the floor is not below it", () => {
    const events = [
      ...Array.from({ length: 2 }, (_, i) => [tb.buyer("10:00", { conversation: `ok${i}` }), tb.human("10:01", { conversation: `ok${i}` })]).flat(),
      ...Array.from({ length: 3 }, (_, i) => tb.buyer("10:00", { conversation: `late${i}` })),
    ];
    const [r] = results(events, { rules: ["taobao.daily-3min"] });
    expect(r).toMatchObject({ rate: 0.4, penalties: [] });
    const below = [...events, tb.buyer("10:00", { conversation: "late3" })];
    expect(results(below, { rules: ["taobao.daily-3min"] })[0]!.penalties).toEqual(["traffic-downweight"]);
  });
  it("Kuaishou below 80 % → star-deduction; at 80 % none", () => {
    const conv = (i: number, answered: boolean) => [ks.buyer("10:00", { conversation: `k${i}` }), ...(answered ? [ks.human("10:01", { conversation: `k${i}` })] : [])];
    const at80 = [0, 1, 2, 3].flatMap((i) => conv(i, true)).concat(conv(4, false));
    expect(results(at80, { rules: ["kuaishou.shop-5min"] })[0]).toMatchObject({ rate: 0.8, penalties: [] });
    const below = at80.concat(conv(5, false));
    expect(results(below, { rules: ["kuaishou.shop-5min"] })[0]!.penalties).toEqual(["star-deduction"]);
  });
  it("Douyin below 50 % → activities-barred; exactly 50 % none", () => {
    expect(results([dy.buyer("10:00"), dy.human("10:01"), dy.buyer("11:00")], { rules: ["douyin.manual-3min"] })[0]).toMatchObject({ rate: 0.5, penalties: [] });
    expect(results([dy.buyer("10:00")], { rules: ["douyin.manual-3min"] })[0]!.penalties).toEqual(["activities-barred"]);
  });
});

describe("windows and midnight", () => {
  it("Douyin assesses [09:00, 19:00)", () => {
    const events = [dy.buyer("08:59:59"), dy.buyer("09:00:00"), dy.human("09:00:30"), dy.buyer("18:59:59"), dy.buyer("19:00:00"), dy.human("19:00:30")];
    expect(fraction(events, "douyin.manual-3min")).toBe("2/2");
  });
  it("Taobao daily assesses [08:00, 23:00); rounds [08:00, 24:00)", () => {
    expect(fraction([tb.buyer("22:59:59"), tb.human("23:00:10")], "taobao.daily-3min")).toBe("1/1");
    expect(fraction([tb.buyer("23:00:00"), tb.human("23:00:10"), tb.buyer("07:00"), tb.human("07:00:01")], "taobao.daily-3min")).toBe("0/0");
    expect(fraction([tb.buyer("23:59:59"), tb.human("23:59:59.500")], "taobao.rounds-3min")).toBe("1/1");
    expect(fraction([tb.buyer("07:59:59"), tb.human("08:00:10")], "taobao.rounds-3min")).toBe("0/0");
  });
  it("a round that starts before the window is not assessed, even when its messages continue into it", () => {
    expect(fraction([tb.buyer("07:59:00"), tb.buyer("08:01:00"), tb.human("08:02:00")], "taobao.rounds-3min")).toBe("0/0");
  });
  it("Kuaishou: a streak that began before 08:00 clocks from its first message", () => {
    expect(fraction([ks.buyer("07:58:00"), ks.buyer("08:01:00"), ks.human("08:03:30")], "kuaishou.shop-5min")).toBe("0/1");
  });
  it("a reply at midnight belongs to the next day and answers nothing of the previous", () => {
    expect(fraction([ks.buyer("23:59:00"), ks.human("2026-01-08 00:00:00")], "kuaishou.shop-5min", { day: "2026-01-07" })).toBe("0/1");
  });
});

describe("excluded counterparts", () => {
  it("a conversation with an internal or staff message is never assessed, on any day, in any rule", () => {
    for (const from of ["internal", "staff"] as const) {
      const events = [tb.buyer("10:00"), tb.other(from, "2026-01-08 10:00"), tb.buyer("2026-01-09 10:00"), tb.human("2026-01-09 10:00:30")];
      for (const rule of ["taobao.rounds-3min", "taobao.reply-rate"] as const) {
        expect(fraction(events, rule, { to: "2026-01-09" })).toBe("0/0");
      }
      expect(fraction(events, "taobao.daily-3min", { day: "2026-01-09" })).toBe("0/0");
      expect(explain(events, "taobao.daily-3min").every((i) => i.status === "excluded")).toBe(true);
    }
  });
  it("system notices are never a reply", () => {
    expect(fraction([dy.buyer("10:00"), dy.other("system", "10:00:05")], "douyin.manual-3min")).toBe("0/1");
  });
});

describe("bot sources per platform", () => {
  it("Douyin counts humans only: a bot answer stops no clock", () => {
    expect(fraction([dy.buyer("10:00"), dy.bot("10:00:01", "firstresponder", "auto")], "douyin.manual-3min")).toBe("0/1");
    expect(fraction([dy.buyer("10:00"), dy.bot("10:00:01", "firstresponder", "auto"), dy.human("10:02")], "douyin.manual-3min")).toBe("1/1");
  });
  it("Kuaishou counts any bot", () => {
    expect(fraction([ks.buyer("10:00"), ks.bot("10:00:01", "firstresponder", "auto")], "kuaishou.shop-5min")).toBe("1/1");
  });
  it("Taobao daily counts an assist-mode listed bot and not an auto-mode one", () => {
    expect(fraction([tb.buyer("10:00"), tb.bot("10:00:01", "leyan", "assist")], "taobao.daily-3min")).toBe("1/1");
    expect(fraction([tb.buyer("10:00"), tb.bot("10:00:01", "leyan", "auto")], "taobao.daily-3min")).toBe("0/1");
  });
  it("a shop can list its own bot as eligible through overrides", () => {
    const events = [tb.buyer("10:00"), tb.bot("10:00:01", "firstresponder", "assist")];
    const overrides = { "taobao.rounds-3min": { counted: { human: true, bots: { names: ["firstresponder"], modes: ["assist" as const] } } } };
    expect(fraction(events, "taobao.rounds-3min", { overrides })).toBe("1/1");
  });
});

describe("the 100-round minimum and 30-day periods", () => {
  const rounds = (n: number, day = "2026-01-07") => Array.from({ length: n }, (_, i) => [tb.buyer(`${day} 10:00`, { conversation: `r${i}` }), tb.human(`${day} 10:01`, { conversation: `r${i}` })]).flat();
  it("99 rounds are shown but not assessed; 100 are assessed and graded", () => {
    const r99 = results(rounds(99), { rules: ["taobao.rounds-3min"] })[0]!;
    expect(r99).toMatchObject({ numerator: 99, denominator: 99, rate: 1, assessed: false, grade: null });
    const r100 = results(rounds(100), { rules: ["taobao.rounds-3min"] })[0]!;
    expect(r100).toMatchObject({ denominator: 100, assessed: true, grade: "良好" });
  });
  it("a 30-day rule covers the 30 days ending at --to, inclusive", () => {
    const events = [...rounds(60, "2025-12-09"), ...rounds(60, "2025-12-08")].map((e, i) => ({ ...e, id: `x${i}`, conversation: `${e.conversation}-${e.at}` }));
    const [r] = results(events, { rules: ["taobao.rounds-3min"], to: "2026-01-07" });
    expect(r).toMatchObject({ from: "2025-12-09", to: "2026-01-07", denominator: 60, assessed: false });
  });
  it("grades: 90 良好, 80 合格, 70 一般, below 较差", () => {
    const mixed = (inTime: number) => [...rounds(inTime), ...Array.from({ length: 100 - inTime }, (_, i) => tb.buyer("10:00", { conversation: `late${i}` }))];
    expect(results(mixed(90), { rules: ["taobao.rounds-3min"] })[0]!.grade).toBe("良好");
    expect(results(mixed(89), { rules: ["taobao.rounds-3min"] })[0]!.grade).toBe("合格");
    expect(results(mixed(70), { rules: ["taobao.rounds-3min"] })[0]!.grade).toBe("一般");
    expect(results(mixed(69), { rules: ["taobao.rounds-3min"] })[0]!.grade).toBe("较差");
  });
});

describe("per-person de-duplication (Taobao person-day rules)", () => {
  it("a buyer with many messages to one sub-account is one person a day", () => {
    const events = [tb.buyer("10:00", { agent: "a" }), tb.buyer("10:01", { agent: "a" }), tb.buyer("10:05", { agent: "a" }), tb.human("10:02", { agent: "a" })];
    expect(fraction(events, "taobao.daily-3min")).toBe("1/1");
  });
  it("the same buyer talking to two sub-accounts is two persons; another sub-account's reply answers neither", () => {
    const events = [tb.buyer("10:00", { agent: "a" }), tb.buyer("10:00:30", { agent: "b" }), tb.human("10:01", { agent: "b" })];
    expect(fraction(events, "taobao.daily-3min")).toBe("1/2");
  });
  it("on the next day the same buyer is a new person", () => {
    const events = [tb.buyer("10:00"), tb.human("10:01"), tb.buyer("2026-01-08 10:00")];
    expect(fraction(events, "taobao.daily-3min", { day: "2026-01-07" })).toBe("1/1");
    expect(fraction(events, "taobao.daily-3min", { day: "2026-01-08" })).toBe("0/1");
  });
  it("the daily clock runs from the person's first assessed message", () => {
    expect(fraction([tb.buyer("10:00"), tb.buyer("10:02"), tb.human("10:04")], "taobao.daily-3min")).toBe("0/1");
  });
  it("reply-rate: replied if the last buyer message of the day got a counted reply that day", () => {
    expect(fraction([tb.buyer("10:00"), tb.human("15:00")], "taobao.reply-rate")).toBe("1/1");
    expect(fraction([tb.buyer("10:00"), tb.human("10:01"), tb.buyer("22:00")], "taobao.reply-rate")).toBe("0/1");
    expect(fraction([tb.buyer("23:59"), tb.human("2026-01-08 00:01")], "taobao.reply-rate", { to: "2026-01-07" })).toBe("0/1");
  });
});

describe("Douyin first reply", () => {
  it("only the first assessed buyer message of the conversation-day counts", () => {
    const events = [dy.buyer("08:30"), dy.human("08:31"), dy.buyer("10:00"), dy.human("10:03"), dy.buyer("11:00"), dy.human("11:00:10")];
    expect(fraction(events, "douyin.first-reply-2min")).toBe("0/1");
  });
});

describe("results shape", () => {
  it("daily rules: one result per day with data; rate null when nothing assessed", () => {
    const events = [dy.buyer("2026-01-06 10:00"), dy.human("2026-01-06 10:01"), dy.buyer("2026-01-07 20:00")];
    const rs = results(events, { rules: ["douyin.manual-3min"] });
    expect(rs.map((r) => [r.from, r.to, r.numerator, r.denominator, r.rate, r.assessed])).toEqual([
      ["2026-01-06", "2026-01-06", 1, 1, 1, true],
      ["2026-01-07", "2026-01-07", 0, 0, null, false],
    ]);
  });
  it("response-time tiers: ≤10 s, ≤30 s, ≤60 s, slower, none", () => {
    const events = [0, 10, 11, 30, 60, 61].flatMap((s, i) => [ks.buyer("10:00:00", { conversation: `t${i}` }), ks.human(`10:0${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`, { conversation: `t${i}` })]);
    events.push(ks.buyer("10:00:00", { conversation: "none" }));
    expect(results(events, { rules: ["kuaishou.shop-5min"] })[0]!.tiers).toEqual([2, 2, 1, 1, 1]);
  });
});

describe("same-instant events", () => {
  it("a reply at the buyer's own instant answers it (0 s)", () => {
    expect(fraction([dy.buyer("10:00:00"), dy.human("10:00:00")], "douyin.manual-3min")).toBe("1/1");
  });
  it("two replies at one instant are ordered by id, whatever the input order", () => {
    const b = tb.buyer("10:00:00", { id: "b" });
    const auto = tb.bot("10:00:05", "autoreply", "auto", { id: "r1" });
    const human = tb.human("10:00:05", { id: "r2" });
    expect(fraction([b, auto, human], "taobao.rounds-3min")).toBe("0/0");
    expect(fraction([human, b, auto], "taobao.rounds-3min")).toBe("0/0");
  });
  it("a repeated id is one message", () => {
    const events = [tb.buyer("10:00:00", { id: "same" }), tb.buyer("10:00:00", { id: "same" }), tb.human("10:01")];
    expect(results(events, { rules: ["taobao.daily-3min"] })[0]).toMatchObject({ numerator: 1, denominator: 1 });
  });
});
