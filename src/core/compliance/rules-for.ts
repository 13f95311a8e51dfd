import type { Platform } from "../events.js";
import { RULE_IDS, resolveRules, type RuleId, type RuleOverrides, type RuleSpec } from "../rules/presets.js";
import type { RulesFor } from "./types.js";

export interface RulesForOptions {
  /** the selected rules (default: all) */
  rules?: readonly RuleId[];
  /** a shop's overrides from its config */
  overrides?: (platform: Platform, shop: string) => RuleOverrides | undefined;
}

/** Rules of a shop's platform, resolved with the shop's overrides; cached per shop. */
export function makeRulesFor(options: RulesForOptions = {}): RulesFor {
  const selected = new Set<RuleId>(options.rules ?? RULE_IDS);
  const cache = new Map<string, RuleSpec[]>();
  return (platform, shop) => {
    const key = `${platform}\u0000${shop}`;
    let rules = cache.get(key);
    if (!rules) {
      const resolved = resolveRules(options.overrides?.(platform, shop));
      rules = RULE_IDS.filter((id) => selected.has(id) && resolved[id].platform === platform).map((id) => resolved[id]);
      cache.set(key, rules);
    }
    return rules;
  };
}
