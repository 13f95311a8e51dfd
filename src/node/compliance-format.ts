/**
 * Human-readable output of `report`: a table with each rate beside its floor and targets,
 * coloured on a TTY, and the `--explain` listing of late and excluded items.
 */
import type { ResultDetail } from "../core/compliance/aggregate.js";
import type { ExplainItem } from "../core/compliance/types.js";
import type { EditionUsed } from "../core/rules/editions.js";
import { TIER_LABELS } from "../core/compliance/types.js";
import { dayKeyOfNumber, formatPlatformTime } from "../core/time.js";

const COLORS = { red: "\x1b[31m", amber: "\x1b[33m", green: "\x1b[32m", dim: "\x1b[2m", reset: "\x1b[0m" };
export type Level = "red" | "amber" | "green" | "dim";

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

/** red: a penalty or the lowest grade; amber: below a target or a middle grade; green: fine. */
export function levelOf(r: ResultDetail): Level {
  if (!r.assessed || r.rate === null) return "dim";
  if (r.penalties.length > 0) return "red";
  const grades = [...r.spec.grades].sort((a, b) => b.min - a.min);
  if (grades.length > 1 && r.grade === grades[grades.length - 1]!.label) return "red";
  if (grades.length > 0 && r.grade !== grades[0]!.label) return "amber";
  if (r.spec.targets.some((t) => r.rate! < t.rate)) return "amber";
  return "green";
}

function floorText(r: ResultDetail): string {
  const floors = r.spec.floors.map((f) => `<${pct(f.below)}${f.minItems ? ` (n≥${f.minItems})` : ""}: ${f.penalty}`);
  return floors.length > 0 ? floors.join("; ") : "-";
}

function targetText(r: ResultDetail): string {
  const parts = [
    ...r.spec.targets.map((t) => `${t.label} ${pct(t.rate)}`),
    ...[...r.spec.grades]
      .sort((a, b) => b.min - a.min)
      .filter((g) => g.min > 0)
      .map((g) => `${g.label} ≥${pct(g.min)}`),
  ];
  if (r.spec.minSample > 0) parts.push(`min ${r.spec.minSample}`);
  return parts.length > 0 ? parts.join(", ") : "-";
}

function width(s: string): number {
  // CJK characters take two columns in a terminal.
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - width(s)));

export function renderTable(results: ResultDetail[], color: boolean): string {
  if (results.length === 0) return "No results: no events for the selected shops and rules.\n";
  const header = ["rule", "shop", "agent", "period", "n/d", "rate", "floor", "targets", "grade", "penalties", "tiers ≤10s/≤30s/≤60s/slower/none"];
  const rows = results.map((r) => [
    `${r.rule} ${r.spec.name}`,
    `${r.platform}/${r.shop}`,
    r.agent ?? "",
    r.from === r.to ? r.from : `${r.from}..${r.to}`,
    `${r.numerator}/${r.denominator}`,
    r.rate === null ? "n/a" : pct(r.rate) + (r.assessed ? "" : " (not assessed)"),
    floorText(r),
    targetText(r),
    r.grade ?? "",
    r.penalties.join(",") || "",
    r.tiers.join("/"),
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i]!))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!))
      .join("  ")
      .trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  ")];
  rows.forEach((row, k) => {
    const text = line(row);
    const level = levelOf(results[k]!);
    out.push(color ? `${COLORS[level]}${text}${COLORS.reset}` : text);
  });
  out.push("", `tiers: ${TIER_LABELS.join(" / ")}; rate n/a: nothing assessed in the period`);
  return out.join("\n") + "\n";
}

/** Which reading of the platforms' rules the figures follow (docs/compliance.md, "Editions"). */
export function renderEditions(editions: EditionUsed[]): string {
  if (editions.length === 0) return "";
  return `editions: ${editions.map((e) => `${e.platform}/${e.shop}: ${e.edition.slice(e.platform.length + 1)} (${e.source}; ${e.date})`).join("\n          ")}\n`;
}

const clock = (ms: number) => formatPlatformTime(ms).slice(11, 19);

export function renderExplain(items: ExplainItem[]): string {
  if (items.length === 0) return "No late or excluded items.\n";
  const lines = items.map((i) => {
    const who = `${i.platform}/${i.shop}/${i.conversation}${i.agent ? ` [${i.agent}]` : ""}`;
    const start = `${dayKeyOfNumber(i.day)} ${clock(i.start)}${i.clockFrom !== i.start ? ` (clock from ${formatPlatformTime(i.clockFrom).slice(0, 19).replace("T", " ")})` : ""}`;
    const reply = i.reply ? `${i.reply.from}${i.reply.bot ? ` ${i.reply.bot}${i.reply.mode ? `/${i.reply.mode}` : ""}` : ""} ${clock(i.reply.at)}` : "no reply";
    const secs = i.seconds === null ? "" : ` (${i.seconds} s)`;
    return `${pad(i.status, 8)}  ${i.rule}  ${who}  ${i.unit} ${i.startId} at ${start} → ${reply}${secs}${i.reason ? `: ${i.reason}` : ""}`;
  });
  return `Late and excluded items (${items.length}):\n${lines.join("\n")}\n`;
}
