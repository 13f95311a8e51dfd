/**
 * The one call of the live decision the what-if replay makes. Kept alone in this file so that
 * a change of `decide`'s signature is one edit here, never a hunt through the replay.
 */
import type { ConversationState } from "../conversation.js";
import { decide, type Decision, type DecisionShop } from "../decision.js";
import type { ChatEvent } from "../events.js";
import type { MessageReading } from "../message-reading.js";
import type { RuleId, RuleSpec } from "../rules/presets.js";

export interface ReplayedDecisionInput {
  event: Pick<ChatEvent, "platform" | "text" | "at">;
  reading: MessageReading | null;
  shop: DecisionShop;
  rules: Record<RuleId, RuleSpec>;
  /** the conversation as the replay has folded it up to this message */
  conversation: ConversationState;
}

export function decideReplayed({ event, reading, shop, rules, conversation }: ReplayedDecisionInput): Decision {
  return decide({ event, reading, shop, rules, conversation });
}
