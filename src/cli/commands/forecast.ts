/**
 * `forecast (<events.jsonl> | --db [URL]) --rule RULE --target 0.9 [options]`: agents needed per
 * weekday and 30-minute slot to keep a rule's rate at the target (core/planning/forecast.ts).
 * docs/planning.md. Exit codes: 0 printed, 1 unreadable input or nothing to forecast from,
 * 2 bad usage (unknown rule or edition, target outside (0, 1), …).
 */
import { existsSync } from "node:fs";
import { access } from "node:fs/promises";
import { makeRulesFor } from "../../core/compliance/rules-for.js";
import { forecastStaffing, ForecastError, type Forecast, type ForecastOptions } from "../../core/planning/forecast.js";
import { addConversationHistory, emptyHistory, finishHistory, type History } from "../../core/planning/history.js";
import type { EditionSelections } from "../../core/rules/editions.js";
import { resolveRules, RULE_IDS, type RuleId, type RuleSpec } from "../../core/rules/presets.js";
import { forEachConversation, loadEventsFile } from "../../node/compliance-file.js";
import { editionsOption, eventsSource, InputError, liftDb, numberOption, parseArgs, runCommand, shopsFromEnv, UsageError } from "../args.js";

export const USAGE = `usage: npm run --silent cli -- forecast <events.jsonl> --rule RULE --target 0.9 [options]
       npm run --silent cli -- forecast --db [DATABASE_URL] --rule RULE --target 0.9 [options]

options:
  --rule ID               the rule to keep (${RULE_IDS.join(", ")})
  --target R              the rate to keep, between 0 and 1 (exclusive)
  --concurrency N         chats one agent holds at once (default 3)
  --aht-seconds S         holding time per chat (default: measured from the events)
  --first-reply-seconds S a free agent's first reply (default: measured, 25th percentile)
  --bot on|off            plan with the bot settling its measured share (default on)
  --peak-factor F         arrivals × F, e.g. 3 for Double 11 (default 1.0)
  --model sim|erlang-c    discrete-event simulation scored by the engine (default) or Erlang C
  --shop ID               only this shop's history
  --edition P=E[+OPT]     read the rule in this edition (file only)
  --json                  {"rule","target","slots":[{"weekday","start","arrivalsPerHour","botShare","ahtSeconds","agents","expectedRate","note"}]}
`;

export interface ForecastArgs extends Omit<ForecastOptions, "rule"> {
  file?: string;
  db?: { url?: string };
  rule: RuleId;
  shop?: string;
  editions: EditionSelections;
  json: boolean;
}

export function parseForecastArgs(args: string[]): ForecastArgs {
  const { rest, db } = liftDb(args);
  const p = parseArgs(rest, {
    values: ["--rule", "--target", "--concurrency", "--aht-seconds", "--first-reply-seconds", "--bot", "--peak-factor", "--model", "--shop", "--edition"],
    flags: ["--json"],
  });
  const rule = p.values.get("--rule")?.at(-1);
  if (rule === undefined) throw new UsageError("--rule is required");
  if (!(RULE_IDS as readonly string[]).includes(rule)) throw new UsageError(`unknown rule "${rule}"; rules: ${RULE_IDS.join(", ")}`);
  const target = numberOption(p, "--target", { min: 0, max: 1, minExclusive: true, maxExclusive: true });
  if (target === undefined) throw new UsageError("--target is required (a rate between 0 and 1, e.g. 0.9)");
  const bot = p.values.get("--bot")?.at(-1) ?? "on";
  if (bot !== "on" && bot !== "off") throw new UsageError(`--bot must be on or off, got "${bot}"`);
  const model = p.values.get("--model")?.at(-1) ?? "sim";
  if (model !== "sim" && model !== "erlang-c") throw new UsageError(`--model must be sim or erlang-c, got "${model}"`);
  const editions = editionsOption(p);
  return {
    ...eventsSource(p, db, editions),
    rule: rule as RuleId,
    target,
    concurrency: numberOption(p, "--concurrency", { min: 1, integer: true }) ?? 3,
    ahtSeconds: numberOption(p, "--aht-seconds", { min: 0, minExclusive: true }),
    firstReplySeconds: numberOption(p, "--first-reply-seconds", { min: 0 }),
    bot: bot === "on",
    peakFactor: numberOption(p, "--peak-factor", { min: 0, minExclusive: true }) ?? 1,
    model,
    shop: p.values.get("--shop")?.at(-1),
    editions,
    json: p.flags.has("--json"),
  };
}

async function historyFromFile(file: string, rule: RuleSpec, shop: string | undefined): Promise<History> {
  try {
    await access(file);
  } catch {
    throw new InputError(`cannot read ${file}: no such file`);
  }
  const loaded = await loadEventsFile(file, { shop });
  const h = emptyHistory();
  forEachConversation(loaded.columns, (ref, events) => {
    if (ref.platform === rule.platform) addConversationHistory(h, events, rule);
  });
  return finishHistory(h);
}

async function historyFromDatabase(url: string | undefined, rule: RuleSpec, shop: string | undefined): Promise<History> {
  const { DEFAULTS } = await import("../../config/load.js");
  const { loadPlanningHistory } = await import("../../services/planning.js");
  const { openNodeDatabase } = await import("../../node/database.js");
  const u = url ?? process.env.DATABASE_URL ?? DEFAULTS.databaseUrl;
  const path = u.replace(/^file:/, "");
  if (path !== ":memory:" && !existsSync(path)) throw new InputError(`cannot open database ${u}: no such file`);
  const database = openNodeDatabase(path);
  try {
    return await loadPlanningHistory({ ctx: { db: database.db }, input: { rule, shop } });
  } finally {
    database.close();
  }
}

/** The rule as the shop runs it: its config's editions and overrides (one shop), else the CLI's editions. */
async function ruleFor(o: ForecastArgs): Promise<RuleSpec> {
  const shops = await shopsFromEnv();
  const platform = resolveRules()[o.rule].platform;
  const configured = o.shop !== undefined ? shops.get(o.shop) : undefined;
  const rulesFor = makeRulesFor({ rules: [o.rule], editions: () => ({ ...configured?.config.editions, ...o.editions }), overrides: () => configured?.config.rules });
  return rulesFor(platform, o.shop ?? "")[0]!;
}

export async function buildForecast(o: ForecastArgs): Promise<Forecast> {
  const rule = await ruleFor(o);
  const history = o.db ? await historyFromDatabase(o.db.url, rule, o.shop) : await historyFromFile(o.file!, rule, o.shop);
  return forecastStaffing(history, { ...o, rule });
}

const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
const WEEKDAYS = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function renderForecast(f: Forecast): string {
  const lines = [`${f.rule}: agents per 30 minutes to keep ≥ ${pct(f.target)} (model ${f.model}, first reply ${f.firstReplySeconds} s)`, ""];
  lines.push("day  start  arrivals/h  bot    AHT s   agents  expected  note");
  for (const s of f.slots) {
    lines.push(
      [
        WEEKDAYS[s.weekday]!.padEnd(3),
        s.start.padEnd(5),
        (s.arrivalsPerHour === null ? "—" : s.arrivalsPerHour.toFixed(1)).padStart(10),
        (s.botShare === null ? "—" : pct(s.botShare)).padStart(5),
        (s.ahtSeconds === null ? "—" : String(s.ahtSeconds)).padStart(6),
        (s.agents === null ? "—" : String(s.agents)).padStart(7),
        pct(s.expectedRate).padStart(9),
        s.note ?? "",
      ]
        .join("  ")
        .trimEnd(),
    );
  }
  return lines.join("\n") + "\n";
}

export async function run(args: string[]): Promise<number> {
  const { code } = await runCommand("forecast", USAGE, args, {
    parse: parseForecastArgs,
    build: buildForecast,
    render: (f, o) => (o.json ? JSON.stringify({ rule: f.rule, target: f.target, slots: f.slots }) + "\n" : renderForecast(f)),
    inputErrors: [ForecastError],
  });
  return code;
}
