import type { Platform } from "../events.js";
import type { EditionSelections } from "../rules/editions.js";
import { RULE_IDS, resolveRules, type RuleId, type RuleOverrides, type RuleSpec } from "../rules/presets.js";
import type { RulesFor } from "./types.js";

export interface RulesForOptions {
  /** the selected rules (default: every rule its edition enables) */
  rules?: readonly RuleId[];
  /** a shop's overrides from its config */
  overrides?: (platform: Platform, shop: string) => RuleOverrides | undefined;
  /** a shop's editions from its config (default: the seeds' reading) */
  editions?: (platform: Platform, shop: string) => EditionSelections | undefined;
}

/** Rules of a shop's platform, resolved with the shop's editions and overrides; cached per shop. */
export function makeRulesFor(options: RulesForOptions = {}): RulesFor {
  const selected = options.rules ? new Set<RuleId>(options.rules) : undefined;
  const cache = new Map<string, RuleSpec[]>();
  return (platform, shop) => {
    const key = `${platform}\u0000${shop}`;
    let rules = cache.get(key);
    if (!rules) {
      const resolved = resolveRules(options.overrides?.(platform, shop), options.editions?.(platform, shop));
      const wanted = (id: RuleId) => (selected ? selected.has(id) : resolved[id].enabled);
      rules = RULE_IDS.filter((id) => wanted(id) && resolved[id].platform === platform).map((id) => resolved[id]);
      cache.set(key, rules);
    }
    return rules;
  };
}
