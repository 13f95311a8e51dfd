// Admin dashboard (/dashboard): per shop and rule today's and 30-day rates with lights, 30-day
// charts (uPlot, served locally), late-message heatmap, chats at risk, agents, late items, and
// the FAQ editor with a "try a question" box. Live: SSE "changed" → refetch. See docs/ui.md.
(function () {
  "use strict";
  var FR = window.FR, $ = FR.$, h = FR.h;
  var store = FR.tokenStore("fr.adminToken");
  // rule ids and names from the server (core/rules/presets.ts via labels.js)
  var RULES = Object.keys(FR.L.rules).map(function (id) { return [id, FR.L.rules[id]]; });
  var PENALTY = { "activities-barred": "不能参加平台活动", "fine-1000": "罚款1000元", "traffic-downweight": "次日流量降权", "star-deduction": "店铺星级扣分" };
  var token = null, shops = [], shopId = null, ruleId = "", lateDay = "", data = null, stream = null;
  var charts = [], offset = 0, loadTimer = null, loading = 0, riskOffset = 0, failed = [];
  var params = new URLSearchParams(location.search);

  function showLogin(msg) {
    $("#app").hidden = true;
    $("#login").hidden = false;
    $("#login-error").textContent = msg || "";
    $("#token").focus();
  }
  function q(path) { return path + (path.indexOf("?") < 0 ? "?" : "&") + "shop=" + encodeURIComponent(shopId); }

  async function start() {
    token = store.get();
    if (!token) return showLogin();
    try {
      shops = (await FR.api(token, "GET", "/api/dashboard/shops")).shops;
    } catch (e) {
      if (e.status === 401) { store.clear(); return showLogin("令牌无效，请重新输入。"); }
      return showLogin(e.message);
    }
    $("#login").hidden = true;
    $("#app").hidden = false;
    shopId = params.get("shop") || (shops[0] && shops[0].id);
    ruleId = params.get("rule") || "";
    var sel = FR.clear($("#shop"));
    shops.forEach(function (s) { sel.appendChild(h("option", { value: s.id, text: s.name + "（" + s.id + "）" })); });
    if (!shops.some(function (s) { return s.id === shopId; })) sel.appendChild(h("option", { value: shopId, text: "未知店铺（" + shopId + "）" }));
    sel.value = shopId;
    var rs = FR.clear($("#rule"));
    rs.appendChild(h("option", { value: "", text: "本店全部规则" }));
    RULES.forEach(function (r) { rs.appendChild(h("option", { value: r[0], text: r[1] + "（" + r[0] + "）" })); });
    if (ruleId && !RULES.some(function (r) { return r[0] === ruleId; })) rs.appendChild(h("option", { value: ruleId, text: "未知规则（" + ruleId + "）" }));
    rs.value = ruleId;
    if (["faq", "bot", "agents"].indexOf(params.get("tab")) >= 0) showTab(params.get("tab"));
    connect();
    load();
  }

  function connect() {
    if (stream) stream.stop();
    // the live feed's deltas (chats and a count of new events) mean the figures moved: refetch.
    // So does a snapshot: it comes when the stream (re)connects, and whatever changed between
    // our last fetch and then (a buyer message while the page opened, or while the server was
    // restarting) reaches no delta: without a refetch the cards stayed stale until the next one
    stream = FR.stream(q("/api/admin/dashboard/events"), token, function (ev) { if (ev === "delta" || ev === "chats") scheduleLoad(); }, function (s) {
      var el = $("#live");
      el.className = "live " + (s === "live" ? "on" : "off");
      el.textContent = s === "live" ? "实时" : s === "forbidden" ? "无权访问" : s === "unauthorized" ? "令牌失效" : "重连中…";
      if (s === "unauthorized") { store.clear(); showLogin("令牌已失效，请重新登录。"); }
    });
  }
  /** at most one refetch per half second however fast the deltas come (5 buyer messages/s on a busy night) */
  function scheduleLoad() { if (loadTimer) return; loadTimer = setTimeout(function () { loadTimer = null; load(); }, 500); }
  function syncUrl() {
    var p = new URLSearchParams();
    p.set("shop", shopId);
    if (ruleId) p.set("rule", ruleId);
    if (!$("#panel-faq").hidden) p.set("tab", "faq");
    if (!$("#panel-bot").hidden) p.set("tab", "bot");
    if (!$("#panel-agents").hidden) p.set("tab", "agents");
    history.replaceState(null, "", "/dashboard?" + p.toString());
  }

  async function load() {
    var seq = ++loading;
    syncUrl();
    var path = "/api/admin/dashboard";
    var extra = [];
    if (ruleId) extra.push("rule=" + encodeURIComponent(ruleId));
    if (lateDay) extra.push("day=" + encodeURIComponent(lateDay));
    if (riskOffset) extra.push("riskOffset=" + riskOffset);
    try {
      var both = await Promise.all([
        FR.api(token, "GET", q(path + (extra.length ? "?" + extra.join("&") : ""))),
        FR.api(token, "GET", q("/api/admin/outbox?status=failed")),
      ]);
      if (seq !== loading) return;
      data = both[0];
      failed = both[1].items;
      $("#dash-error").textContent = "";
      render();
      // figures not yet folded (a burst the storage worker is still folding): ask again shortly,
      // since the fold itself sends no live delta
      if (data.freshness && !data.freshness.upToDate) setTimeout(scheduleLoad, 1000);
    } catch (e) {
      if (seq !== loading) return;
      data = null;
      var msg = e.status === 403 ? "无权访问店铺“" + shopId + "”，或该店铺不存在。请在上方选择店铺。" : e.status === 400 ? "参数有误：" + e.message : "加载失败：" + e.message;
      $("#dash-error").textContent = msg;
      renderEmpty(msg);
    }
    document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);
  }

  // ---- figures ---------------------------------------------------------------------------
  function renderEmpty(msg) {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    FR.clear($("#cards"));
    $("#cards-empty").hidden = false;
    $("#cards-empty").textContent = msg;
    ["#at-risk", "#agents", "#heatmap", "#late-list"].forEach(function (s) { FR.clear($(s)).appendChild(h("p", { class: "empty", text: "—" })); });
  }

  function limitsText(r) {
    var parts = [];
    r.floors.forEach(function (f) { parts.push("底线 " + Math.round(f.below * 100) + "%" + (f.minItems ? "（≥" + f.minItems + "项）" : "")); });
    r.targets.forEach(function (t) { parts.push(t.label + " " + Math.round(t.rate * 100) + "%"); });
    if (r.grades.length) parts.push("等级 " + r.grades.map(function (g) { return g.label + "≥" + Math.round(g.min * 100) + "%"; }).join(" / "));
    if (r.minSample) parts.push("少于 " + r.minSample + " 项不考核");
    return parts.length ? parts.join(" · ") : "无底线（仅展示）";
  }

  function card(r) {
    var official = r.periodDays <= 1 ? r.today : r.last30;
    var chips = [];
    if (r.penaltiesAtRisk.length) r.penaltiesAtRisk.forEach(function (f) { chips.push(h("span", { class: "chip red", text: "⚠ " + (PENALTY[f.penalty] || f.penalty) })); });
    else if (official.rate === null) chips.push(h("span", { class: "chip grey", text: "暂无数据" }));
    else chips.push(h("span", { class: "chip green", text: "无处罚风险" }));
    if (official.rate !== null && !official.assessed) chips.push(h("span", { class: "chip amber", text: "样本不足，未考核" }));
    // still inside their time: not late, not counted yet, never red
    if (r.pendingToday) chips.push(h("span", { class: "chip grey pending-today", title: "买家消息尚未回复，但还没到时限：既不算及时也不算迟回", text: "待回复（未到时限）" + r.pendingToday }));
    if (official.grade) chips.push(h("span", { class: "chip " + r.status, text: "等级：" + official.grade }));
    var chart = h("div", { class: "chart" });
    var el = h("div", { class: "card status-" + r.status, dataset: { rule: r.rule, status: r.status } },
      h("h3", {}, FR.platformBadge(r.platform), " ", r.name, " ", h("span", { class: "muted", text: r.rule })),
      h("div", { class: "figures" },
        h("div", {}, h("div", { class: "sub", text: "今日" }), h("div", { class: "big today-rate " + r.today.status, text: FR.pct(r.today.rate) }),
          h("div", { class: "sub today-count", text: r.today.numerator + " / " + r.today.denominator })),
        h("div", {}, h("div", { class: "sub", text: "近30天" }), h("div", { class: "big last30-rate " + r.last30.status, style: "font-size:20px", text: FR.pct(r.last30.rate) }),
          h("div", { class: "sub", text: r.last30.numerator + " / " + r.last30.denominator }))),
      h("div", { class: "sub", text: limitsText(r) + (r.periodDays > 1 ? " · 平台按30天滚动考核" : " · 平台按自然日考核") }),
      h("div", {}, chips),
      chart);
    return { el: el, chart: chart };
  }

  function drawChart(target, r) {
    if (!window.uPlot) return;
    var xs = [], ys = [], floor = [], target2 = [];
    var floorRate = r.floors.length ? Math.max.apply(null, r.floors.map(function (f) { return f.below; })) : null;
    var targetRate = r.targets.length ? Math.max.apply(null, r.targets.map(function (t) { return t.rate; })) : r.grades.length ? Math.max.apply(null, r.grades.map(function (g) { return g.min; })) : null;
    r.days.forEach(function (d) {
      xs.push(Date.parse(d.day + "T12:00:00+08:00") / 1000);
      ys.push(d.rate === null ? null : Math.round(d.rate * 1000) / 10);
      floor.push(floorRate === null ? null : floorRate * 100);
      target2.push(targetRate === null ? null : targetRate * 100);
    });
    var width = Math.max(240, target.clientWidth || 300);
    var u = new window.uPlot({
      width: width, height: 130, legend: { show: false },
      scales: { y: { range: [0, 100] } },
      axes: [{ space: 50, values: function (u, vals) { return vals.map(function (v) { var d = new Date(v * 1000 + 8 * 3600e3); return d.getUTCMonth() + 1 + "/" + d.getUTCDate(); }); } },
        { size: 52, values: function (u, vals) { return vals.map(function (v) { return v + "%"; }); } }],
      series: [{}, { label: "回复率", stroke: "#2456d6", width: 2, points: { size: 5 }, spanGaps: false },
        { label: "底线", stroke: "#d83931", dash: [4, 4], width: 1, points: { show: false } },
        { label: "目标", stroke: "#2ea121", dash: [2, 4], width: 1, points: { show: false } }],
    }, [xs, ys, floor, target2], target);
    charts.push(u);
  }

  function render() {
    $("#who").textContent = data.shop.name;
    $("#asof").textContent = "数据截至 " + FR.dayTime(data.now) + "（北京时间）";
    offset = Date.parse(data.now) - Date.now();
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    var cards = FR.clear($("#cards"));
    var pending = [];
    data.rules.forEach(function (r) { var c = card(r); cards.appendChild(c.el); pending.push([c.chart, r]); });
    pending.forEach(function (p) { drawChart(p[0], p[1]); });
    var anyData = data.rules.some(function (r) { return r.last30.denominator > 0; });
    $("#cards-empty").hidden = anyData && data.rules.length > 0;
    $("#cards-empty").textContent = data.rules.length ? "暂无数据：最近 30 天该店铺在这些规则下还没有考核项。" : "该店铺没有配置平台。";
    renderQueue();
    renderAtRisk();
    renderFailed();
    renderAgents();
    renderHeatmap();
    renderLate();
  }

  function table(headers, rows, emptyText) {
    if (!rows.length) return h("p", { class: "empty", text: emptyText });
    return h("table", {}, h("thead", {}, h("tr", {}, headers.map(function (x) { return h("th", { class: x.charAt(0) === "#" ? "num" : "", text: x.replace(/^#/, "") }); }))),
      h("tbody", {}, rows));
  }

  function waitText(sec) {
    if (sec === null || sec === undefined) return "—";
    return sec >= 3600 ? Math.floor(sec / 3600) + "小时" + Math.floor((sec % 3600) / 60) + "分" : Math.floor(sec / 60) + "分" + (sec % 60) + "秒";
  }
  /** agents by name, not id ("小美", not "a1"); the id only for an agent the shop no longer lists */
  function agentName(id) {
    if (!id) return "—";
    for (var i = 0; i < data.agents.length; i++) if (data.agents[i].id === id) return data.agents[i].name;
    return id;
  }
  function renderQueue() {
    var Q = data.queue, box = FR.clear($("#queue-now"));
    box.appendChild(h("span", { class: "q-item" }, "排队等待 ", h("b", { class: "q-waiting", text: String(Q.waiting) })));
    box.appendChild(h("span", { class: "q-item" }, "未回复会话 ", h("b", { class: "q-open", text: String(Q.open) })));
    box.appendChild(h("span", { class: "q-item" }, "最长等待 ", h("b", { class: "q-longest", text: waitText(Q.longestWaitSeconds) }),
      Q.longestWaitChat ? h("span", { class: "muted", text: "（" + (FR.PLATFORM[Q.longestWaitChat.platform] || "") + " " + Q.longestWaitChat.conversation + "）" }) : null));
    box.appendChild(h("span", { class: "q-item" }, "投递失败 ", h("b", { class: "q-failed " + (failed.length ? "red" : ""), text: String(failed.length) })));
  }
  var CARD_NAME = { order: "订单卡片", goods: "商品卡片", logistics: "物流卡片" };
  /** what a failed reply said: its text, else the image or cards it carried (list-outbox.ts) */
  function sentText(f) {
    if (f.text) return f.text;
    var parts = [];
    if (f.image) parts.push("［图片］" + f.image.url);
    (f.cards || []).forEach(function (c) {
      parts.push("［" + (CARD_NAME[c.kind] || "卡片") + "］" + c.rows.map(function (r) { return r[0] + " " + r[1]; }).join(" · "));
    });
    return parts.join(" ") || "—";
  }
  function renderFailed() {
    $("#failed-count").textContent = failed.length ? "（" + failed.length + "）" : "";
    var rows = failed.map(function (f) {
      return h("tr", { dataset: { outbox: String(f.id) } }, h("td", { text: FR.dayTime(f.createdAt) }), h("td", {}, FR.platformBadge(f.destination)),
        h("td", { text: f.conversation || "—" }), h("td", { class: "clip", title: sentText(f), text: sentText(f) }),
        h("td", { class: "fail-reason", text: (FR.L.deliveryFailures || {})[f.reason] || "发送失败" }),
        h("td", { class: "num", text: String(f.attempts) }),
        h("td", {}, h("button", { type: "button", class: "retry", onclick: function (e) { retry(f.id, e.target); }, text: "重试" })));
    });
    FR.clear($("#failed")).appendChild(table(["时间", "平台", "会话", "内容", "原因", "#已尝试", ""], rows, "没有投递失败的回复"));
  }
  async function retry(id, btn) {
    btn.disabled = true;
    try {
      await FR.api(token, "POST", q("/api/admin/outbox/" + id + "/retry"));
      btn.textContent = "已重新排队";
      scheduleLoad();
    } catch (e) {
      btn.disabled = false;
      $("#dash-error").textContent = "重试失败：" + e.message;
    }
  }
  function renderAtRisk() {
    var total = data.atRiskTotal, from = data.atRiskOffset;
    $("#at-risk-total").textContent = "共 " + total + " 个";
    $("#at-risk-pager").hidden = total <= data.atRisk.length && from === 0;
    $("#risk-range").textContent = total ? "第 " + (from + 1) + "–" + (from + data.atRisk.length) + " 个" : "";
    $("#risk-prev").disabled = from === 0;
    $("#risk-next").disabled = from + data.atRisk.length >= total;
    var rows = data.atRisk.map(function (c) {
      return h("tr", { dataset: { chat: String(c.id) } }, h("td", {}, FR.platformBadge(c.platform)), h("td", { text: c.conversation }),
        h("td", { text: c.status === "waiting" ? "排队中" : "接待中" }), h("td", { text: agentName(c.agent) }),
        h("td", { text: FR.clock(c.deadlineAt) + (c.clockRuns ? "" : "（不计时）") }),
        h("td", { class: "num" }, h("span", { class: "countdown", dataset: { deadline: c.deadlineAt || "", runs: c.clockRuns ? "1" : "0", since: c.pendingSince || "" } })),
        h("td", { text: c.lastMessage || "" }));
    });
    FR.clear($("#at-risk")).appendChild(table(["平台", "会话", "状态", "客服", "截止", "#剩余", "最后消息"], rows, "当前没有待回复的会话"));
    tick();
  }
  function tick() {
    var now = Date.now() + offset;
    FR.$$("#at-risk .countdown").forEach(function (el) {
      if (!el.dataset.deadline) { el.textContent = "—"; return; }
      var dl = Date.parse(el.dataset.deadline), left = (dl - now) / 1000;
      var limit = (dl - Date.parse(el.dataset.since || el.dataset.deadline)) / 1000 || 180;
      el.textContent = FR.countdownText(left);
      el.className = "countdown " + (el.dataset.runs !== "1" ? "idle" : left < 0 ? "late" : left <= Math.max(30, limit * 0.25) ? "danger" : left <= limit * 0.5 ? "warn" : "ok");
    });
  }

  function renderAgents() {
    var ruleNames = {};
    data.agents.forEach(function (a) { a.rules.forEach(function (r) { ruleNames[r.rule] = r.name; }); });
    var ruleIds = Object.keys(ruleNames);
    var rows = data.agents.map(function (a) {
      return h("tr", { dataset: { agent: a.id } }, h("td", { text: a.name + "（" + a.id + "）" }),
        h("td", {}, h("span", { class: a.online ? "green" : "grey", text: a.online ? "● 在线" : "○ 离线" })),
        h("td", { class: "num", text: a.chats + " / " + a.maxConcurrent }), h("td", { class: "num", text: String(a.repliesToday) }),
        h("td", { class: "num", text: String(a.escalationsToday) }),
        ruleIds.map(function (id) {
          var r = a.rules.filter(function (x) { return x.rule === id; })[0];
          return h("td", { class: "num " + (r ? r.today.status : ""), text: r ? FR.pct(r.today.rate) + "（" + r.today.numerator + "/" + r.today.denominator + "）" : "—" });
        }));
    });
    FR.clear($("#agents")).appendChild(table(["客服", "状态", "#接待/上限", "#今日回复", "#今日升级"].concat(ruleIds.map(function (id) { return "#" + ruleNames[id] + "（今日）"; })), rows, "该店铺没有配置客服"));
  }

  function renderHeatmap() {
    var lb = data.lateByHour, total = lb.byHour.reduce(function (a, b) { return a + b; }, 0);
    $("#late-total").textContent = "共 " + total + " 项";
    var box = FR.clear($("#heatmap"));
    if (!total) { box.appendChild(h("p", { class: "empty", text: "最近 30 天没有迟回消息" })); return; }
    var days = lb.days.filter(function (d) { return d.hours.some(function (n) { return n > 0; }); });
    var max = Math.max.apply(null, days.map(function (d) { return Math.max.apply(null, d.hours); }).concat(lb.byHour));
    function cell(n) {
      // at most 60 % red under dark text: the count stays ≥ 4.5:1 readable (WCAG AA) in every cell
      var a = n ? 0.12 + 0.48 * (n / max) : 0;
      return h("td", { title: n + " 项", style: "background:" + (n ? "rgba(216,57,49," + a.toFixed(2) + ")" : "#f0f1f3") + ";color:#1f2329", text: n ? String(n) : "" });
    }
    var head = h("tr", {}, h("th", { class: "day" }), Array.from({ length: 24 }, function (_, i) { return h("th", { text: String(i) }); }));
    var rows = [h("tr", {}, h("th", { class: "day", text: "30天合计" }), lb.byHour.map(cell))];
    days.slice().reverse().forEach(function (d) { rows.push(h("tr", {}, h("th", { class: "day", text: d.day.slice(5) }), d.hours.map(cell))); });
    box.appendChild(h("table", { class: "heatmap" }, h("thead", {}, head), h("tbody", {}, rows)));
  }

  function lateReason(it, day) {
    // items still inside their time are not listed (the server counts them as data.late.pending)
    if (!it.reply && day === data.today) return "已超时，尚未回复";
    if (!it.reply) return "当天未回复" + (it.reasonText ? "（" + it.reasonText + "）" : "");
    return it.reasonText || "超过时限";
  }
  function renderLate() {
    var L = data.late;
    if (!lateDay) $("#late-day").value = L.day;
    var rows = L.items.map(function (it) {
      return h("tr", {}, h("td", { title: it.rule, text: FR.L.rules[it.rule] || it.rule }), h("td", {}, FR.platformBadge(it.platform)), h("td", { text: it.conversation }), h("td", { text: agentName(it.agent) }),
        h("td", { text: FR.clock(it.start) }), h("td", { text: FR.clock(it.clockFrom) }),
        h("td", { text: it.reply ? FR.clock(it.reply.at) + " " + (it.reply.from === "bot" ? "机器人 " + (it.reply.bot || "") : "客服 " + (it.reply.agent ? agentName(it.reply.agent) : "")) : "未回复" }),
        h("td", { class: "num", text: it.seconds === null ? "—" : it.seconds + "s" + (it.limitSeconds ? " / " + it.limitSeconds + "s" : "") }),
        h("td", { text: lateReason(it, L.day) }));
    });
    var box = FR.clear($("#late-list"));
    box.appendChild(table(["规则", "平台", "会话", "客服", "开始", "计时起点", "回复", "#用时", "说明"], rows, L.day + " 没有迟回消息"));
    if (L.total > L.items.length) box.appendChild(h("p", { class: "muted", text: "仅显示前 " + L.items.length + " 项，共 " + L.total + " 项" }));
    if (L.pending) box.appendChild(h("p", { class: "muted late-pending", text: "另有 " + L.pending + " 条消息待回复（未到时限），不计为迟回。" }));
  }

  // ---- tabs ------------------------------------------------------------------------------
  function showTab(name) {
    FR.$$(".tabs button").forEach(function (b) { b.setAttribute("aria-selected", String(b.dataset.tab === name)); });
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
    if (name === "figures") setTimeout(function () { if (data) { render(); load(); } }, 0);
  }

  /** the shop's 快捷短语 (FAQ tab): the shared list + form of phrase-manager.js on /api/admin/phrases */
  var phrases = null;
  function shopPhrases() {
    phrases = phrases || FR.phraseManager($("#shop-phrases"), { scope: "shop", token: function () { return token; }, path: function (p) { return q("/api/admin" + p); } });
    return phrases;
  }

  // ---- try a question ----------------------------------------------------------------------
  async function tryQuestion(text) {
    var box = FR.clear($("#try-result"));
    if (!text.trim()) { box.appendChild(h("p", { class: "error", text: "请输入一个问题" })); return; }
    var r;
    try { r = await FR.api(token, "POST", q("/api/admin/dashboard/try"), { text: text }); } catch (e) { box.appendChild(h("p", { class: "error", text: e.message })); return; }
    box.appendChild(h("p", {}, "归一化文本：", h("span", { class: "normalized", text: r.normalized === null ? "（本店没有 FAQ）" : r.normalized || "（空）" }),
      r.faq ? h("span", { class: "muted", text: "  阈值 " + r.faq.threshold + " · 版本 " + r.faq.version }) : null));
    var first = r.platforms[0];
    box.appendChild(h("h3", { text: "最相近的条目" }));
    box.appendChild(table(["条目", "标准问题", "#得分"], first.matches.map(function (m, i) {
      return h("tr", { class: i === 0 && first.confident ? "green" : "" }, h("td", { text: m.id }), h("td", { text: m.question }), h("td", { class: "num", text: m.score.toFixed(3) }));
    }), "没有相似条目"));
    box.appendChild(h("h3", { text: "各平台是否自动回复" }));
    box.appendChild(table(["平台", "自动回复", "说明", "答案"], r.platforms.map(function (p) {
      return h("tr", { dataset: { platform: p.platform, auto: p.autoAnswer ? "yes" : "no" } }, h("td", {}, FR.platformBadge(p.platform), p.enabled ? "" : h("span", { class: "muted", text: "（本店未开通）" })),
        h("td", { class: p.autoAnswer ? "green" : "amber", text: p.autoAnswer ? "是" : "否" + (p.sendInstant ? "（另即时发送，不计入）" : "") }),
        h("td", { text: FR.reasonLabel(p.reason) }), h("td", { text: p.answer || "—" }));
    }), ""));
  }

  // ---- wiring --------------------------------------------------------------------------------
  FR.onLogin(store, "请输入管理员令牌", start);
  $("#logout").addEventListener("click", function () { if (stream) stream.stop(); store.clear(); location.reload(); });
  $("#shop").addEventListener("change", function (e) { shopId = e.target.value; lateDay = ""; connect(); load(); if (!$("#panel-faq").hidden) { if (window.FRFaq) window.FRFaq.open(token, shopId); shopPhrases().load(); } if (!$("#panel-bot").hidden && window.FRBot) window.FRBot.open(token, shopId); if (!$("#panel-agents").hidden && window.FRAgents) window.FRAgents.open(token, shopId); });
  $("#rule").addEventListener("change", function (e) { ruleId = e.target.value; load(); });
  $("#late-day").addEventListener("change", function (e) { lateDay = e.target.value; load(); });
  $("#risk-prev").addEventListener("click", function () { riskOffset = Math.max(0, riskOffset - 100); load(); });
  $("#risk-next").addEventListener("click", function () { riskOffset += 100; load(); });
  FR.$$(".tabs button").forEach(function (b) { b.addEventListener("click", function () { showTab(b.dataset.tab); }); });
  $("#try-form").addEventListener("submit", function (e) { e.preventDefault(); tryQuestion($("#try-text").value); });
  setInterval(tick, 1000);
  window.FRDash = { reload: load };
  start();
})();
