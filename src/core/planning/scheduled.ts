/**
 * "Agents scheduled" beside "agents needed": how many agents were actually at work per weekday
 * and half hour, measured from the stored events. The store keeps only each agent's current
 * presence (agent_presence, one row per agent, overwritten), not a history of it, so the
 * measured staffing is the number of distinct agents who showed activity in the slot — a human
 * reply or an `assigned` event naming them — averaged over the occurrences of that weekday
 * between the first and the last day with data. An agent online but idle is not seen. Pure.
 */
import type { EngineEvent } from "../compliance/types.js";
import { dayNumber, msIntoDay } from "../time.js";
import { SLOT_MS, SLOTS_PER_DAY, weekdayOf, type History } from "./history.js";

export interface StaffingTally {
  /** per platform day and slot, the agents seen: `${day}:${slot}` → agent ids */
  seen: Map<string, Set<string>>;
}

export const emptyStaffing = (): StaffingTally => ({ seen: new Map() });

/** Counts the agent of one event when it shows them at work (a human reply or an assignment). */
export function addStaffingEvent(t: StaffingTally, e: Pick<EngineEvent, "at" | "from" | "type" | "agent">): void {
  if (!e.agent) return;
  if (!(e.type === "assigned" || (e.type === "message" && e.from === "human"))) return;
  const k = `${dayNumber(e.at)}:${Math.floor(msIntoDay(e.at) / SLOT_MS)}`;
  let s = t.seen.get(k);
  if (!s) t.seen.set(k, (s = new Set()));
  s.add(e.agent);
}

/**
 * [weekday 1..7][slot 0..47]: mean distinct agents at work, one decimal; null for a weekday the
 * history does not cover (the forecast's "no data" rows).
 */
export function scheduledAgents(t: StaffingTally, h: Pick<History, "weekdayDays">): (number | null)[][] {
  const sums = Array.from({ length: 8 }, () => new Array<number>(SLOTS_PER_DAY).fill(0));
  for (const [k, agents] of t.seen) {
    const [day, slot] = k.split(":").map(Number) as [number, number];
    sums[weekdayOf(day)]![slot]! += agents.size;
  }
  return sums.map((row, w) => row.map((n) => (h.weekdayDays[w] ? Math.round((n / h.weekdayDays[w]!) * 10) / 10 : null)));
}
