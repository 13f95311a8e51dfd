/**
 * Full recomputation: a conversation's days in order, each day inheriting the previous
 * day's carry. The `report` CLI and the tests use this; the live service uses the same
 * evaluateConversationDay through incremental.ts, and the two must agree (tested).
 */
import type { ChatEvent } from "../events.js";
import { isShopReply } from "../rules/presets.js";
import { dayNumber } from "../time.js";
import { Aggregates } from "./aggregate.js";
import { evaluateConversationDay } from "./evaluate.js";
import { sortedUnique } from "./order.js";
import { EMPTY_CARRY, type ConversationRef, type DayOutput, type EngineEvent, type ExplainItem, type RulesFor } from "./types.js";

/** `internal` and `staff` counterparts exclude the whole conversation, on every day. */
export function isExcludingEvent(e: Pick<EngineEvent, "from" | "type">): boolean {
  return e.type === "message" && (e.from === "internal" || e.from === "staff");
}

export interface ConversationDayVisit {
  day: number;
  output: DayOutput;
  hasBuyer: boolean;
}

/**
 * Evaluates one conversation whose events are sorted and unique (order.ts). Calls `visit`
 * for each day that has events.
 */
export function evaluateConversation(ref: ConversationRef, events: readonly EngineEvent[], rulesFor: RulesFor, visit: (v: ConversationDayVisit) => void, explain = false): void {
  const rules = rulesFor(ref.platform, ref.shop);
  let excluded = false;
  let lastShopReplyDay = -Infinity;
  for (const e of events) {
    if (isExcludingEvent(e)) excluded = true;
    if (isShopReply(e)) lastShopReplyDay = Math.max(lastShopReplyDay, dayNumber(e.at));
  }
  let carry = EMPTY_CARRY;
  let i = 0;
  while (i < events.length) {
    const day = dayNumber(events[i]!.at);
    let j = i;
    let hasBuyer = false;
    while (j < events.length && dayNumber(events[j]!.at) === day) {
      if (events[j]!.from === "buyer" && events[j]!.type === "message") hasBuyer = true;
      j++;
    }
    const output = evaluateConversationDay({ ref, day, events: events.slice(i, j), carryIn: carry, laterShopReply: lastShopReplyDay > day, excluded }, rules, { explain, sorted: true });
    visit({ day, output, hasBuyer });
    carry = output.carryOut;
    i = j;
  }
}

export interface BatchResult {
  aggregates: Aggregates;
  items: ExplainItem[];
}

function refKey(e: Pick<ChatEvent, "platform" | "shop" | "conversation">): string {
  return `${e.platform}\u0000${e.shop}\u0000${e.conversation}`;
}

/** Pure batch over events held in memory (tests, small imports). */
export function computeBatch(events: readonly ChatEvent[], rulesFor: RulesFor, options: { explain?: boolean } = {}): BatchResult {
  const byConversation = new Map<string, ChatEvent[]>();
  for (const e of events) {
    const k = refKey(e);
    let list = byConversation.get(k);
    if (!list) byConversation.set(k, (list = []));
    list.push(e);
  }
  const aggregates = new Aggregates();
  const items: ExplainItem[] = [];
  for (const list of byConversation.values()) {
    const first = list[0]!;
    const ref: ConversationRef = { platform: first.platform, shop: first.shop, conversation: first.conversation };
    evaluateConversation(
      ref,
      sortedUnique(list),
      rulesFor,
      ({ day, output, hasBuyer }) => {
        aggregates.markDay(ref.platform, ref.shop, day, hasBuyer);
        for (const c of output.contributions) aggregates.add(ref.platform, ref.shop, c);
        items.push(...output.items);
      },
      options.explain ?? false,
    );
  }
  return { aggregates, items };
}

/** Adds one conversation's days to aggregates (and its late and excluded items to `items`). */
export function addConversation(aggregates: Aggregates, items: ExplainItem[] | undefined, ref: ConversationRef, events: readonly EngineEvent[], rulesFor: RulesFor): void {
  evaluateConversation(
    ref,
    events,
    rulesFor,
    ({ day, output, hasBuyer }) => {
      aggregates.markDay(ref.platform, ref.shop, day, hasBuyer);
      for (const contribution of output.contributions) aggregates.add(ref.platform, ref.shop, contribution);
      if (items) for (const item of output.items) if (item.status !== "in-time") items.push(item);
    },
    items !== undefined,
  );
}
