/**
 * The rule presets of docs/compliance-rules.md, as data. Every number is a field so that a
 * shop's config can override it when a platform changes its policy; the engine has no
 * per-platform branches, only these parameters. Each platform writes its own presets in its
 * folder (src/platforms/<id>/rules.ts); this module gathers them from the registry, which
 * imports no service (src/platforms/types.ts), so core can read it.
 */
import { PLATFORM_REGISTRY, type RegisteredRuleId } from "../../platforms/registry.js";
import { platformIds, type BotMode, type ChatEvent, type Platform } from "../events.js";
import type { DailyWindow } from "../time.js";
import { resolveEdition, type EditionSelections, type ResolvedEdition } from "./editions.js";

/** The rule ids of every platform of the registry (src/platforms/<id>/rules.ts), as a union. */
export type RuleId = RegisteredRuleId;

/** What one assessed item is. */
export type RuleUnit =
  | "message" // each buyer message
  | "conversation-day" // the first assessed buyer message of a conversation on a day
  | "round" // first buyer message after a reply → first counted reply (首问首答)
  | "person-day" // buyer × sub-account × day
  | "conversation"; // a conversation-day scored as a whole from its transfer to a human (Douyin experience score)

/** Where an item's clock starts. */
export type ClockOrigin =
  | "message" // from the message's own time (Douyin)
  | "streak" // from the first message of its streak (Kuaishou)
  | "round" // from the round's first message (Taobao rounds)
  | "person-first" // from the person's first assessed message of the day
  | "transfer"; // from the later of the message and the conversation's transfer to a human

export interface CountedSources {
  human: boolean;
  /** "any": every bot; a list: only these bots (names "any": every bot), only in these modes */
  bots: "none" | "any" | { names: string[] | "any"; modes: BotMode[] };
}

export interface Floor {
  /** a rate strictly below this is below the floor (a rate exactly at it is not) */
  below: number;
  penalty: string;
  /** the penalty applies only with at least this many items in the period */
  minItems?: number;
  description: string;
}

export interface Grade {
  /** lowest rate of the grade, inclusive */
  min: number;
  label: string;
}

export interface Target {
  rate: number;
  label: string;
}

export interface RuleSpec {
  id: RuleId;
  /**
   * The edition the rule was resolved with (editions.ts): "<platform>/<edition>[+option…]".
   * Set by resolveRules, never by a shop's overrides.
   */
  edition: string;
  /** computed and reported without being asked for (a rule of one edition only is off in the others) */
  enabled: boolean;
  platform: Platform;
  name: string;
  unit: RuleUnit;
  /** the clock limit in seconds; null: no clock (replied at all that day, `taobao.reply-rate`) */
  limitSeconds: number | null;
  clockOrigin: ClockOrigin;
  window: DailyWindow;
  /** days in one result: 1 for daily rules, 30 for rolling ones */
  periodDays: number;
  counted: CountedSources;
  /** per-agent results; the clock starts when the conversation entered the agent's list (choice 5) */
  perAgent: boolean;
  /** below this many items in the period the result is shown but not assessed */
  minSample: number;
  /** items whose first reply is not a counted one are excluded (Taobao choice 1; Douyin assist-bots-counted) */
  excludeUncountedFirstReply: boolean;
  /** items answered on a later day are excluded (Taobao choice 2) */
  excludeCrossDay: boolean;
  floors: Floor[];
  grades: Grade[];
  targets: Target[];
}

/**
 * The presets of every platform of the registry, each written in its folder
 * (src/platforms/<id>/rules.ts), in the platforms' report order (Douyin's first, as reports have
 * always listed them).
 */
export const RULE_PRESETS = Object.fromEntries([...PLATFORM_REGISTRY].sort((a, b) => a.rules.reportOrder - b.rules.reportOrder).flatMap((p) => Object.values(p.rules.presets).map((r) => [r.id, r]))) as Record<RuleId, RuleSpec>;

export const RULE_IDS = Object.keys(RULE_PRESETS) as readonly RuleId[];

/** The rule whose clock a routed chat races against: the platform's strictest (issue 2), named by its folder. */
export const DEADLINE_RULE = Object.fromEntries(PLATFORM_REGISTRY.map((p) => [p.id, p.rules.deadlineRule])) as Record<Platform, RuleId>;

/** Does this rule accept this shop-side message as a reply? */
export function isCountedReply(counted: CountedSources, e: Pick<ChatEvent, "from" | "bot" | "mode">): boolean {
  if (e.from === "human") return counted.human;
  if (e.from !== "bot") return false;
  if (counted.bots === "any") return true;
  if (counted.bots === "none") return false;
  const named = counted.bots.names === "any" ? true : !!e.bot && counted.bots.names.includes(e.bot);
  return named && !!e.mode && counted.bots.modes.includes(e.mode);
}

/** A shop-side message: stops no clock unless counted, but ends a Taobao round. */
export function isShopReply(e: Pick<ChatEvent, "from" | "type">): boolean {
  return e.type === "message" && (e.from === "human" || e.from === "bot");
}

/** A shop's change to one rule: any field but the id and platform; `window` may give one end only. */
export type RuleOverride = Partial<Omit<RuleSpec, "id" | "platform" | "window" | "edition">> & { window?: Partial<DailyWindow> };
export type RuleOverrides = Partial<Record<RuleId, RuleOverride>>;

/** Why a resolved rule cannot be computed, or undefined when it can. */
export function ruleProblem(spec: RuleSpec): string | undefined {
  const hhmm = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
  if (!hhmm.test(spec.window.start) || !hhmm.test(spec.window.end)) return "window must be HH:MM–HH:MM (24:00 = end of day)";
  if (spec.window.start >= spec.window.end) return "window start must be before its end";
  if (spec.limitSeconds !== null && !(Number.isFinite(spec.limitSeconds) && spec.limitSeconds >= 0)) return "limitSeconds must be a number ≥ 0 or null";
  if (!(Number.isInteger(spec.periodDays) && spec.periodDays >= 1)) return "periodDays must be a whole number ≥ 1";
  if (!(Number.isInteger(spec.minSample) && spec.minSample >= 0)) return "minSample must be a whole number ≥ 0";
  for (const f of spec.floors) if (!(f.below >= 0 && f.below <= 1) || typeof f.penalty !== "string") return "each floor needs below (0–1) and a penalty id";
  for (const g of spec.grades) if (!(g.min >= 0 && g.min <= 1) || typeof g.label !== "string") return "each grade needs min (0–1) and a label";
  return undefined;
}

/**
 * Presets with the shop's editions (editions.ts) and then its overrides applied: a shallow
 * merge per rule (give whole arrays for floors, grades, targets and counted.bots), except
 * `window`, whose ends merge one by one. Throws on an unknown edition or a value the engine
 * cannot compute with, naming the rule and the field.
 */
export function resolveRules(overrides: RuleOverrides = {}, editions: EditionSelections = {}): Record<RuleId, RuleSpec> {
  const resolved = {} as Record<Platform, ResolvedEdition>;
  for (const p of platformIds()) resolved[p] = resolveEdition(p, editions[p]);
  const out = {} as Record<RuleId, RuleSpec>;
  for (const id of RULE_IDS) {
    const preset = RULE_PRESETS[id];
    const edition = resolved[preset.platform];
    let spec: RuleSpec = { ...preset, edition: edition.label };
    for (const o of [...edition.overrides.map((r) => r[id]), overrides[id]]) {
      if (o) spec = { ...spec, ...o, window: { ...spec.window, ...o.window }, id, platform: preset.platform, edition: edition.label };
    }
    const problem = ruleProblem(spec);
    if (problem) throw new Error(`rule ${id}: ${problem}`);
    out[id] = spec;
  }
  return out;
}
