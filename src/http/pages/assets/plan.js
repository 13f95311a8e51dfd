// 排班建议 tab of the dashboard: the staffing forecast of the shop's stored history, agents per
// weekday and half hour as a grid, and a chart of agents needed against agents scheduled (measured
// at work from the stored events). Talks to GET /api/plan/forecast (docs/planning.md).
(function () {
  "use strict";
  var FR = window.FR, $ = FR.$, h = FR.h;
  var token = null, shop = null, chart = null;
  var RULES = [["kuaishou.shop-5min", "快手 店铺5分钟回复率"], ["douyin.manual-3min", "抖音 3分钟人工回复率"], ["taobao.rounds-3min", "淘宝 旺旺3分钟响应率"], ["taobao.daily-3min", "淘宝 3分钟客服响应率"]];
  var DAYS = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];
  var NOTE = { "no data": "无历史数据", "outside the rule's window": "不在考核时段", "no arrivals": "无咨询" };

  function open(t, s) {
    token = t;
    shop = s;
    var sel = $("#plan-rule");
    if (!sel.options.length) RULES.forEach(function (r) { sel.appendChild(h("option", { value: r[0], text: r[1] })); });
  }

  async function run() {
    var box = FR.clear($("#plan-result"));
    shop = $("#shop").value || shop; // the shop selected now, not when the tab was opened
    var p = new URLSearchParams({ shop: shop, rule: $("#plan-rule").value, target: $("#plan-target").value, concurrency: $("#plan-concurrency").value, peakFactor: $("#plan-peak").value, model: $("#plan-model").value });
    box.appendChild(h("p", { class: "muted", text: "计算中…" }));
    var f;
    try { f = await FR.api(token, "GET", "/api/plan/forecast?" + p.toString()); } catch (e) { FR.clear(box).appendChild(h("p", { class: "error", text: "无法计算：" + e.message })); return; }
    FR.clear(box);
    var planned = f.slots.filter(function (s) { return s.agents !== null && s.note === null; });
    if (!planned.length) { box.appendChild(h("p", { class: "empty", text: "没有可排班的时段：历史中没有该平台考核时段内的咨询。" })); return; }
    var max = Math.max.apply(null, planned.map(function (s) { return s.agents; }));
    box.appendChild(h("p", { class: "muted", text: "每格为保持 " + FR.pct(f.target) + " 所需的最少在线客服数（每人同时接待 " + $("#plan-concurrency").value + " 个会话）；最多 " + max + " 人。" }));
    var starts = [];
    for (var i = 0; i < 48; i++) starts.push(String(Math.floor(i / 2)).padStart(2, "0") + ":" + (i % 2 ? "30" : "00"));
    var head = h("tr", {}, h("th", { class: "day" }), starts.map(function (s, i) { return h("th", { text: i % 2 ? "" : s.slice(0, 2) }); }));
    var rows = [];
    for (var d = 1; d <= 7; d++) {
      rows.push(h("tr", {}, h("th", { class: "day", text: DAYS[d] }), f.slots.filter(function (s) { return s.weekday === d; }).map(function (s) {
        var a = s.agents ? 0.15 + 0.85 * (s.agents / max) : 0;
        var tip = DAYS[d] + " " + s.start + "：" + (s.note ? NOTE[s.note] || s.note : s.agents + " 人，预计回复率 " + FR.pct(s.expectedRate) + "，每小时 " + s.arrivalsPerHour + " 个咨询，机器人解决 " + FR.pct(s.botShare));
        return h("td", { title: tip, dataset: { agents: s.agents === null ? "" : String(s.agents) }, style: "background:" + (a ? "rgba(51,112,255," + a.toFixed(2) + ")" : "#f0f1f3") + ";color:" + (a > 0.55 ? "#fff" : "#646a73"), text: s.agents ? String(s.agents) : "" });
      })));
    }
    box.appendChild(h("table", { class: "heatmap plan-grid" }, h("thead", {}, head), h("tbody", {}, rows)));
    drawStaffing(box, f.slots);
  }

  /** needed vs scheduled over the week, one point per half hour (x = hours since Monday 00:00) */
  function drawStaffing(box, slots) {
    if (chart) { chart.destroy(); chart = null; }
    var sum = slots.reduce(function (a, s) { return a + (s.scheduled || 0); }, 0);
    var wrap = h("div", { class: "plan-staffing" }, h("h3", { text: "所需客服 与 实际在岗客服（每半小时）" }),
      h("p", { class: "muted", text: "实际在岗：该时段内有人工回复或被分配会话的客服人数，按历史中该星期几的天数取平均；在线但没有接待的客服不计入。" }));
    box.appendChild(wrap);
    if (!sum) wrap.appendChild(h("p", { class: "empty plan-staffing-empty", text: "历史中没有客服人工回复或分配记录，无法统计实际在岗人数。" }));
    if (!window.uPlot) return;
    var xs = [], need = [], had = [];
    slots.forEach(function (s) {
      xs.push((s.weekday - 1) * 24 + Number(s.start.slice(0, 2)) + (s.start.slice(3) === "30" ? 0.5 : 0));
      need.push(s.note ? null : s.agents);
      had.push(s.scheduled);
    });
    var el = h("div", { class: "chart" });
    wrap.appendChild(el);
    chart = new window.uPlot({
      width: Math.max(480, box.clientWidth || 900), height: 200, scales: { x: { time: false } },
      axes: [{ space: 60, incrs: [24], values: function (u, vals) { return vals.map(function (v) { return DAYS[Math.floor(v / 24) + 1] || ""; }); } },
        { size: 40, values: function (u, vals) { return vals.map(function (v) { return v + "人"; }); } }],
      series: [{ label: "时段", value: function (u, v) { return v === null ? "—" : DAYS[Math.floor(v / 24) + 1] + " " + String(Math.floor(v % 24)).padStart(2, "0") + (v % 1 ? ":30" : ":00"); } },
        { label: "所需客服", stroke: "#3370ff", width: 2, paths: window.uPlot.paths.stepped({ align: 1 }), points: { show: false } },
        { label: "实际在岗", stroke: "#2ea121", width: 2, dash: [4, 3], paths: window.uPlot.paths.stepped({ align: 1 }), points: { show: false } }],
    }, [xs, need, had], el);
  }

  $("#plan-form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  window.FRPlan = { open: open };
})();
