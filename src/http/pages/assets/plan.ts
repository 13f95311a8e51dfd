// 排班建议 tab of the dashboard: the staffing forecast of the shop's stored history, agents per
// weekday and half hour as a grid, and a chart of agents needed against agents scheduled (measured
// at work from the stored events). Talks to GET /api/plan/forecast (docs/planning.md).
import type uPlot from "uplot";
import type { ForecastAnswer, ForecastSlot, WhatIfAnswer } from "../../contracts/answers.js";

const FR = window.FR;
const { $, h } = FR;
let token = "";
let shop = "";
let chart: uPlot | null = null;
const DAYS = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const NOTE: Record<string, string> = { "no data": "无历史数据", "outside the rule's window": "不在考核时段", "no arrivals": "无咨询" };
const input = (sel: string) => $<HTMLInputElement>(sel);

function open(t: string, s: string): void {
  token = t;
  shop = s;
  const sel = $<HTMLSelectElement>("#plan-rule");
  // the rules a headcount changes, named from the server's tables (labels.ts planRules, rules, platforms)
  if (!sel.options.length) for (const r of FR.L.planRules) sel.appendChild(h("option", { value: r.id, text: (FR.PLATFORM[r.platform] || r.platform) + " " + FR.L.rules[r.id] }));
}

async function run(): Promise<void> {
  const box = FR.clear($("#plan-result"));
  shop = $<HTMLSelectElement>("#shop").value || shop; // the shop selected now, not when the tab was opened
  const p = new URLSearchParams({
    shop,
    rule: $<HTMLSelectElement>("#plan-rule").value,
    target: input("#plan-target").value,
    concurrency: input("#plan-concurrency").value,
    peakFactor: input("#plan-peak").value,
    model: $<HTMLSelectElement>("#plan-model").value,
  });
  box.appendChild(h("p", { class: "muted", text: "计算中…" }));
  let f: ForecastAnswer;
  try {
    f = await FR.api<ForecastAnswer>(token, "GET", "/api/plan/forecast?" + p.toString());
  } catch (e) {
    FR.clear(box).appendChild(h("p", { class: "error", text: "无法计算：" + (e as Error).message }));
    return;
  }
  FR.clear(box);
  const planned = f.slots.filter((s) => s.agents !== null && s.note === null);
  if (!planned.length) {
    box.appendChild(h("p", { class: "empty", text: "没有可排班的时段：历史中没有该平台考核时段内的咨询。" }));
    return;
  }
  const max = Math.max(...planned.map((s) => s.agents ?? 0));
  box.appendChild(h("p", { class: "muted", text: "每格为保持 " + FR.pct(f.target) + " 所需的最少在线客服数（每人同时接待 " + input("#plan-concurrency").value + " 个会话）；最多 " + max + " 人。" }));
  const starts: string[] = [];
  for (let i = 0; i < 48; i++) starts.push(String(Math.floor(i / 2)).padStart(2, "0") + ":" + (i % 2 ? "30" : "00"));
  const head = h(
    "tr",
    {},
    h("th", { class: "day" }),
    starts.map((s, i) => h("th", { text: i % 2 ? "" : s.slice(0, 2) })),
  );
  const rows: HTMLTableRowElement[] = [];
  for (let d = 1; d <= 7; d++) {
    rows.push(
      h(
        "tr",
        {},
        h("th", { class: "day", text: DAYS[d] }),
        f.slots
          .filter((s) => s.weekday === d)
          .map((s) => {
            const a = s.agents ? 0.15 + 0.85 * (s.agents / max) : 0;
            const tip = DAYS[d] + " " + s.start + "：" + (s.note ? NOTE[s.note] || s.note : s.agents + " 人，预计回复率 " + FR.pct(s.expectedRate) + "，每小时 " + s.arrivalsPerHour + " 个咨询，机器人解决 " + FR.pct(s.botShare));
            return h("td", {
              title: tip,
              dataset: { agents: s.agents === null ? "" : String(s.agents) },
              style: "background:" + (a ? "rgba(51,112,255," + a.toFixed(2) + ")" : "#f0f1f3") + ";color:" + (a > 0.55 ? "#fff" : "#646a73"),
              text: s.agents ? String(s.agents) : "",
            });
          }),
      ),
    );
  }
  box.appendChild(h("table", { class: "heatmap plan-grid" }, h("thead", {}, head), h("tbody", {}, rows)));
  drawStaffing(box, f.slots);
}

/** needed vs scheduled over the week, one point per half hour (x = hours since Monday 00:00) */
function drawStaffing(box: HTMLElement, slots: ForecastSlot[]): void {
  if (chart) {
    chart.destroy();
    chart = null;
  }
  const sum = slots.reduce((a, s) => a + (s.scheduled || 0), 0);
  const wrap = h(
    "div",
    { class: "plan-staffing" },
    h("h3", { text: "所需客服 与 实际在岗客服（每半小时）" }),
    h("p", { class: "muted", text: "实际在岗：该时段内有人工回复或被分配会话的客服人数，按历史中该星期几的天数取平均；在线但没有接待的客服不计入。" }),
  );
  box.appendChild(wrap);
  if (!sum) wrap.appendChild(h("p", { class: "empty plan-staffing-empty", text: "历史中没有客服人工回复或分配记录，无法统计实际在岗人数。" }));
  const UPlot = window.uPlot;
  if (!UPlot) return;
  const xs: number[] = [];
  const need: Array<number | null> = [];
  const had: Array<number | null> = [];
  for (const s of slots) {
    xs.push((s.weekday - 1) * 24 + Number(s.start.slice(0, 2)) + (s.start.slice(3) === "30" ? 0.5 : 0));
    need.push(s.note ? null : s.agents);
    had.push(s.scheduled);
  }
  const el = h("div", { class: "chart" });
  wrap.appendChild(el);
  const stepped = UPlot.paths.stepped!; // part of uPlot.iife.min.js (the full build)
  chart = new UPlot(
    {
      width: Math.max(480, box.clientWidth || 900),
      height: 200,
      scales: { x: { time: false } },
      axes: [
        { space: 60, incrs: [24], values: (_u, vals) => vals.map((v) => DAYS[Math.floor(v / 24) + 1] || "") },
        { size: 40, values: (_u, vals) => vals.map((v) => v + "人") },
      ],
      series: [
        { label: "时段", value: (_u, v) => (v === null ? "—" : DAYS[Math.floor(v / 24) + 1] + " " + String(Math.floor(v % 24)).padStart(2, "0") + (v % 1 ? ":30" : ":00")) },
        { label: "所需客服", stroke: "#3370ff", width: 2, paths: stepped({ align: 1 }), points: { show: false } },
        { label: "实际在岗", stroke: "#2ea121", width: 2, dash: [4, 3], paths: stepped({ align: 1 }), points: { show: false } },
      ],
    },
    [xs, need, had],
    el,
  );
}

const PLATFORM_NAME = FR.PLATFORM;
function fig(x: { numerator: number; denominator: number; rate: number | null }): string {
  return x.numerator + " / " + x.denominator + "（" + FR.pct(x.rate) + "）";
}
/** penalty ids in Chinese, from the server's table (labels.ts PENALTY_LABELS) */
function penalties(list: string[]): string {
  const names: Record<string, string | undefined> = FR.L.penalties;
  return list.map((p) => names[p] || p).join("、");
}

/** the `whatif` replay on the stored history: GET /api/plan/whatif (docs/planning.md) */
async function replay(): Promise<void> {
  const box = FR.clear($("#whatif-result"));
  shop = $<HTMLSelectElement>("#shop").value || shop;
  box.appendChild(h("p", { class: "muted", text: "回放中…" }));
  let r: WhatIfAnswer;
  try {
    r = await FR.api<WhatIfAnswer>(token, "GET", "/api/plan/whatif?" + new URLSearchParams({ shop, days: input("#whatif-days").value }).toString());
  } catch (e) {
    FR.clear(box).appendChild(h("p", { class: "error", text: "无法回放：" + (e as Error).message }));
    return;
  }
  FR.clear(box);
  box.appendChild(h("p", { class: "muted", text: r.from + " 至 " + r.to + "：重放 " + r.decisions + " 条买家消息，机器人会回复 " + r.answeredTotal + " 条。人工回复一条不删，只加上机器人的回复，再用同一考核引擎重算。" }));
  const rows = r.results.map((x) => {
    const pen: string[] = [];
    if (x.penaltiesAvoided.length) pen.push("避免：" + penalties(x.penaltiesAvoided));
    if (x.penaltiesIncurred.length) pen.push("新增：" + penalties(x.penaltiesIncurred));
    if (!pen.length && x.actual.penalties.length) pen.push("仍有：" + penalties(x.actual.penalties));
    return h(
      "tr",
      { dataset: { rule: x.rule, day: x.from } },
      h("td", { text: FR.L.rules[x.rule] || x.rule }),
      h("td", { text: x.from === x.to ? x.from : x.from + " 至 " + x.to }),
      h("td", { class: "num whatif-actual", text: fig(x.actual) }),
      h("td", { class: "num whatif-bot", text: fig(x.withBot) }),
      h("td", { text: pen.join("；") || "—" }),
    );
  });
  box.appendChild(
    h(
      "table",
      { class: "whatif-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["规则", "日期", "实际", "开启机器人", "处罚"].map((t) => h("th", { text: t })),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
  for (const n of r.noChange) {
    const why =
      n.platform === "taobao" ? "淘宝只把点小蜜、乐言、晓微、晓多等辅助模式机器人的回复计入考核，本店机器人不在其中，回放不改变任何数字。" : PLATFORM_NAME[n.platform] + "的考核只计人工回复，机器人会把每条消息转给人工，回放不改变任何数字。";
    box.appendChild(h("p", { class: "muted whatif-nochange", dataset: { platform: n.platform }, title: n.reason, text: (PLATFORM_NAME[n.platform] || n.platform) + "无变化：" + why }));
  }
  if (r.answered.length) {
    box.appendChild(h("h3", { text: "机器人会回复的消息（最新 " + r.answered.length + " 条，供核对）" }));
    box.appendChild(
      h(
        "ul",
        { class: "whatif-answered" },
        r.answered.map((a) => h("li", { text: FR.dayTime(a.at) + " " + (PLATFORM_NAME[a.platform] || "") + " " + a.conversation + "：“" + (a.text || "") + "” → " + a.answer })),
      ),
    );
  }
}

$("#plan-form").addEventListener("submit", (e) => {
  e.preventDefault();
  run();
});
$("#whatif-form").addEventListener("submit", (e) => {
  e.preventDefault();
  replay();
});
window.FRPlan = { open };
