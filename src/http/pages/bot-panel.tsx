/** The dashboard's 机器人 tab (shell only); assets/bot-panel.js fills it from GET /api/admin/bot. */
export function BotPanel() {
  return (
    <section id="panel-bot" hidden>
      <div class="dash-controls">
        <label>
          日期 <input type="date" id="bot-day" />
        </label>
        <label>
          范围{" "}
          <select id="bot-days">
            <option value="1">当天</option>
            <option value="7">近 7 天</option>
          </select>
        </label>
        <button type="button" id="bot-refresh">
          刷新
        </button>
      </div>
      <p id="bot-error" class="error" role="alert"></p>
      <div id="bot-summary" class="panel"></div>
      <div class="two-col">
        <div class="panel">
          <h2>转人工原因</h2>
          <div id="bot-reasons"></div>
        </div>
        <div class="panel">
          <h2>答错报告（客服在工作台标记）</h2>
          <div id="bot-flag-list"></div>
        </div>
      </div>
      <h2>未答问题（相似的归为一组，多的在前）</h2>
      <div id="bot-groups"></div>
    </section>
  );
}
