/**
 * The what-if replay over a run of conversations: each conversation once, its figures as they
 * were and with the replies the live decision would have added (replay.ts). The same engine and
 * the same per-conversation evaluation as `report`, so a log the bot answers nothing in gives
 * `report`'s figures exactly.
 */
import { Aggregates } from "../compliance/aggregate.js";
import { addConversation } from "../compliance/batch.js";
import { sortedUnique } from "../compliance/order.js";
import type { ConversationRef, ExplainItem, RulesFor } from "../compliance/types.js";
import type { DecisionShop } from "../decision.js";
import type { Platform } from "../events.js";
import type { FaqMatcher } from "../faq/types.js";
import { readMessage, type MessageReading } from "../message-reading.js";
import type { RuleId, RuleSpec } from "../rules/presets.js";
import { replayConversation, type AddedReply, type ReplayEvent } from "./replay.js";

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

/**
 * The replay run conversation by conversation: each conversation counted as it was and with the
 * replies the live decision would have added. Fed by the log file (node/whatif-file.ts) and by
 * the store (services/whatif.ts) alike: one replay, whatever the source. Pure.
 */
export class WhatIfRun {
  private readonly actual = new Aggregates();
  private readonly withBot = new Aggregates();
  private readonly answered: AnsweredMessage[] = [];
  private readonly items: { actual: ExplainItem[]; withBot: ExplainItem[] } | undefined;
  // A message is read once per (FAQ set, platform, text): logs repeat their questions.
  private readonly readings = new Map<FaqMatcher | undefined, Map<string, MessageReading>>();
  private decisions = 0;
  private buyerMessages = 0;

  constructor(private readonly o: WhatIfOptions) {
    this.items = o.explain ? { actual: [], withBot: [] } : undefined;
  }

  /** One conversation, its events sorted and de-duplicated, buyer messages with their text. */
  add(ref: ConversationRef, replayed: readonly ReplayEvent[]): void {
    const { o, items } = this;
    addConversation(this.actual, items?.actual, ref, replayed, o.rulesFor);
    const shop = o.shopFor(ref.platform, ref.shop);
    let cache = this.readings.get(shop.matcher);
    if (!cache) this.readings.set(shop.matcher, (cache = new Map()));
    const read = (text: string | undefined): MessageReading | null => {
      const key = `${ref.platform}\u0000${text ?? ""}`;
      let r = cache!.get(key);
      if (!r) cache!.set(key, (r = readMessage(text, shop.matcher, ref.platform)));
      return r;
    };
    for (const e of replayed) if (e.from === "buyer") this.buyerMessages++;
    const out = replayConversation(replayed, { platform: ref.platform, policy: shop.policy, rules: shop.rules, read, latencyMs: o.latencyMs });
    this.decisions += out.decisions;
    if (out.added.length === 0) {
      addConversation(this.withBot, items?.withBot, ref, replayed, o.rulesFor);
      return;
    }
    addConversation(this.withBot, items?.withBot, ref, sortedUnique([...replayed, ...out.added]), o.rulesFor);
    const byId = new Map(replayed.map((e) => [e.id, e]));
    for (const reply of out.replies) {
      const m = byId.get(reply.inReplyTo)!;
      this.answered.push({ platform: ref.platform, shop: ref.shop, conversation: ref.conversation, id: m.id, at: m.at, text: m.text ?? null, reply });
    }
  }

  finish(): WhatIfComputed {
    const { actual, withBot, answered, decisions, buyerMessages, items } = this;
    answered.sort((a, b) => a.at - b.at || (a.conversation < b.conversation ? -1 : 1));
    return { actual, withBot, answered, decisions, buyerMessages, ...(items ? { items } : {}) };
  }
}
