/**
 * `whatif <events.jsonl> [--faq DIR] [--threshold T] [--bot-latency-ms 800] [--json] …`: what
 * turning the bot on would have done to a log's figures. Every buyer message goes through the
 * live decision with the given FAQ (built exactly as the server builds it: FaqRegistry), the
 * bot replies it would have sent are added at decision time + latency, nothing is removed, and
 * every rule is recomputed by the same engine as `report`. docs/planning.md.
 * Exit codes: 0 printed, 1 unreadable input (file, FAQ, config) or nothing to replay, 2 bad usage.
 */
import { access } from "node:fs/promises";
import { summarize, type ResultDetail } from "../../core/compliance/aggregate.js";
import { makeRulesFor } from "../../core/compliance/rules-for.js";
import type { Platform } from "../../core/events.js";
import { formatFaqError } from "../../core/faq/parse.js";
import { editionsUsed, type EditionSelections } from "../../core/rules/editions.js";
import { resolveRules, type RuleId, type RuleSpec } from "../../core/rules/presets.js";
import { formatPlatformTime } from "../../core/time.js";
import { compareResults, noChangeReason, type WhatIfRow } from "../../core/whatif/compare.js";
import { DEFAULT_BOT_LATENCY_MS } from "../../core/whatif/replay.js";
import { loadEventsFile, type SkippedLine } from "../../node/compliance-file.js";
import { computeWhatIf, type AnsweredMessage, type WhatIfShop } from "../../node/whatif-file.js";
import type { Shop } from "../../services/context.js";
import { dayOption, editionsOption, eventsSource, InputError, numberOption, parseArgs, runCommand, shopsFromEnv } from "../args.js";

export const USAGE = `usage: npm run --silent cli -- whatif <events.jsonl> [options]

options:
  --faq DIR              the FAQ folder the bot answers from (default: $FAQ_DIR or ./faq)
  --threshold T          auto-answer threshold for every FAQ set, 0–1 (default: each set's own)
  --bot-latency-ms N     the bot's reply this long after the buyer's message (default ${DEFAULT_BOT_LATENCY_MS})
  --to YYYY-MM-DD        last day reported (default: the last day with a buyer message)
  --shop ID              only this shop
  --edition P=E[+OPT]    read platform P's rules in edition E (as report)
  --json                 one JSON object: {"results", "noChange", "answered", "skipped", "editions"}
Shops' policies (taobaoAssistBot, douyinInstantAnswer), editions and rule overrides come from
the app config named by FR_CONFIG when set.
`;

export interface WhatIfArgs {
  file: string;
  faqDir: string;
  threshold?: number;
  latencyMs: number;
  to?: number;
  shop?: string;
  editions: EditionSelections;
  json: boolean;
}

export function parseWhatIfArgs(args: string[]): WhatIfArgs {
  const p = parseArgs(args, { values: ["--faq", "--threshold", "--bot-latency-ms", "--to", "--shop", "--edition"], flags: ["--json"] });
  const editions = editionsOption(p);
  const to = dayOption(p, "--to");
  return {
    file: eventsSource(p, undefined, editions).file!,
    faqDir: p.values.get("--faq")?.at(-1) ?? process.env.FAQ_DIR ?? "./faq",
    threshold: numberOption(p, "--threshold", { min: 0, max: 1 }),
    latencyMs: numberOption(p, "--bot-latency-ms", { min: 0, integer: true }) ?? DEFAULT_BOT_LATENCY_MS,
    to,
    shop: p.values.get("--shop")?.at(-1),
    editions,
    json: p.flags.has("--json"),
  };
}

export interface WhatIfReport {
  results: WhatIfRow[];
  /** per platform and shop where the bot's replies do not count: why nothing changes */
  noChange: Array<{ platform: Platform; shop: string; reason: string }>;
  answered: Array<Omit<AnsweredMessage, "at" | "reply"> & { at: string; replyAt: string; kind: string; faqId: string | null; faqScore: number | null; answer: string }>;
  skipped: SkippedLine[];
  editions: ReturnType<typeof editionsUsed>;
  decisions: number;
}

/** The shop as the live service runs it: config when FR_CONFIG names one, else the defaults. */
function shopResolver(shops: Map<string, Shop>, editions: EditionSelections) {
  const cache = new Map<string, { policy: WhatIfShop["policy"]; rules: Record<RuleId, RuleSpec> }>();
  return (shop: string) => {
    let s = cache.get(shop);
    if (!s) {
      const configured = shops.get(shop);
      s = configured
        ? { policy: configured.config, rules: Object.keys(editions).length > 0 ? resolveRules(configured.config.rules, { ...configured.config.editions, ...editions }) : configured.rules }
        : { policy: { douyinInstantAnswer: false }, rules: resolveRules({}, editions) };
      cache.set(shop, s);
    }
    return s;
  };
}

export async function buildWhatIf(o: WhatIfArgs, log: (line: string) => void): Promise<WhatIfReport> {
  try {
    await access(o.file);
  } catch {
    throw new InputError(`cannot read ${o.file}: no such file`);
  }
  try {
    await access(o.faqDir);
  } catch {
    throw new InputError(`cannot read the FAQ folder ${o.faqDir}: no such directory`);
  }
  const shops = await shopsFromEnv();
  const resolveShop = shopResolver(shops, o.editions);
  // The FAQ exactly as the server loads and builds it (parsing, shop overrides, trained model).
  const { FaqRegistry } = await import("../../node/faq-registry.js");
  const faq = await FaqRegistry.open({ dir: o.faqDir, watch: false, log, threshold: o.threshold });
  try {
    if (faq.lastErrors.length > 0) throw new InputError(`the FAQ in ${o.faqDir} has errors:\n${faq.lastErrors.map((e) => `  ${formatFaqError(e)}`).join("\n")}`);
    const loaded = await loadEventsFile(o.file, { shop: o.shop, text: true });
    const rulesFor = makeRulesFor({ editions: (_p, shop) => ({ ...shops.get(shop)?.config.editions, ...o.editions }), overrides: (_p, shop) => shops.get(shop)?.config.rules });
    const computed = computeWhatIf(loaded.columns, {
      rulesFor,
      shopFor: (_platform, shop) => ({ ...resolveShop(shop), matcher: faq.forShop(shop) }),
      latencyMs: o.latencyMs,
    });
    if (computed.buyerMessages === 0) throw new InputError(`no buyer messages in ${o.file}${o.shop ? ` for shop ${o.shop}` : ""}: nothing to replay`);
    const to = o.to ?? computed.actual.lastBuyerDay()!;
    const actual = summarize(computed.actual, { to, rulesFor, shop: o.shop });
    const withBot = summarize(computed.withBot, { to, rulesFor, shop: o.shop });
    return {
      results: compareResults(actual, withBot),
      noChange: noChangeNotes(actual, resolveShop),
      answered: computed.answered.map((a) => ({
        platform: a.platform,
        shop: a.shop,
        conversation: a.conversation,
        id: a.id,
        at: formatPlatformTime(a.at),
        text: a.text,
        replyAt: formatPlatformTime(a.reply.at),
        kind: a.reply.kind,
        faqId: a.reply.faqId,
        faqScore: a.reply.faqScore,
        answer: a.reply.text,
      })),
      skipped: loaded.skipped,
      editions: editionsUsed(actual),
      decisions: computed.decisions,
    };
  } finally {
    faq.close();
  }
}

function noChangeNotes(results: ResultDetail[], resolveShop: ReturnType<typeof shopResolver>): WhatIfReport["noChange"] {
  const out: WhatIfReport["noChange"] = [];
  const seen = new Set<string>();
  for (const r of results) {
    const k = `${r.platform}\u0000${r.shop}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const s = resolveShop(r.shop);
    const reason = noChangeReason(r.platform, s.policy, s.rules);
    if (reason) out.push({ platform: r.platform, shop: r.shop, reason });
  }
  return out;
}

const pct = (r: number | null) => (r === null ? "n/a" : `${(r * 100).toFixed(1)}%`);

/** The readable form: per rule and day both figures, then why some platforms do not change, then the answers. */
export function renderWhatIf(r: WhatIfReport, maxAnswered = 30): string {
  const lines: string[] = [];
  const header = ["rule", "shop", "agent", "period", "actual", "with bot", "change", "penalties"];
  const rows = r.results.map((x) => {
    const d = x.withBot.numerator - x.actual.numerator;
    const pen = [...x.penaltiesAvoided.map((p) => `avoided ${p}`), ...x.penaltiesIncurred.map((p) => `incurred ${p}`)].join(", ") || (x.actual.penalties.length ? `still ${x.actual.penalties.join(",")}` : "");
    return [
      x.rule,
      `${x.platform}/${x.shop}`,
      x.agent ?? "",
      x.from === x.to ? x.from : `${x.from}..${x.to}`,
      `${x.actual.numerator}/${x.actual.denominator} ${pct(x.actual.rate)}`,
      `${x.withBot.numerator}/${x.withBot.denominator} ${pct(x.withBot.rate)}`,
      d === 0 && x.withBot.denominator === x.actual.denominator ? "=" : `${d >= 0 ? "+" : ""}${d}`,
      pen,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  lines.push(line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line), "");
  for (const n of r.noChange) lines.push(`no change on ${n.platform}/${n.shop}: ${n.reason}`);
  lines.push(`${r.decisions} buyer messages replayed; the bot would have sent ${r.answered.length} message(s):`);
  for (const a of r.answered.slice(0, maxAnswered)) {
    lines.push(`  ${a.at.slice(0, 19).replace("T", " ")} ${a.platform}/${a.shop}/${a.conversation} "${a.text ?? ""}" → ${a.kind}${a.faqId ? ` ${a.faqId} (${a.faqScore?.toFixed(3)})` : ""}: ${a.answer}`);
  }
  if (r.answered.length > maxAnswered) lines.push(`  … and ${r.answered.length - maxAnswered} more (--json lists all)`);
  for (const e of r.editions) lines.push(`edition ${e.platform}/${e.shop}: ${e.edition}`);
  return lines.join("\n") + "\n";
}

export async function run(args: string[]): Promise<number> {
  const {
    code,
    options: o,
    result: report,
  } = await runCommand("whatif", USAGE, args, {
    parse: parseWhatIfArgs,
    build: (o) => buildWhatIf(o, (line) => process.stderr.write(`${line}\n`)),
    render: (r, o) => (o.json ? JSON.stringify(r) + "\n" : renderWhatIf(r)),
  });
  if (!o || !report) return code;
  if (!o.json && report.skipped.length > 0) process.stderr.write(`skipped ${report.skipped.length} malformed line(s):\n${report.skipped.map((s) => `  line ${s.line}: ${s.error}`).join("\n")}\n`);
  if (process.env.REPORT_PRINT_MAXRSS === "1") {
    const u = process.resourceUsage();
    process.stderr.write(`maxrss_kb=${u.maxRSS} cpu_ms=${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}\n`);
  }
  return 0;
}
