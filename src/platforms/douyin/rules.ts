/**
 * The douyin rules of docs/compliance-rules.md, as data: its presets (every number a field a
 * shop's config can override), the rule a routed chat races, and the editions (readings of the
 * rules, each naming its source; core/rules/editions.ts explains them). Only types are
 * imported: the registry, which lists this, is read by core.
 */
import type { CountedSources } from "../../core/rules/presets.js";
import type { PlatformRules, RulePreset } from "../types.js";

const HUMAN_ONLY: CountedSources = { human: true, bots: "none" };

const SEED_SOURCE = "docs/compliance-rules.md, reading the seeds in ../shared/seeds/";

const PRESETS = {
  "douyin.manual-3min": {
    id: "douyin.manual-3min",
    edition: "",
    enabled: true,
    platform: "douyin",
    name: "3分钟人工回复率",
    unit: "message",
    limitSeconds: 180,
    clockOrigin: "message",
    window: { start: "09:00", end: "19:00" },
    periodDays: 1,
    counted: HUMAN_ONLY,
    perAgent: false,
    minSample: 0,
    excludeUncountedFirstReply: false,
    excludeCrossDay: false,
    floors: [
      { below: 0.5, penalty: "activities-barred", description: "低于50%: 不能参加平台活动" },
      { below: 0.5, penalty: "fine-1000", minItems: 100, description: "当天咨询量≥100且低于50%: 罚款1000元" },
    ],
    grades: [],
    targets: [
      { rate: 0.97, label: "达标" },
      { rate: 0.9, label: "节日目标" },
    ],
  },
  "douyin.first-reply-2min": {
    id: "douyin.first-reply-2min",
    edition: "",
    enabled: true,
    platform: "douyin",
    name: "2分钟首次回复率",
    unit: "conversation-day",
    limitSeconds: 120,
    clockOrigin: "message",
    window: { start: "09:00", end: "19:00" },
    periodDays: 1,
    counted: HUMAN_ONLY,
    perAgent: false,
    minSample: 0,
    excludeUncountedFirstReply: false,
    excludeCrossDay: false,
    floors: [],
    grades: [],
    targets: [],
  },
  "douyin.experience-3min": {
    id: "douyin.experience-3min",
    edition: "",
    // Only the feige-2024 edition computes it; `--rule douyin.experience-3min` asks for it anyway.
    enabled: false,
    platform: "douyin",
    name: "3分钟回复率（体验分，会话级）",
    unit: "conversation",
    limitSeconds: 180,
    clockOrigin: "transfer",
    window: { start: "09:00", end: "19:00" },
    periodDays: 1,
    counted: HUMAN_ONLY,
    perAgent: false,
    minSample: 0,
    excludeUncountedFirstReply: false,
    excludeCrossDay: false,
    floors: [],
    grades: [],
    targets: [],
  },
} satisfies Record<string, RulePreset>;

export const DOUYIN_RULES = {
  reportOrder: 1,
  presets: PRESETS,
  deadlineRule: "douyin.manual-3min",
  editions: [
    {
      id: "seed",
      platform: "douyin",
      source: `${SEED_SOURCE} (douyin-reply-rate.txt: 考核时间是每天的9:00-19:00)`,
      date: "seed text, undated (春节考核 article)",
      choices: ["window 09:00–19:00 for 3分钟人工回复率 and 2分钟首次回复率", "only human replies count; any bot reply leaves the clock running", "the conversation-level experience score (douyin.experience-3min) is not computed"],
      rules: {},
    },
    {
      id: "feige-2024",
      platform: "douyin",
      source: "飞鸽 service rules (飞鸽服务考核) as quoted in 2024–2025 merchant pages: 考核时段 08:00-23:00; 体验分按会话计分",
      date: "2024–2025",
      choices: [
        "window 08:00–23:00 for 3分钟人工回复率, 2分钟首次回复率 and the experience score",
        "the experience score is computed: one item per conversation-day, clocked from the transfer to a human; any reply over 3 minutes or an unanswered offline message scores the conversation 0",
      ],
      rules: {
        "douyin.manual-3min": { window: { start: "08:00", end: "23:00" } },
        "douyin.first-reply-2min": { window: { start: "08:00", end: "23:00" } },
        "douyin.experience-3min": { window: { start: "08:00", end: "23:00" }, enabled: true },
      },
    },
  ],
  editionOptions: [
    {
      id: "assist-bots-counted",
      platform: "douyin",
      source: "飞鸽 official help page: 辅助模式下机器人的回复计入3分钟人工回复率, 全自动机器人接待的会话不计入该指标",
      date: "2024–2025",
      choices: ["a bot reply in assist mode stops the 3分钟人工回复率 clock", "a buyer message whose first shop reply is a full-auto bot's is left out (numerator and denominator)"],
      rules: {
        "douyin.manual-3min": { counted: { human: true, bots: { names: "any", modes: ["assist"] } }, excludeUncountedFirstReply: true },
      },
    },
  ],
} satisfies PlatformRules;
