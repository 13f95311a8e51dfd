/**
 * What the staffing forecast learns from the stored events of one platform: per weekday and
 * 30-minute slot, how many chats arrive, the share the bot settles (in a way the rule counts),
 * and how long agents take — to the first reply and in all. Pure: events in, counts out.
 *
 * A chat ("session") starts at a buyer message after 30 minutes of silence in its conversation
 * (or the conversation's first), and holds every event until the next one starts.
 */
import type { EngineEvent } from "../compliance/types.js";
import { isCountedReply, isShopReply, type RuleSpec } from "../rules/presets.js";
import { dayNumber, msIntoDay } from "../time.js";

export const SESSION_GAP_MS = 30 * 60_000;
export const SLOT_MS = 30 * 60_000;
export const SLOTS_PER_DAY = 48;

/** ISO weekday of a platform day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export interface SlotCounts {
  sessions: number;
  /** settled by a bot reply the rule counts, no person involved */
  botSettled: number;
  /** sessions a person replied in */
  handled: number;
  /** sum over handled sessions of (last human reply − first human reply), ms */
  holdMsSum: number;
  /** first human reply − the session's first buyer message, ms, per handled session */
  firstReplyMs: number[];
}

export interface History {
  /** [weekday 1..7][slot 0..47] */
  slots: SlotCounts[][];
  /** how many times each weekday occurs between the first and the last day with data (index 1..7) */
  weekdayDays: number[];
  firstDay: number | null;
  lastDay: number | null;
  buyerMessages: number;
}

const emptySlot = (): SlotCounts => ({ sessions: 0, botSettled: 0, handled: 0, holdMsSum: 0, firstReplyMs: [] });

export function emptyHistory(): History {
  return { slots: Array.from({ length: 8 }, () => Array.from({ length: SLOTS_PER_DAY }, emptySlot)), weekdayDays: new Array(8).fill(0), firstDay: null, lastDay: null, buyerMessages: 0 };
}

/** Adds one conversation (sorted events) to the history, judged with the rule's counted sources. */
export function addConversationHistory(h: History, events: readonly EngineEvent[], rule: RuleSpec): void {
  let start = -1;
  let lastAt = -Infinity;
  let humanFirst: number | null = null;
  let humanLast: number | null = null;
  let botCounted = false;
  const close = () => {
    if (start < 0) return;
    const day = dayNumber(start);
    const slot = h.slots[weekdayOf(day)]![Math.floor(msIntoDay(start) / SLOT_MS)]!;
    slot.sessions++;
    if (humanFirst !== null) {
      slot.handled++;
      slot.holdMsSum += humanLast! - humanFirst;
      slot.firstReplyMs.push(humanFirst - start);
    } else if (botCounted) slot.botSettled++;
  };
  for (const e of events) {
    const day = dayNumber(e.at);
    if (h.firstDay === null || day < h.firstDay) h.firstDay = day;
    if (h.lastDay === null || day > h.lastDay) h.lastDay = day;
    if (e.type === "message" && e.from === "buyer") {
      h.buyerMessages++;
      if (start < 0 || e.at - lastAt >= SESSION_GAP_MS) {
        close();
        start = e.at;
        humanFirst = humanLast = null;
        botCounted = false;
      }
    } else if (start >= 0 && isShopReply(e)) {
      if (e.from === "human") {
        if (humanFirst === null) humanFirst = e.at;
        humanLast = e.at;
      } else if (isCountedReply(rule.counted, e)) botCounted = true;
    }
    lastAt = e.at;
  }
  close();
}

/** Counts the weekdays of the days covered, once every conversation has been added. */
export function finishHistory(h: History): History {
  h.weekdayDays = new Array(8).fill(0);
  if (h.firstDay !== null && h.lastDay !== null) for (let d = h.firstDay; d <= h.lastDay; d++) h.weekdayDays[weekdayOf(d)]!++;
  return h;
}
