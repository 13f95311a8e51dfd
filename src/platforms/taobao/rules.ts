/**
 * The taobao rules of docs/compliance-rules.md, as data: its presets (every number a field a
 * shop's config can override), the rule a routed chat races, and the editions (readings of the
 * rules, each naming its source; core/rules/editions.ts explains them). Only types are
 * imported: the registry, which lists this, is read by core.
 */
import type { CountedSources, Grade } from "../../core/rules/presets.js";
import type { PlatformRules, RulePreset } from "../types.js";

const TAOBAO_ASSIST_BOTS: CountedSources = {
  human: true,
  bots: { names: ["dianxiaomi", "leyan", "xiaowei", "xiaoduo"], modes: ["assist"] },
};

const TAOBAO_GRADES: Grade[] = [
  { min: 0.9, label: "良好" },
  { min: 0.8, label: "合格" },
  { min: 0.7, label: "一般" },
  { min: 0, label: "较差" },
];

const SEED_SOURCE = "docs/compliance-rules.md, reading the seeds in ../shared/seeds/";

const PRESETS = {
  "taobao.rounds-3min": {
    id: "taobao.rounds-3min",
    edition: "",
    enabled: true,
    platform: "taobao",
    name: "旺旺3分钟响应率",
    unit: "round",
    limitSeconds: 180,
    clockOrigin: "round",
    window: { start: "08:00", end: "24:00" },
    periodDays: 30,
    counted: TAOBAO_ASSIST_BOTS,
    perAgent: false,
    minSample: 100,
    excludeUncountedFirstReply: true,
    excludeCrossDay: true,
    floors: [],
    grades: TAOBAO_GRADES,
    targets: [],
  },
  "taobao.daily-3min": {
    id: "taobao.daily-3min",
    edition: "",
    enabled: true,
    platform: "taobao",
    name: "3分钟客服响应率",
    unit: "person-day",
    limitSeconds: 180,
    clockOrigin: "person-first",
    window: { start: "08:00", end: "23:00" },
    periodDays: 1,
    counted: TAOBAO_ASSIST_BOTS,
    perAgent: false,
    minSample: 0,
    excludeUncountedFirstReply: false,
    excludeCrossDay: false,
    floors: [{ below: 0.4, penalty: "traffic-downweight", description: "低于40%: 次日流量降权并限制上架" }],
    grades: [],
    targets: [],
  },
  "taobao.reply-rate": {
    id: "taobao.reply-rate",
    edition: "",
    enabled: true,
    platform: "taobao",
    name: "旺旺回复率",
    unit: "person-day",
    limitSeconds: null,
    clockOrigin: "person-first",
    window: { start: "00:00", end: "24:00" },
    periodDays: 30,
    counted: TAOBAO_ASSIST_BOTS,
    perAgent: false,
    minSample: 0,
    excludeUncountedFirstReply: false,
    excludeCrossDay: false,
    floors: [],
    grades: [
      { min: 0.8, label: "合格" },
      { min: 0, label: "不合格" },
    ],
    targets: [],
  },
} satisfies Record<string, RulePreset>;

export const TAOBAO_RULES = {
  reportOrder: 2,
  presets: PRESETS,
  deadlineRule: "taobao.rounds-3min",
  editions: [
    {
      id: "seed",
      platform: "taobao",
      source: `${SEED_SOURCE} (taobao-response-rate.txt: 近30天早上8点-晚12点; 每日8:00-23:00)`,
      date: "seed text, undated",
      choices: ["旺旺3分钟响应率 window 08:00–24:00", "3分钟客服响应率 window 08:00–23:00"],
      rules: {},
    },
    {
      id: "window-08-23",
      platform: "taobao",
      source: "taobao-response-rate.txt, the 3分钟客服响应率 section (考核仅针对消费者在每日8:00-23:00间向店铺发送的消息) applied to rounds as well",
      date: "seed text, undated",
      choices: ["旺旺3分钟响应率 window 08:00–23:00 (rounds started after 23:00 are not assessed)"],
      rules: { "taobao.rounds-3min": { window: { start: "08:00", end: "23:00" } } },
    },
  ],
  editionOptions: [],
} satisfies PlatformRules;
