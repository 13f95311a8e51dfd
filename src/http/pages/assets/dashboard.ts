// Admin dashboard (/dashboard): per shop and rule today's and 30-day rates with lights, 30-day
// charts (uPlot, served locally), late-message heatmap, chats at risk, agents, late items, and
// the FAQ editor with a "try a question" box. Live: SSE "changed" → refetch. See docs/ui.md.
import type uPlot from "uplot";
import type { CardKind } from "../../../core/message-content.js";
import type { DashboardAnswer, DashboardLateItem, DashboardRule, OutboxAnswer, OutboxItem, ShopsAnswer, TryAnswer } from "../../contracts/answers.js";
import { table, withShop } from "../client/dashboard-kit.js";
import type { ApiFailure, StreamState } from "./common.js";

type Tab = "figures" | "faq" | "bot" | "plan" | "agents";

const FR = window.FR;
const { $, h } = FR;
const store = FR.tokenStore("fr.adminToken");
// rule ids and names from the server (core/rules/presets.ts via labels.js)
const RULES: Record<string, string | undefined> = FR.L.rules;
// penalty names from the server (labels.ts PENALTY_LABELS)
const PENALTY: Record<string, string | undefined> = FR.L.penalties;
let token = "";
let shops: ShopsAnswer["shops"] = [];
let shopId = "";
let ruleId = "";
let lateDay = "";
let data: DashboardAnswer | null = null;
let stream: { stop(): void } | null = null;
let charts: uPlot[] = [];
let offset = 0;
let loadTimer: ReturnType<typeof setTimeout> | null = null;
let loading = 0;
let riskOffset = 0;
let failed: OutboxItem[] = [];
const params = new URLSearchParams(location.search);

function showLogin(msg?: string): void {
  $("#app").hidden = true;
  $("#login").hidden = false;
  $("#login-error").textContent = msg || "";
  $("#token").focus();
}
const q = (path: string) => withShop(path, shopId);

async function start(): Promise<void> {
  token = store.get() ?? "";
  if (!token) return showLogin();
  try {
    shops = (await FR.api<ShopsAnswer>(token, "GET", "/api/dashboard/shops")).shops;
  } catch (e) {
    if ((e as ApiFailure).status === 401) {
      store.clear();
      return showLogin("令牌无效，请重新输入。");
    }
    return showLogin((e as Error).message);
  }
  $("#login").hidden = true;
  $("#app").hidden = false;
  shopId = params.get("shop") || (shops[0]?.id ?? "");
  ruleId = params.get("rule") || "";
  const sel = FR.clear($<HTMLSelectElement>("#shop"));
  for (const s of shops) sel.appendChild(h("option", { value: s.id, text: s.name + "（" + s.id + "）" }));
  if (!shops.some((s) => s.id === shopId)) sel.appendChild(h("option", { value: shopId, text: "未知店铺（" + shopId + "）" }));
  sel.value = shopId;
  const rs = FR.clear($<HTMLSelectElement>("#rule"));
  rs.appendChild(h("option", { value: "", text: "本店全部规则" }));
  for (const [id, name] of Object.entries(RULES)) rs.appendChild(h("option", { value: id, text: name + "（" + id + "）" }));
  if (ruleId && !Object.keys(RULES).includes(ruleId)) rs.appendChild(h("option", { value: ruleId, text: "未知规则（" + ruleId + "）" }));
  rs.value = ruleId;
  const tab = params.get("tab");
  if (tab === "faq" || tab === "bot" || tab === "agents") showTab(tab);
  connect();
  load();
}

function connect(): void {
  if (stream) stream.stop();
  // the live feed's deltas (chats and a count of new events) mean the figures moved: refetch.
  // So does a snapshot: it comes when the stream (re)connects, and whatever changed between
  // our last fetch and then (a buyer message while the page opened, or while the server was
  // restarting) reaches no delta: without a refetch the cards stayed stale until the next one
  stream = FR.stream(
    q("/api/admin/dashboard/events"),
    token,
    (ev) => {
      if (ev === "delta" || ev === "chats") scheduleLoad();
    },
    (s: StreamState) => {
      const el = $("#live");
      el.className = "live " + (s === "live" ? "on" : "off");
      el.textContent = s === "live" ? "实时" : s === "forbidden" ? "无权访问" : s === "unauthorized" ? "令牌失效" : "重连中…";
      if (s === "unauthorized") {
        store.clear();
        showLogin("令牌已失效，请重新登录。");
      }
    },
  );
}
/** at most one refetch per half second however fast the deltas come (5 buyer messages/s on a busy night) */
function scheduleLoad(): void {
  if (loadTimer) return;
  loadTimer = setTimeout(() => {
    loadTimer = null;
    load();
  }, 500);
}
function syncUrl(): void {
  const p = new URLSearchParams();
  p.set("shop", shopId);
  if (ruleId) p.set("rule", ruleId);
  if (!$("#panel-faq").hidden) p.set("tab", "faq");
  if (!$("#panel-bot").hidden) p.set("tab", "bot");
  if (!$("#panel-agents").hidden) p.set("tab", "agents");
  history.replaceState(null, "", "/dashboard?" + p.toString());
}

async function load(): Promise<void> {
  const seq = ++loading;
  syncUrl();
  const path = "/api/admin/dashboard";
  const extra: string[] = [];
  if (ruleId) extra.push("rule=" + encodeURIComponent(ruleId));
  if (lateDay) extra.push("day=" + encodeURIComponent(lateDay));
  if (riskOffset) extra.push("riskOffset=" + riskOffset);
  try {
    const [figures, outbox] = await Promise.all([FR.api<DashboardAnswer>(token, "GET", q(path + (extra.length ? "?" + extra.join("&") : ""))), FR.api<OutboxAnswer>(token, "GET", q("/api/admin/outbox?status=failed"))]);
    if (seq !== loading) return;
    data = figures;
    failed = outbox.items;
    $("#dash-error").textContent = "";
    render(figures);
    // figures not yet folded (a burst the storage worker is still folding): ask again shortly,
    // since the fold itself sends no live delta
    if (figures.freshness && !figures.freshness.upToDate) setTimeout(scheduleLoad, 1000);
  } catch (e) {
    if (seq !== loading) return;
    data = null;
    const err = e as ApiFailure;
    const msg = err.status === 403 ? "无权访问店铺“" + shopId + "”，或该店铺不存在。请在上方选择店铺。" : err.status === 400 ? "参数有误：" + err.message : "加载失败：" + err.message;
    $("#dash-error").textContent = msg;
    renderEmpty(msg);
  }
  document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);
}

// ---- figures ---------------------------------------------------------------------------
function destroyCharts(): void {
  for (const c of charts) c.destroy();
  charts = [];
}

function renderEmpty(msg: string): void {
  destroyCharts();
  FR.clear($("#cards"));
  $("#cards-empty").hidden = false;
  $("#cards-empty").textContent = msg;
  for (const s of ["#at-risk", "#agents", "#heatmap", "#late-list"]) FR.clear($(s)).appendChild(h("p", { class: "empty", text: "—" }));
}

function limitsText(r: DashboardRule): string {
  const parts: string[] = [];
  for (const f of r.floors) parts.push("底线 " + Math.round(f.below * 100) + "%" + (f.minItems ? "（≥" + f.minItems + "项）" : ""));
  for (const t of r.targets) parts.push(t.label + " " + Math.round(t.rate * 100) + "%");
  if (r.grades.length) parts.push("等级 " + r.grades.map((g) => g.label + "≥" + Math.round(g.min * 100) + "%").join(" / "));
  if (r.minSample) parts.push("少于 " + r.minSample + " 项不考核");
  return parts.length ? parts.join(" · ") : "无底线（仅展示）";
}

function card(r: DashboardRule): { el: HTMLElement; chart: HTMLElement } {
  const official = r.periodDays <= 1 ? r.today : r.last30;
  const chips: HTMLElement[] = [];
  if (r.penaltiesAtRisk.length) for (const f of r.penaltiesAtRisk) chips.push(h("span", { class: "chip red", text: "⚠ " + (PENALTY[f.penalty] || f.penalty) }));
  else if (official.rate === null) chips.push(h("span", { class: "chip grey", text: "暂无数据" }));
  else chips.push(h("span", { class: "chip green", text: "无处罚风险" }));
  if (official.rate !== null && !official.assessed) chips.push(h("span", { class: "chip amber", text: "样本不足，未考核" }));
  // still inside their time: not late, not counted yet, never red
  if (r.pendingToday) chips.push(h("span", { class: "chip grey pending-today", title: "买家消息尚未回复，但还没到时限：既不算及时也不算迟回", text: "待回复（未到时限）" + r.pendingToday }));
  if (official.grade) chips.push(h("span", { class: "chip " + r.status, text: "等级：" + official.grade }));
  const chart = h("div", { class: "chart" });
  const el = h(
    "div",
    { class: "card status-" + r.status, dataset: { rule: r.rule, status: r.status } },
    h("h3", {}, FR.platformBadge(r.platform), " ", r.name, " ", h("span", { class: "muted", text: r.rule })),
    h(
      "div",
      { class: "figures" },
      h(
        "div",
        {},
        h("div", { class: "sub", text: "今日" }),
        h("div", { class: "big today-rate " + r.today.status, text: FR.pct(r.today.rate) }),
        h("div", { class: "sub today-count", text: r.today.numerator + " / " + r.today.denominator }),
      ),
      h(
        "div",
        {},
        h("div", { class: "sub", text: "近30天" }),
        h("div", { class: "big last30-rate " + r.last30.status, style: "font-size:20px", text: FR.pct(r.last30.rate) }),
        h("div", { class: "sub", text: r.last30.numerator + " / " + r.last30.denominator }),
      ),
    ),
    h("div", { class: "sub", text: limitsText(r) + (r.periodDays > 1 ? " · 平台按30天滚动考核" : " · 平台按自然日考核") }),
    h("div", {}, chips),
    chart,
  );
  return { el, chart };
}

function drawChart(target: HTMLElement, r: DashboardRule): void {
  const UPlot = window.uPlot;
  if (!UPlot) return;
  const xs: number[] = [];
  const ys: Array<number | null> = [];
  const floor: Array<number | null> = [];
  const target2: Array<number | null> = [];
  const floorRate = r.floors.length ? Math.max(...r.floors.map((f) => f.below)) : null;
  const targetRate = r.targets.length ? Math.max(...r.targets.map((t) => t.rate)) : r.grades.length ? Math.max(...r.grades.map((g) => g.min)) : null;
  for (const d of r.days) {
    xs.push(Date.parse(d.day + "T12:00:00+08:00") / 1000);
    ys.push(d.rate === null ? null : Math.round(d.rate * 1000) / 10);
    floor.push(floorRate === null ? null : floorRate * 100);
    target2.push(targetRate === null ? null : targetRate * 100);
  }
  const width = Math.max(240, target.clientWidth || 300);
  const u = new UPlot(
    {
      width,
      height: 130,
      legend: { show: false },
      scales: { y: { range: [0, 100] } },
      axes: [
        {
          space: 50,
          values: (_u, vals) =>
            vals.map((v) => {
              const d = new Date(v * 1000 + 8 * 3600e3);
              return d.getUTCMonth() + 1 + "/" + d.getUTCDate();
            }),
        },
        { size: 52, values: (_u, vals) => vals.map((v) => v + "%") },
      ],
      series: [
        {},
        { label: "回复率", stroke: "#2456d6", width: 2, points: { size: 5 }, spanGaps: false },
        { label: "底线", stroke: "#d83931", dash: [4, 4], width: 1, points: { show: false } },
        { label: "目标", stroke: "#2ea121", dash: [2, 4], width: 1, points: { show: false } },
      ],
    },
    [xs, ys, floor, target2],
    target,
  );
  charts.push(u);
}

function render(d: DashboardAnswer): void {
  $("#who").textContent = d.shop.name;
  $("#asof").textContent = "数据截至 " + FR.dayTime(d.now) + "（北京时间）";
  offset = Date.parse(d.now) - Date.now();
  destroyCharts();
  const cards = FR.clear($("#cards"));
  const pending: Array<[HTMLElement, DashboardRule]> = [];
  for (const r of d.rules) {
    const c = card(r);
    cards.appendChild(c.el);
    pending.push([c.chart, r]);
  }
  for (const [chart, r] of pending) drawChart(chart, r);
  const anyData = d.rules.some((r) => r.last30.denominator > 0);
  $("#cards-empty").hidden = anyData && d.rules.length > 0;
  $("#cards-empty").textContent = d.rules.length ? "暂无数据：最近 30 天该店铺在这些规则下还没有考核项。" : "该店铺没有配置平台。";
  renderQueue(d);
  renderAtRisk(d);
  renderFailed();
  renderAgents(d);
  renderHeatmap(d);
  renderLate(d);
}

function waitText(sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return "—";
  return sec >= 3600 ? Math.floor(sec / 3600) + "小时" + Math.floor((sec % 3600) / 60) + "分" : Math.floor(sec / 60) + "分" + (sec % 60) + "秒";
}
/** agents by name, not id ("小美", not "a1"); the id only for an agent the shop no longer lists */
function agentName(id: string | null | undefined): string {
  if (!id) return "—";
  return data?.agents.find((a) => a.id === id)?.name ?? id;
}
function renderQueue(d: DashboardAnswer): void {
  const Q = d.queue;
  const box = FR.clear($("#queue-now"));
  box.appendChild(h("span", { class: "q-item" }, "排队等待 ", h("b", { class: "q-waiting", text: String(Q.waiting) })));
  box.appendChild(h("span", { class: "q-item" }, "未回复会话 ", h("b", { class: "q-open", text: String(Q.open) })));
  box.appendChild(
    h(
      "span",
      { class: "q-item" },
      "最长等待 ",
      h("b", { class: "q-longest", text: waitText(Q.longestWaitSeconds) }),
      Q.longestWaitChat ? h("span", { class: "muted", text: "（" + (FR.PLATFORM[Q.longestWaitChat.platform] || "") + " " + Q.longestWaitChat.conversation + "）" }) : null,
    ),
  );
  box.appendChild(h("span", { class: "q-item" }, "投递失败 ", h("b", { class: "q-failed " + (failed.length ? "red" : ""), text: String(failed.length) })));
}
const CARD_NAME: Record<CardKind, string> = { order: "订单卡片", goods: "商品卡片", logistics: "物流卡片" };
/** what a failed reply said: its text, else the image or cards it carried (list-outbox.ts) */
function sentText(f: OutboxItem): string {
  if (f.text) return f.text;
  const parts: string[] = [];
  if (f.image) parts.push("［图片］" + f.image.url);
  for (const c of f.cards || []) parts.push("［" + (CARD_NAME[c.kind] || "卡片") + "］" + c.rows.map((r) => r[0] + " " + r[1]).join(" · "));
  return parts.join(" ") || "—";
}
function renderFailed(): void {
  $("#failed-count").textContent = failed.length ? "（" + failed.length + "）" : "";
  const reasons: Record<string, string | undefined> = FR.L.deliveryFailures || {};
  const rows = failed.map((f) =>
    h(
      "tr",
      { dataset: { outbox: String(f.id) } },
      h("td", { text: FR.dayTime(f.createdAt) }),
      h("td", {}, FR.platformBadge(f.destination)),
      h("td", { text: f.conversation || "—" }),
      h("td", { class: "clip", title: sentText(f), text: sentText(f) }),
      h("td", { class: "fail-reason", text: (f.reason && reasons[f.reason]) || "发送失败" }),
      h("td", { class: "num", text: String(f.attempts) }),
      h("td", {}, h("button", { type: "button", class: "retry", onclick: (e: MouseEvent) => retry(f.id, e.target as HTMLButtonElement), text: "重试" })),
    ),
  );
  FR.clear($("#failed")).appendChild(table(["时间", "平台", "会话", "内容", "原因", "#已尝试", ""], rows, "没有投递失败的回复"));
}
async function retry(id: number, btn: HTMLButtonElement): Promise<void> {
  btn.disabled = true;
  try {
    await FR.api(token, "POST", q("/api/admin/outbox/" + id + "/retry"));
    btn.textContent = "已重新排队";
    scheduleLoad();
  } catch (e) {
    btn.disabled = false;
    $("#dash-error").textContent = "重试失败：" + (e as Error).message;
  }
}
function renderAtRisk(d: DashboardAnswer): void {
  const total = d.atRiskTotal;
  const from = d.atRiskOffset;
  $("#at-risk-total").textContent = "共 " + total + " 个";
  $("#at-risk-pager").hidden = total <= d.atRisk.length && from === 0;
  $("#risk-range").textContent = total ? "第 " + (from + 1) + "–" + (from + d.atRisk.length) + " 个" : "";
  $<HTMLButtonElement>("#risk-prev").disabled = from === 0;
  $<HTMLButtonElement>("#risk-next").disabled = from + d.atRisk.length >= total;
  const rows = d.atRisk.map((c) =>
    h(
      "tr",
      { dataset: { chat: String(c.id) } },
      h("td", {}, FR.platformBadge(c.platform)),
      h("td", { text: c.conversation }),
      h("td", { text: c.status === "waiting" ? "排队中" : "接待中" }),
      h("td", { text: agentName(c.agent) }),
      h("td", { text: FR.clock(c.deadlineAt) + (c.clockRuns ? "" : "（不计时）") }),
      h("td", { class: "num" }, h("span", { class: "countdown", dataset: { deadline: c.deadlineAt || "", runs: c.clockRuns ? "1" : "0", since: c.pendingSince || "" } })),
      h("td", { text: c.lastMessage || "" }),
    ),
  );
  FR.clear($("#at-risk")).appendChild(table(["平台", "会话", "状态", "客服", "截止", "#剩余", "最后消息"], rows, "当前没有待回复的会话"));
  tick();
}
function tick(): void {
  const now = Date.now() + offset;
  for (const el of FR.$$("#at-risk .countdown")) {
    if (!el.dataset.deadline) {
      el.textContent = "—";
      continue;
    }
    const dl = Date.parse(el.dataset.deadline);
    const left = (dl - now) / 1000;
    const limit = (dl - Date.parse(el.dataset.since || el.dataset.deadline)) / 1000 || 180;
    el.textContent = FR.countdownText(left);
    el.className = "countdown " + (el.dataset.runs !== "1" ? "idle" : left < 0 ? "late" : left <= Math.max(30, limit * 0.25) ? "danger" : left <= limit * 0.5 ? "warn" : "ok");
  }
}

function renderAgents(d: DashboardAnswer): void {
  const ruleNames: Record<string, string> = {};
  for (const a of d.agents) for (const r of a.rules) ruleNames[r.rule] = r.name;
  const ruleIds = Object.keys(ruleNames);
  const rows = d.agents.map((a) =>
    h(
      "tr",
      { dataset: { agent: a.id } },
      h("td", { text: a.name + "（" + a.id + "）" }),
      h("td", {}, h("span", { class: a.online ? "green" : "grey", text: a.online ? "● 在线" : "○ 离线" })),
      h("td", { class: "num", text: a.chats + " / " + a.maxConcurrent }),
      h("td", { class: "num", text: String(a.repliesToday) }),
      h("td", { class: "num", text: String(a.escalationsToday) }),
      ruleIds.map((id) => {
        const r = a.rules.find((x) => x.rule === id);
        return h("td", { class: "num " + (r ? r.today.status : ""), text: r ? FR.pct(r.today.rate) + "（" + r.today.numerator + "/" + r.today.denominator + "）" : "—" });
      }),
    ),
  );
  FR.clear($("#agents")).appendChild(table(["客服", "状态", "#接待/上限", "#今日回复", "#今日升级"].concat(ruleIds.map((id) => "#" + ruleNames[id] + "（今日）")), rows, "该店铺没有配置客服"));
}

function renderHeatmap(d: DashboardAnswer): void {
  const lb = d.lateByHour;
  const total = lb.byHour.reduce((a, b) => a + b, 0);
  $("#late-total").textContent = "共 " + total + " 项";
  const box = FR.clear($("#heatmap"));
  if (!total) {
    box.appendChild(h("p", { class: "empty", text: "最近 30 天没有迟回消息" }));
    return;
  }
  const days = lb.days.filter((day) => day.hours.some((n) => n > 0));
  const max = Math.max(...days.map((day) => Math.max(...day.hours)).concat(lb.byHour));
  function cell(n: number): HTMLTableCellElement {
    // at most 60 % red under dark text: the count stays ≥ 4.5:1 readable (WCAG AA) in every cell
    const a = n ? 0.12 + 0.48 * (n / max) : 0;
    return h("td", { title: n + " 项", style: "background:" + (n ? "rgba(216,57,49," + a.toFixed(2) + ")" : "#f0f1f3") + ";color:#1f2329", text: n ? String(n) : "" });
  }
  const head = h(
    "tr",
    {},
    h("th", { class: "day" }),
    Array.from({ length: 24 }, (_, i) => h("th", { text: String(i) })),
  );
  const rows = [h("tr", {}, h("th", { class: "day", text: "30天合计" }), lb.byHour.map(cell))];
  for (const day of days.slice().reverse()) rows.push(h("tr", {}, h("th", { class: "day", text: day.day.slice(5) }), day.hours.map(cell)));
  box.appendChild(h("table", { class: "heatmap" }, h("thead", {}, head), h("tbody", {}, rows)));
}

function lateReason(it: DashboardLateItem, day: string, today: string): string {
  // items still inside their time are not listed (the server counts them as data.late.pending)
  if (!it.reply && day === today) return "已超时，尚未回复";
  if (!it.reply) return "当天未回复" + (it.reasonText ? "（" + it.reasonText + "）" : "");
  return it.reasonText || "超过时限";
}
function replyText(it: DashboardLateItem): string {
  if (!it.reply) return "未回复";
  return FR.clock(it.reply.at) + " " + (it.reply.from === "bot" ? "机器人 " + (it.reply.bot || "") : "客服 " + (it.reply.agent ? agentName(it.reply.agent) : ""));
}
function renderLate(d: DashboardAnswer): void {
  const L = d.late;
  if (!lateDay) $<HTMLInputElement>("#late-day").value = L.day;
  const rows = L.items.map((it) =>
    h(
      "tr",
      {},
      h("td", { title: it.rule, text: RULES[it.rule] || it.rule }),
      h("td", {}, FR.platformBadge(it.platform)),
      h("td", { text: it.conversation }),
      h("td", { text: agentName(it.agent) }),
      h("td", { text: FR.clock(it.start) }),
      h("td", { text: FR.clock(it.clockFrom) }),
      h("td", { text: replyText(it) }),
      h("td", { class: "num", text: it.seconds === null ? "—" : it.seconds + "s" + (it.limitSeconds ? " / " + it.limitSeconds + "s" : "") }),
      h("td", { text: lateReason(it, L.day, d.today) }),
    ),
  );
  const box = FR.clear($("#late-list"));
  box.appendChild(table(["规则", "平台", "会话", "客服", "开始", "计时起点", "回复", "#用时", "说明"], rows, L.day + " 没有迟回消息"));
  if (L.total > L.items.length) box.appendChild(h("p", { class: "muted", text: "仅显示前 " + L.items.length + " 项，共 " + L.total + " 项" }));
  if (L.pending) box.appendChild(h("p", { class: "muted late-pending", text: "另有 " + L.pending + " 条消息待回复（未到时限），不计为迟回。" }));
}

// ---- tabs ------------------------------------------------------------------------------
function showTab(name: Tab): void {
  for (const b of FR.$$(".tabs button")) b.setAttribute("aria-selected", String(b.dataset.tab === name));
  $("#panel-figures").hidden = name !== "figures";
  $("#panel-faq").hidden = name !== "faq";
  $("#panel-bot").hidden = name !== "bot";
  $("#panel-plan").hidden = name !== "plan";
  $("#panel-agents").hidden = name !== "agents";
  if (name === "agents" && window.FRAgents) window.FRAgents.open(token, shopId);
  if (name === "agents" && window.FRAttention) window.FRAttention.open(token, shopId);
  if (name === "plan" && window.FRPlan) window.FRPlan.open(token, shopId);
  if (shopId) syncUrl();
  if (name === "faq" && window.FRFaq) window.FRFaq.open(token, shopId);
  if (name === "faq") shopPhrases().load();
  if (name === "bot" && window.FRBot) window.FRBot.open(token, shopId);
  // back on the figures: drawn at once from what is loaded, then read again, because what the
  // other tabs change (an agent added, disabled or renamed in 客服管理) stores no event, so the
  // live feed would not refetch and the 客服 table would miss that agent until a reload
  if (name === "figures")
    setTimeout(() => {
      if (data) {
        render(data);
        load();
      }
    }, 0);
}

/** the shop's 快捷短语 (FAQ tab): the shared list + form of phrase-manager.ts on /api/admin/phrases */
let phrases: { load(): Promise<void> } | null = null;
function shopPhrases(): { load(): Promise<void> } {
  phrases = phrases || FR.phraseManager($("#shop-phrases"), { scope: "shop", token: () => token, path: (p) => q("/api/admin" + p) });
  return phrases;
}

// ---- try a question ----------------------------------------------------------------------
async function tryQuestion(text: string): Promise<void> {
  const box = FR.clear($("#try-result"));
  if (!text.trim()) {
    box.appendChild(h("p", { class: "error", text: "请输入一个问题" }));
    return;
  }
  let r: TryAnswer;
  try {
    r = await FR.api<TryAnswer>(token, "POST", q("/api/admin/dashboard/try"), { text });
  } catch (e) {
    box.appendChild(h("p", { class: "error", text: (e as Error).message }));
    return;
  }
  box.appendChild(
    h(
      "p",
      {},
      "归一化文本：",
      h("span", { class: "normalized", text: r.normalized === null ? "（本店没有 FAQ）" : r.normalized || "（空）" }),
      r.faq ? h("span", { class: "muted", text: "  阈值 " + r.faq.threshold + " · 版本 " + r.faq.version }) : null,
    ),
  );
  const first = r.platforms[0];
  box.appendChild(h("h3", { text: "最相近的条目" }));
  box.appendChild(
    table(
      ["条目", "标准问题", "#得分"],
      (first?.matches ?? []).map((m, i) => h("tr", { class: i === 0 && first?.confident ? "green" : "" }, h("td", { text: m.id }), h("td", { text: m.question }), h("td", { class: "num", text: m.score.toFixed(3) }))),
      "没有相似条目",
    ),
  );
  box.appendChild(h("h3", { text: "各平台是否自动回复" }));
  box.appendChild(
    table(
      ["平台", "自动回复", "说明", "答案"],
      r.platforms.map((p) =>
        h(
          "tr",
          { dataset: { platform: p.platform, auto: p.autoAnswer ? "yes" : "no" } },
          h("td", {}, FR.platformBadge(p.platform), p.enabled ? "" : h("span", { class: "muted", text: "（本店未开通）" })),
          h("td", { class: p.autoAnswer ? "green" : "amber", text: p.autoAnswer ? "是" : "否" + (p.sendInstant ? "（另即时发送，不计入）" : "") }),
          h("td", { text: FR.reasonLabel(p.reason) }),
          h("td", { text: p.answer || "—" }),
        ),
      ),
      "",
    ),
  );
}

// ---- wiring --------------------------------------------------------------------------------
FR.onLogin(store, "请输入管理员令牌", start);
$("#logout").addEventListener("click", () => {
  if (stream) stream.stop();
  store.clear();
  location.reload();
});
$<HTMLSelectElement>("#shop").addEventListener("change", (e) => {
  shopId = (e.target as HTMLSelectElement).value;
  lateDay = "";
  connect();
  load();
  if (!$("#panel-faq").hidden) {
    if (window.FRFaq) window.FRFaq.open(token, shopId);
    shopPhrases().load();
  }
  if (!$("#panel-bot").hidden && window.FRBot) window.FRBot.open(token, shopId);
  if (!$("#panel-agents").hidden && window.FRAgents) window.FRAgents.open(token, shopId);
});
$("#rule").addEventListener("change", (e) => {
  ruleId = (e.target as HTMLSelectElement).value;
  load();
});
$("#late-day").addEventListener("change", (e) => {
  lateDay = (e.target as HTMLInputElement).value;
  load();
});
$("#risk-prev").addEventListener("click", () => {
  riskOffset = Math.max(0, riskOffset - 100);
  load();
});
$("#risk-next").addEventListener("click", () => {
  riskOffset += 100;
  load();
});
for (const b of FR.$$(".tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab as Tab));
$("#try-form").addEventListener("submit", (e) => {
  e.preventDefault();
  tryQuestion($<HTMLInputElement>("#try-text").value);
});
setInterval(tick, 1000);
window.FRDash = { reload: load };
start();
