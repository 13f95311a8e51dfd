/**
 * `report <events.jsonl> [--to YYYY-MM-DD] [--rule ID]... [--shop ID] [--json] [--explain]`
 * `report --db [DATABASE_URL] …`: the same figures from the app's database.
 * Exit codes: 0 figures printed (malformed lines are listed, not fatal), 1 unreadable input,
 * 2 bad usage.
 */
import { existsSync } from "node:fs";
import { dayOption, editionsOption, eventsSource, InputError, liftDb, parseArgs, runCommand, shopsFromEnv, UsageError } from "../args.js";
import { access } from "node:fs/promises";
import type { ComplianceContext } from "../../services/compliance.js";
import { summarize, toContract, type ResultDetail } from "../../core/compliance/aggregate.js";
import type { Aggregates } from "../../core/compliance/aggregate.js";
import { makeRulesFor } from "../../core/compliance/rules-for.js";
import type { ExplainItem, RulesFor } from "../../core/compliance/types.js";
import { RULE_IDS, type RuleId } from "../../core/rules/presets.js";
import { editionsUsed, type EditionSelections } from "../../core/rules/editions.js";
import { parseDayKey } from "../../core/time.js";
import { computeFromColumns, loadEventsFile, type SkippedLine } from "../../node/compliance-file.js";
import { renderEditions, renderExplain, renderTable } from "../../node/compliance-format.js";
import { progressBar } from "../../node/jsonl.js";

export const USAGE = `usage: npm run --silent cli -- report <events.jsonl> [options]
       npm run --silent cli -- report --db [DATABASE_URL] [options]

options:
  --to YYYY-MM-DD   last day reported, platform time (default: last day with a buyer message)
  --rule ID         only this rule; repeat for more (${RULE_IDS.join(", ")})
  --shop ID         only this shop
  --json            one JSON object: {"results": [...], "skipped": [...]}
  --explain         list late and excluded items with their times
  --edition P=E[+OPTION]  read platform P's rules in edition E (file only; default seed), e.g.
                    douyin=feige-2024, douyin=seed+assist-bots-counted, taobao=window-08-23
`;

export interface ReportOptions {
  file?: string;
  /** --db given; the URL may be absent (then DATABASE_URL or the app's default) */
  db?: { url?: string };
  to?: number;
  rules: RuleId[];
  shop?: string;
  json: boolean;
  explain: boolean;
  /** --edition: the file path's editions (the database uses each shop's configured ones) */
  editions: EditionSelections;
}

export function parseReportArgs(args: string[]): ReportOptions {
  const { rest, db } = liftDb(args);
  const p = parseArgs(rest, { values: ["--to", "--rule", "--shop", "--edition"], flags: ["--json", "--explain"] });
  const rules: RuleId[] = [];
  for (const v of p.values.get("--rule") ?? []) {
    if (!(RULE_IDS as readonly string[]).includes(v)) throw new UsageError(`unknown rule "${v}"; rules: ${RULE_IDS.join(", ")}`);
    if (!rules.includes(v as RuleId)) rules.push(v as RuleId);
  }
  const editions = editionsOption(p);
  const to = dayOption(p, "--to");
  const shop = p.values.get("--shop")?.at(-1);
  return {
    ...eventsSource(p, db, editions),
    ...(to !== undefined ? { to } : {}),
    ...(shop !== undefined ? { shop } : {}),
    rules,
    json: p.flags.has("--json"),
    explain: p.flags.has("--explain"),
    editions,
  };
}

export interface ReportData {
  aggregates: Aggregates;
  items: ExplainItem[];
  skipped: SkippedLine[];
  /** the rules per shop the figures were computed with */
  rulesFor: RulesFor;
}

/** Builds the output from aggregates, whatever their source (file or database). */
export function renderReport(data: ReportData, o: ReportOptions, isTTY: boolean): string {
  const rulesFor = data.rulesFor;
  const to = o.to ?? data.aggregates.lastBuyerDay((s) => o.shop === undefined || s.shop === o.shop);
  const results: ResultDetail[] = to === undefined ? [] : summarize(data.aggregates, { to, rulesFor, shop: o.shop });
  const items = to === undefined ? [] : explainedInReport(data.items, results, to);
  if (o.json) {
    const out: Record<string, unknown> = { results: results.map(toContract), skipped: data.skipped, editions: editionsUsed(results) };
    if (o.explain) out.explain = items;
    return JSON.stringify(out) + "\n";
  }
  let text = renderTable(results, isTTY) + renderEditions(editionsUsed(results));
  if (o.explain) text += "\n" + renderExplain(items);
  return text;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Only items of reported rules and shops, on the days their results cover. */
function explainedInReport(items: ExplainItem[], results: ResultDetail[], to: number): ExplainItem[] {
  const covered = new Set<string>();
  for (const r of results) {
    const from = parseDayKey(r.from)!;
    for (let d = from; d <= parseDayKey(r.to)!; d++) covered.add(`${r.platform}\u0000${r.shop}\u0000${r.rule}\u0000${d}`);
  }
  return items
    .filter((i) => i.day <= to && covered.has(`${i.platform}\u0000${i.shop}\u0000${i.rule}\u0000${i.day}`))
    .sort((a, b) => a.start - b.start || cmp(a.rule, b.rule) || cmp(`${a.shop}\u0000${a.conversation}`, `${b.shop}\u0000${b.conversation}`) || cmp(a.agent ?? "", b.agent ?? ""));
}

async function fromFile(o: ReportOptions): Promise<ReportData> {
  const file = o.file!;
  try {
    await access(file);
  } catch {
    throw new InputError(`cannot read ${file}: no such file`);
  }
  const bar = process.stderr.isTTY ? progressBar(process.stderr, "reading") : undefined;
  const loaded = await loadEventsFile(file, { shop: o.shop, onProgress: bar && ((done, total) => total > 8 << 20 && bar.update(done, total)) });
  bar?.end();
  const rulesFor = reportRulesFor(o);
  const { aggregates, items } = computeFromColumns(loaded.columns, rulesFor, o.explain);
  return { aggregates, items, skipped: loaded.skipped, rulesFor };
}

/**
 * `--db [DATABASE_URL]`: the app's embedded database (a better-sqlite3 file). The figures come
 * from the per-day aggregates the app keeps (after folding any events not yet folded), with
 * each shop's rule overrides from the app's config file when FR_CONFIG names one.
 */
async function fromDatabase(o: ReportOptions): Promise<ReportData> {
  // Loaded here, not at the top: the file path needs neither a database nor the app config.
  const { DEFAULTS } = await import("../../config/load.js");
  const { explainDay, loadAggregates, syncCompliance } = await import("../../services/compliance.js");
  const url = o.db?.url ?? process.env.DATABASE_URL ?? DEFAULTS.databaseUrl;
  const path = url.replace(/^file:/, "");
  if (path !== ":memory:" && !existsSync(path)) throw new InputError(`cannot open database ${url}: no such file`);
  const shops: ComplianceContext["shops"] = await shopsFromEnv();
  const { openNodeDatabase } = await import("../../node/database.js");
  const { ContextCache } = await import("../../services/context.js");
  const database = openNodeDatabase(path);
  try {
    const ctx: ComplianceContext = { db: database.db, transact: database.transact, shops, cache: new ContextCache() };
    await syncCompliance({ ctx });
    const aggregates = await loadAggregates({ ctx, input: { shop: o.shop } });
    const items: ExplainItem[] = [];
    if (o.explain) {
      const to = o.to ?? aggregates.lastBuyerDay((s) => o.shop === undefined || s.shop === o.shop);
      const rulesFor = reportRulesFor(o, ctx);
      // once per (shop, rule, day) covered by a result; per-agent rules have a result per agent
      const done = new Set<string>();
      for (const r of to === undefined ? [] : summarize(aggregates, { to, rulesFor, shop: o.shop })) {
        for (let day = parseDayKey(r.from)!; day <= parseDayKey(r.to)!; day++) {
          const key = `${r.platform}\u0000${r.shop}\u0000${r.rule}\u0000${day}`;
          if (done.has(key)) continue;
          done.add(key);
          const all = await explainDay({ ctx, input: { shop: r.shop, rule: r.rule, day } });
          items.push(...all.filter((i) => i.status !== "in-time" && i.platform === r.platform));
        }
      }
    }
    return { aggregates, items, skipped: [], rulesFor: reportRulesFor(o, ctx) };
  } finally {
    database.close();
  }
}

/** The selected rules, with each shop's overrides when a config is known. */
function reportRulesFor(o: ReportOptions, ctx?: ComplianceContext): RulesFor {
  const rules = o.rules.length > 0 ? o.rules : undefined;
  return ctx ? makeRulesFor({ rules, overrides: (_p, shop) => ctx.shops.get(shop)?.config.rules, editions: (_p, shop) => ctx.shops.get(shop)?.config.editions }) : makeRulesFor({ rules, editions: () => o.editions });
}

export async function run(args: string[]): Promise<number> {
  const {
    code,
    options: o,
    result: data,
  } = await runCommand("report", USAGE, args, {
    parse: parseReportArgs,
    build: (o) => (o.db ? fromDatabase(o) : fromFile(o)),
    render: (data, o) => renderReport(data, o, process.stdout.isTTY === true),
  });
  if (!o || !data) return code;
  if (!o.json && data.skipped.length > 0) {
    process.stderr.write(`skipped ${data.skipped.length} malformed line(s):\n${data.skipped.map((s) => `  line ${s.line}: ${s.error}`).join("\n")}\n`);
  }
  // For bench/report.ts: the child reports its own peak memory (no /usr/bin/time needed).
  if (process.env.REPORT_PRINT_MAXRSS === "1") {
    const u = process.resourceUsage();
    process.stderr.write(`maxrss_kb=${u.maxRSS} cpu_ms=${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}\n`);
  }
  return 0;
}
