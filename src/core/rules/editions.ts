/**
 * Rule editions: the platforms change their rules and the sources disagree, so every preset
 * is read through an edition that names its source, its date and the choices it makes. A shop
 * picks one edition per platform (config `editions:`; `report --edition`), plus any of the
 * platform's options; the default is the seeds' reading (docs/compliance-rules.md).
 *
 * An edition is data: per rule, the fields it changes from the presets (the same shape as a
 * shop's overrides, which are applied after it). Only types are imported from presets.ts,
 * which imports this file's data.
 */
import type { Platform } from "../events.js";
import type { RuleOverrides } from "./presets.js";

export interface RuleEdition {
  id: string;
  platform: Platform;
  /** where the reading comes from, in words a reviewer can check */
  source: string;
  /** when the source says the rule applied */
  date: string;
  /** what this reading decides where the sources are vague or disagree */
  choices: string[];
  /** the fields it changes, per rule, relative to the presets */
  rules: RuleOverrides;
}

/** A switch on top of an edition (off unless the shop names it). */
export type EditionOption = RuleEdition;

export const DEFAULT_EDITION = "seed";

const SEED_SOURCE = "docs/compliance-rules.md, reading the seeds in ../shared/seeds/";

export const EDITIONS: Record<Platform, RuleEdition[]> = {
  douyin: [
    {
      id: DEFAULT_EDITION,
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
  taobao: [
    {
      id: DEFAULT_EDITION,
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
  kuaishou: [
    {
      id: DEFAULT_EDITION,
      platform: "kuaishou",
      source: `${SEED_SOURCE} (kuaishou-5min-reply-rate.txt, 2023-11-21)`,
      date: "2023-11-21",
      choices: ["window 08:00–24:00", "human and any bot replies count (包含机器人、三方智能客服的回复数据)"],
      rules: {},
    },
  ],
};

export const EDITION_OPTIONS: Record<Platform, EditionOption[]> = {
  douyin: [
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
  taobao: [],
  kuaishou: [],
};

/** A shop's pick for one platform: an edition and any of the platform's options. */
export interface EditionChoice {
  edition: string;
  options?: string[];
}
export type EditionSelections = Partial<Record<Platform, EditionChoice>>;

export interface ResolvedEdition {
  edition: RuleEdition;
  options: EditionOption[];
  /** "<platform>/<edition>[+option…]": what reports and the dashboard show */
  label: string;
  /** the edition's changes, then each option's, in order */
  overrides: RuleOverrides[];
}

export class UnknownEditionError extends Error {}

/** The edition a shop runs on a platform; throws naming the unknown edition or option. */
export function resolveEdition(platform: Platform, choice: EditionChoice | undefined): ResolvedEdition {
  const id = choice?.edition ?? DEFAULT_EDITION;
  const edition = EDITIONS[platform].find((e) => e.id === id);
  if (!edition) throw new UnknownEditionError(`unknown edition "${id}" for ${platform}; editions: ${EDITIONS[platform].map((e) => e.id).join(", ")}`);
  const options = (choice?.options ?? []).map((o) => {
    const opt = EDITION_OPTIONS[platform].find((x) => x.id === o);
    if (!opt) {
      const known = EDITION_OPTIONS[platform].map((x) => x.id);
      throw new UnknownEditionError(`unknown edition option "${o}" for ${platform}; options: ${known.length > 0 ? known.join(", ") : "(none)"}`);
    }
    return opt;
  });
  return {
    edition,
    options,
    label: [`${platform}/${edition.id}`, ...options.map((o) => o.id)].join("+"),
    overrides: [edition.rules, ...options.map((o) => o.rules)],
  };
}

/** `EDITION[+OPTION…]` (the CLI's and the config's short form) → a choice. */
export function parseEditionChoice(text: string): EditionChoice {
  const [edition, ...options] = text.split("+").map((s) => s.trim());
  return options.length > 0 ? { edition: edition!, options } : { edition: edition! };
}

/** What a report says about the edition a result was computed with. */
export interface EditionUsed {
  platform: Platform;
  shop: string;
  /** the label, "<platform>/<edition>[+option…]" */
  edition: string;
  source: string;
  date: string;
}

/** The sources of a label made by resolveEdition (edition first, then each option). */
export function describeEdition(label: string): Pick<EditionUsed, "source" | "date"> {
  const [head, ...options] = label.split("+");
  const [platform, id] = head!.split("/") as [Platform, string];
  const r = resolveEdition(platform, { edition: id, options });
  const parts = [r.edition, ...r.options];
  return { source: parts.map((p) => p.source).join(" + "), date: parts.map((p) => p.date).join(" + ") };
}

/** One line per (platform, shop) of the results: the editions a report used. */
export function editionsUsed(results: ReadonlyArray<{ platform: Platform; shop: string; spec: { edition: string } }>): EditionUsed[] {
  const seen = new Map<string, EditionUsed>();
  for (const r of results) {
    const key = `${r.platform}\u0000${r.shop}\u0000${r.spec.edition}`;
    if (!seen.has(key)) seen.set(key, { platform: r.platform, shop: r.shop, edition: r.spec.edition, ...describeEdition(r.spec.edition) });
  }
  return [...seen.values()];
}
