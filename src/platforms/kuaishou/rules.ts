/**
 * The kuaishou rules of docs/compliance-rules.md, as data: its presets (every number a field a
 * shop's config can override), the rule a routed chat races, and the editions (readings of the
 * rules, each naming its source; core/rules/editions.ts explains them). Only types are
 * imported: the registry, which lists this, is read by core.
 */
import type { CountedSources, Floor } from "../../core/rules/presets.js";
import type { PlatformRules, RulePreset } from "../types.js";

const ANY_SOURCE: CountedSources = { human: true, bots: "any" };

const KUAISHOU_FLOOR: Floor[] = [{ below: 0.8, penalty: "star-deduction", description: "低于80%: 店铺星级考核受影响并扣分" }];

const SEED_SOURCE = "docs/compliance-rules.md, reading the seeds in ../shared/seeds/";

const PRESETS = {
  "kuaishou.shop-5min": {
    id: "kuaishou.shop-5min",
    edition: "",
    enabled: true,
    platform: "kuaishou",
    name: "店铺5分钟回复率",
    unit: "message",
    limitSeconds: 300,
    clockOrigin: "streak",
    window: { start: "08:00", end: "24:00" },
    periodDays: 1,
    counted: ANY_SOURCE,
    perAgent: false,
    minSample: 0,
    excludeUncountedFirstReply: false,
    excludeCrossDay: false,
    floors: KUAISHOU_FLOOR,
    grades: [],
    targets: [],
  },
  "kuaishou.agent-5min": {
    id: "kuaishou.agent-5min",
    edition: "",
    enabled: true,
    platform: "kuaishou",
    name: "客服5分钟回复率",
    unit: "message",
    limitSeconds: 300,
    clockOrigin: "streak",
    window: { start: "08:00", end: "24:00" },
    periodDays: 1,
    counted: ANY_SOURCE,
    perAgent: true,
    minSample: 0,
    excludeUncountedFirstReply: false,
    excludeCrossDay: false,
    floors: [],
    grades: [],
    targets: [],
  },
} satisfies Record<string, RulePreset>;

export const KUAISHOU_RULES = {
  reportOrder: 3,
  presets: PRESETS,
  deadlineRule: "kuaishou.shop-5min",
  editions: [
    {
      id: "seed",
      platform: "kuaishou",
      source: `${SEED_SOURCE} (kuaishou-5min-reply-rate.txt, 2023-11-21)`,
      date: "2023-11-21",
      choices: ["window 08:00–24:00", "human and any bot replies count (包含机器人、三方智能客服的回复数据)"],
      rules: {},
    },
  ],
  editionOptions: [],
} satisfies PlatformRules;
