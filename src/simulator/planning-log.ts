/**
 * Synthetic chat logs for the staffing forecast's tests and benchmark: Poisson arrivals at a
 * known rate per weekday and half hour, each chat answered by a person after a fixed first
 * reply and held for a fixed time, or settled by a bot. Known inputs, so the forecast can be
 * checked against an independent computation.
 */
import type { BotMode, ChatEvent, Platform } from "../core/events.js";
import { weekdayOf } from "../core/planning/history.js";
import { rng } from "../core/random.js";
import { dayStartMs } from "../core/time.js";

export interface PlanningLogOptions {
  platform: Platform;
  shop: string;
  /** first platform day number, and how many days */
  firstDay: number;
  days: number;
  /** chats per hour arriving in (weekday 1..7, slot 0..47) */
  ratePerHour: (weekday: number, slot: number) => number;
  firstReplySeconds: number;
  /** last human reply − first human reply */
  holdSeconds: number;
  /** share of chats a bot settles alone (default 0) */
  botShare?: number;
  bot?: { bot: string; mode: BotMode };
  seed: number;
}

/** Every chat of the log, in time order: buyer message, first reply, last reply (or the bot's). */
export function* planningLog(o: PlanningLogOptions): Generator<ChatEvent> {
  const rand = rng(o.seed);
  let n = 0;
  const ev = (c: string, at: number, from: ChatEvent["from"], extra: Partial<ChatEvent> = {}): ChatEvent => ({
    id: `${c}-${++n}`,
    platform: o.platform,
    shop: o.shop,
    conversation: c,
    at: Math.round(at),
    from,
    type: "message",
    ...extra,
  });
  for (let d = o.firstDay; d < o.firstDay + o.days; d++) {
    const w = weekdayOf(d);
    for (let slot = 0; slot < 48; slot++) {
      const rate = o.ratePerHour(w, slot);
      if (rate <= 0) continue;
      const slotStart = dayStartMs(d) + slot * 1_800_000;
      let t = slotStart - Math.log(1 - rand()) * (3_600_000 / rate);
      while (t < slotStart + 1_800_000) {
        const c = `c${n}`;
        yield ev(c, t, "buyer", { text: "什么时候发货" });
        if (rand() < (o.botShare ?? 0)) {
          yield ev(c, t + 800, "bot", o.bot ?? { bot: "first-responder", mode: "auto" });
        } else {
          yield ev(c, t + o.firstReplySeconds * 1000, "human", { agent: "a1" });
          if (o.holdSeconds > 0) yield ev(c, t + (o.firstReplySeconds + o.holdSeconds) * 1000, "human", { agent: "a1" });
        }
        t += -Math.log(1 - rand()) * (3_600_000 / rate);
      }
    }
  }
}
