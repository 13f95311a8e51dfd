/** GET /dashboard: the admin dashboard shell; dashboard.js fills it from /api/admin/* (docs/ui.md). */
import { platformNames } from "../../platforms/registry.js";
import { BotPanel } from "./bot-panel.js";
import { Layout, LoginBox, OfflineBanner, TopBar } from "./layout.js";
import { PhraseManager } from "./phrases.js";

export function DashboardPage() {
  return (
    <Layout
      title="管理看板 · first-responder"
      page="dashboard"
      styles={["uPlot.min.css", "bot.css"]}
      scripts={["uPlot.iife.min.js", "bot-common.js", "faq-editor.js", "bot-panel.js", "plan.js", "phrase-manager.js", "agents-admin.js", "attention-admin.js", "dashboard.js"]}
    >
      <TopBar title="管理看板" />
      <OfflineBanner text="与服务器的连接已断开，正在重连…… 页面上的数字可能不是最新的。" />
      <LoginBox label="管理员" hint="管理员令牌只保存在本浏览器中（localStorage），请求时放在 Authorization 头里发送。" />
      <main id="app" class="dash" hidden>
        <div class="dash-controls">
          <label>
            店铺 <select id="shop"></select>
          </label>
          <label>
            规则 <select id="rule"></select>
          </label>
          <span id="asof" class="muted"></span>
        </div>
        <div class="tabs" role="tablist">
          <button type="button" role="tab" id="tab-figures" aria-selected="true" data-tab="figures">
            回复率
          </button>
          <button type="button" role="tab" id="tab-faq" aria-selected="false" data-tab="faq">
            FAQ 编辑
          </button>
          <button type="button" role="tab" id="tab-bot" aria-selected="false" data-tab="bot">
            机器人
          </button>
          <button type="button" role="tab" id="tab-plan" aria-selected="false" data-tab="plan">
            排班建议
          </button>
          <button type="button" role="tab" id="tab-agents" aria-selected="false" data-tab="agents">
            客服管理
          </button>
        </div>
        <p id="dash-error" class="error" role="alert"></p>

        <section id="panel-figures">
          <div id="queue-now" class="queue-now" aria-live="polite"></div>
          <div id="cards" class="cards"></div>
          <p id="cards-empty" class="empty" hidden>
            暂无数据：还没有买家消息，或该规则今天没有考核项。
          </p>
          <div class="two-col">
            <div class="panel">
              <h2>
                风险会话（按截止时间） <span id="at-risk-total" class="muted"></span>
              </h2>
              <div id="at-risk"></div>
              <div id="at-risk-pager" class="pager" hidden>
                <button id="risk-prev" type="button">
                  上一页
                </button>
                <span id="risk-range" class="muted"></span>
                <button id="risk-next" type="button">
                  下一页
                </button>
              </div>
            </div>
            <div class="panel">
              <h2>客服</h2>
              <div id="agents"></div>
            </div>
          </div>
          <div class="panel">
            <h2>
              投递失败的回复 <span id="failed-count" class="muted"></span>
            </h2>
            <div id="failed"></div>
          </div>
          <div class="panel">
            <h2>
              迟回消息分布（最近 30 天，按小时） <span id="late-total" class="muted"></span>
            </h2>
            <div id="heatmap"></div>
          </div>
          <div class="panel">
            <h2>
              迟回明细{" "}
              <label class="muted">
                日期 <input type="date" id="late-day" />
              </label>
            </h2>
            <div id="late-list"></div>
          </div>
        </section>

        <BotPanel />
        <section id="panel-plan" hidden>
          <div class="panel">
            <h2>排班建议（按历史咨询量，每半小时所需客服数）</h2>
            <form id="plan-form" class="dash-controls">
              <label>
                规则 <select id="plan-rule"></select>
              </label>
              <label>
                目标回复率 <input id="plan-target" type="number" min="0.01" max="0.99" step="0.01" value="0.9" />
              </label>
              <label>
                每人同时接待 <input id="plan-concurrency" type="number" min="1" step="1" value="3" />
              </label>
              <label>
                大促倍数 <input id="plan-peak" type="number" min="0.1" step="0.1" value="1" />
              </label>
              <label>
                模型{" "}
                <select id="plan-model">
                  <option value="sim">仿真（按考核引擎计分）</option>
                  <option value="erlang-c">Erlang C 公式</option>
                </select>
              </label>
              <button type="submit">计算</button>
            </form>
            <div id="plan-result"></div>
          </div>
          <div class="panel">
            <h2>机器人回放（假如开启机器人，历史数据会怎样）</h2>
            <form id="whatif-form" class="dash-controls">
              <label>
                最近天数 <input id="whatif-days" type="number" min="1" max="31" step="1" value="7" />
              </label>
              <button type="submit">回放</button>
            </form>
            <div id="whatif-result"></div>
          </div>
        </section>

        {/* agents-admin.js: add, disable, re-token agents (services/agents.ts), live without a restart */}
        <section id="panel-agents" hidden>
          <div class="panel">
            <h2>客服管理</h2>
            <p class="muted">添加、停用客服或重置令牌，立即生效，无需重启。令牌只在生成时显示一次，服务器只保存它的摘要（SHA-256），请立即复制发给客服。</p>
            <p id="agents-readonly" class="muted" hidden>
              当前部署的客服由配置管理（AGENT_TOKENS），请修改配置后重新部署。
            </p>
            <div id="agent-token" class="token-box" role="status" hidden>
              <p id="agent-token-label"></p>
              <input id="agent-token-value" type="text" readonly aria-label="新令牌（只显示这一次）" />
            </div>
            <p id="agent-error" class="error" role="alert"></p>
            <div id="agents-manage"></div>
            <h3>添加客服</h3>
            <form id="agent-form" class="dash-controls" autocomplete="off">
              <label>
                客服 ID <input id="agent-id" type="text" maxlength={32} placeholder="例如：xiaoli" />
              </label>
              <label>
                姓名 <input id="agent-name" type="text" maxlength={20} placeholder="例如：小李" />
              </label>
              <label>
                同时接待上限 <input id="agent-max" type="number" min={1} max={50} value="5" />
              </label>
              <button class="primary" type="submit">
                添加客服
              </button>
            </form>
          </div>
          {/* attention-admin.js: the shop's 提醒设置 (services/attention.ts), pushed to every open console over its live feed */}
          <div class="panel" id="attention-panel">
            <h2>提醒设置</h2>
            <p class="muted">本店所有客服工作台的提醒方式，保存后已打开的工作台即时生效。慢回复提醒：会话离截止时间还剩这么多秒时提醒客服（留空为默认）。</p>
            <form id="attention-form" autocomplete="off" novalidate>
              <div class="dash-controls">
                <label>
                  <input id="attention-sound" type="checkbox" /> 提示音
                </label>
                <label>
                  <input id="attention-notify" type="checkbox" /> 桌面通知
                </label>
              </div>
              <div id="attention-rules"></div>
              <p id="attention-error" class="error" role="alert"></p>
              <p id="attention-saved" class="green" role="status"></p>
              <button id="attention-save" class="primary" type="submit">
                保存提醒设置
              </button>
            </form>
          </div>
        </section>

        <section id="panel-faq" hidden>
          <div class="panel">
            <h2>试一试</h2>
            <form id="try-form" class="dash-controls">
              <input id="try-text" type="search" placeholder="输入一个买家问题，例如：什么时候发货" style="flex:1;min-width:280px" />
              <button class="primary" type="submit">
                匹配
              </button>
            </form>
            <div id="try-result" class="try-result"></div>
          </div>
          {/* problems of the FAQ files on disk (faq-editor.js): stays until they are fixed */}
          <p id="faq-file-errors" class="error banner" role="alert" hidden></p>
          <div class="faq-grid">
            <div class="panel">
              <h2>
                FAQ 条目 <span id="faq-count" class="muted"></span>{" "}
                <button id="faq-new" type="button">
                  新建条目
                </button>
              </h2>
              <input id="faq-search" type="search" placeholder="搜索问题、示例、答案" style="width:100%;margin-bottom:8px" />
              <ul id="faq-list" class="faq-list" tabindex={0} aria-label="FAQ 条目"></ul>
              <p id="faq-list-empty" class="empty" hidden>
                没有条目
              </p>
            </div>
            <div class="panel">
              <h2 id="faq-editor-title">编辑条目</h2>
              <p id="faq-editor-empty" class="empty">
                在左侧选择一个条目
              </p>
              <form id="faq-form" hidden>
                <p id="faq-origin" class="muted"></p>
                <div class="field" data-field="id">
                  <label for="faq-id">ID</label>
                  <input id="faq-id" type="text" readonly />
                  <p class="error"></p>
                </div>
                <div class="field" data-field="question">
                  <label for="faq-question">标准问题</label>
                  <input id="faq-question" type="text" />
                  <p class="error"></p>
                </div>
                <div class="field" data-field="examples">
                  <label for="faq-examples">相似问法（每行一个）</label>
                  <textarea id="faq-examples" rows={6}></textarea>
                  <p class="error"></p>
                </div>
                <div class="field" data-field="answer">
                  <label for="faq-answer">答案</label>
                  <textarea id="faq-answer" rows={3}></textarea>
                  <p class="error"></p>
                </div>
                <div class="field" data-field="answers">
                  <label>分平台答案（可留空）</label>
                  {/* one field per platform of the registry: a new platform folder gets its own */}
                  {Object.entries(platformNames()).map(([id, name]) => (
                    <input id={`faq-answer-${id}`} class="faq-answer-platform" data-platform={id} type="text" placeholder={name} />
                  ))}
                  <p class="error"></p>
                </div>
                <div class="field" data-field="keywords">
                  <label for="faq-keywords">关键词（逗号分隔）</label>
                  <input id="faq-keywords" type="text" />
                  <p class="error"></p>
                </div>
                <div class="field" data-field="enabled">
                  <label>
                    <input id="faq-enabled" type="checkbox" /> 启用
                  </label>
                  <p class="error"></p>
                </div>
                <p id="faq-form-error" class="error" role="alert"></p>
                <p id="faq-saved" class="green"></p>
                <button id="faq-save" class="primary" type="submit">
                  保存
                </button>{" "}
                <button id="faq-remove" type="button" hidden>
                  删除条目
                </button>
              </form>
            </div>
          </div>
          <div class="panel">
            <h2>店铺快捷短语</h2>
            <p class="muted">本店所有客服在回复框输入 / 即可搜索使用；客服也可以在工作台添加只有自己能看到的短语。</p>
            <PhraseManager id="shop-phrases" empty="本店还没有快捷短语" />
          </div>
        </section>
      </main>
    </Layout>
  );
}
