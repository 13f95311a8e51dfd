/**
 * The what-if replay over a loaded log: each conversation once, its figures as they were and
 * with the replies the live decision would have added (core/whatif/replay.ts). One pass, the
 * same engine and the same per-conversation evaluation as `report` (compliance-file.ts), so a
 * log the bot answers nothing in gives `report`'s figures exactly.
 */
import { Aggregates } from "../core/compliance/aggregate.js";
import { sortedUnique } from "../core/compliance/order.js";
import type { ExplainItem, RulesFor } from "../core/compliance/types.js";
import type { DecisionShop } from "../core/decision.js";
import type { Platform } from "../core/events.js";
import type { FaqMatcher } from "../core/faq/types.js";
import { readMessage, type MessageReading } from "../core/message-reading.js";
import type { RuleId, RuleSpec } from "../core/rules/presets.js";
import { replayConversation, type AddedReply, type ReplayEvent } from "../core/whatif/replay.js";
import { addConversation, forEachConversation, type EventColumns } from "./compliance-file.js";

export interface WhatIfShop {
  policy: DecisionShop;
  rules: Record<RuleId, RuleSpec>;
  /** the shop's live FAQ matcher; undefined: no FAQ, every message is routed */
  matcher: FaqMatcher | undefined;
}

export interface AnsweredMessage {
  platform: Platform;
  shop: string;
  conversation: string;
  /** the buyer message */
  id: string;
  at: number;
  text: string | null;
  reply: AddedReply;
}

export interface WhatIfComputed {
  actual: Aggregates;
  withBot: Aggregates;
  /** every bot message the replay added, with the buyer message it answers */
  answered: AnsweredMessage[];
  decisions: number;
  buyerMessages: number;
  /** late and excluded items of both runs (explain only) */
  items?: { actual: ExplainItem[]; withBot: ExplainItem[] };
}

export interface WhatIfOptions {
  rulesFor: RulesFor;
  shopFor: (platform: Platform, shop: string) => WhatIfShop;
  latencyMs: number;
  explain?: boolean;
}

export function computeWhatIf(columns: EventColumns, o: WhatIfOptions): WhatIfComputed {
  const actual = new Aggregates();
  const withBot = new Aggregates();
  const answered: AnsweredMessage[] = [];
  const items = o.explain ? { actual: [] as ExplainItem[], withBot: [] as ExplainItem[] } : undefined;
  // A message is read once per (FAQ set, platform, text): logs repeat their questions.
  const readings = new Map<FaqMatcher | undefined, Map<string, MessageReading>>();
  let decisions = 0;
  let buyerMessages = 0;
  forEachConversation(columns, (ref, events, indices) => {
    addConversation(actual, items?.actual, ref, events, o.rulesFor);
    const shop = o.shopFor(ref.platform, ref.shop);
    let cache = readings.get(shop.matcher);
    if (!cache) readings.set(shop.matcher, (cache = new Map()));
    const read = (text: string | undefined): MessageReading | null => {
      const key = `${ref.platform}\u0000${text ?? ""}`;
      let r = cache!.get(key);
      if (!r) cache!.set(key, (r = readMessage(text, shop.matcher, ref.platform)));
      return r;
    };
    const replayed: ReplayEvent[] = events.map((e, k) => {
      if (e.from !== "buyer") return e;
      buyerMessages++;
      const text = columns.textOf(indices[k]!);
      return text === undefined ? e : { ...e, text };
    });
    const out = replayConversation(replayed, { platform: ref.platform, policy: shop.policy, rules: shop.rules, read, latencyMs: o.latencyMs });
    decisions += out.decisions;
    if (out.added.length === 0) {
      addConversation(withBot, items?.withBot, ref, events, o.rulesFor);
      return;
    }
    addConversation(withBot, items?.withBot, ref, sortedUnique([...events, ...out.added]), o.rulesFor);
    const byId = new Map(replayed.map((e) => [e.id, e]));
    for (const reply of out.replies) {
      const m = byId.get(reply.inReplyTo)!;
      answered.push({ platform: ref.platform, shop: ref.shop, conversation: ref.conversation, id: m.id, at: m.at, text: m.text ?? null, reply });
    }
  });
  answered.sort((a, b) => a.at - b.at || (a.conversation < b.conversation ? -1 : 1));
  return { actual, withBot, answered, decisions, buyerMessages, ...(items ? { items } : {}) };
}
