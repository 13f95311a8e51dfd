/** GET /console: the agent console shell; assets/console.ts (served as console.js) fills it from /api/agent/* (docs/ui.md). */
import { Layout, LoginBox, OfflineBanner, TopBar } from "./layout.js";
import { PhraseManager } from "./phrases.js";

export function ConsolePage() {
  return (
    <Layout title="客服工作台 · first-responder" page="console" styles={["bot.css"]} scripts={["bot-common.js", "console.js", "console-bot.js", "phrase-manager.js", "console-phrases.js", "console-history.js", "console-media.js"]}>
      <TopBar title="客服工作台">
        <label>
          <input type="checkbox" id="online" /> 在线接待
        </label>
      </TopBar>
      {/* new buyer messages in my chats, read out by screen readers (console.js announce) */}
      <div id="announce" class="sr-only" role="status" aria-live="polite"></div>
      <OfflineBanner text="与服务器的连接已断开，正在重连…… 已输入的回复会保留，恢复连接后再发送。" />
      {/* console.js checkReminders: the slow-reply reminder (core/reminders.ts) */}
      <div id="slow-reminder" class="slow-reminder" hidden>
        <span id="slow-text"></span>{" "}
        <button id="slow-jump" type="button">
          去回复等待最久的买家 (Alt+J)
        </button>
      </div>
      <LoginBox label="客服" hint="令牌由店铺管理员发放，只保存在本浏览器中（localStorage），请求时放在 Authorization 头里发送。" />
      <main id="app" class="console-grid" data-pane="list" hidden>
        {/* on a phone one pane at a time (ui.css @media): list ↔ conversation ↔ context */}
        <nav class="pane-tabs" role="tablist" aria-label="切换窗格">
          <button type="button" role="tab" data-pane="list" aria-selected="true">
            会话 <span id="pane-unread" class="unread" hidden></span>
          </button>
          <button type="button" role="tab" data-pane="conv" aria-selected="false">
            对话
          </button>
          <button type="button" role="tab" data-pane="context" aria-selected="false">
            订单
          </button>
        </nav>
        <aside class="sidebar">
          <h2>
            我的会话 <span id="mine-count" class="muted"></span>
          </h2>
          <ul id="mine" class="chat-list" aria-label="我的会话（↑↓ 选择，Enter 打开）"></ul>
          <p id="mine-empty" class="empty">
            暂无会话。新的买家消息会自动出现在这里。
          </p>
          <h2>
            等待接入 <span id="queue-count" class="muted"></span>
          </h2>
          <ul id="queue" class="chat-list" aria-label="等待接入（↑↓ 选择，Enter 打开）"></ul>
          <p id="queue-empty" class="empty">
            队列为空
          </p>
        </aside>
        <section class="conversation">
          <div id="conv-empty" class="empty big">
            选择左侧的会话开始回复
          </div>
          <div id="conv-body" hidden>
            <div class="conv-head">
              <span id="conv-title"></span>
              <span id="conv-countdown"></span>
              <span class="grow"></span>
              <button id="claim" type="button" hidden>
                领取
              </button>
              <select id="transfer-to" aria-label="转接对象"></select>
              <button id="transfer" type="button">
                转接
              </button>
              <button id="release" type="button">
                释放
              </button>
            </div>
            <ol id="messages" class="messages" tabindex={0} aria-label="对话消息"></ol>
            <div class="composer">
              <div id="suggestion" class="suggestion" hidden>
                <div>
                  <b>建议回复</b> <span id="suggestion-faq" class="muted"></span>
                </div>
                <p id="suggestion-text"></p>
                <button id="insert" type="button">
                  插入建议 (Alt+I)
                </button>
              </div>
              <form id="reply-form">
                {/* the "/" picker of 快捷短语 and FAQ answers (console-phrases.js); the focus stays in the textarea */}
                <ul id="phrase-picker" class="phrase-picker" role="listbox" aria-label="快捷短语（↑↓ 选择，Enter 插入，Esc 关闭）" hidden></ul>
                <textarea id="reply" rows={3} placeholder="输入回复，Ctrl+Enter 发送；输入 / 搜索快捷短语和FAQ答案" aria-label="回复内容（输入 / 搜索快捷短语）" aria-autocomplete="list" aria-controls="phrase-picker"></textarea>
                <div class="actions">
                  <p id="reply-error" class="error" role="alert"></p>
                  <button id="image-open" type="button" aria-expanded="false" aria-controls="image-form">
                    发送图片
                  </button>
                  <button id="send" class="primary" type="submit">
                    发送 (Ctrl+Enter)
                  </button>
                </div>
              </form>
              {/* an image by its address (console.js sendContent); refused in Chinese where the platform cannot carry one */}
              <form id="image-form" class="image-form" hidden>
                <label>
                  图片网址 <input id="image-url" type="url" placeholder="https://…" autocomplete="off" />
                </label>
                <button type="submit">发送这张图片</button>
              </form>
            </div>
          </div>
        </section>
        <aside class="context">
          <h2>订单信息</h2>
          <div id="context-body">
            <p class="empty">—</p>
          </div>
          {/* console-history.js: the open buyer's past days, and search over the shop's last 30 days */}
          <h2 id="history-title">历史会话</h2>
          <div id="history-body">
            <p class="empty">—</p>
          </div>
          <h2>搜索聊天记录（近 30 天）</h2>
          {/* biome-ignore lint/a11y/useSemanticElements: a form with role="search" is the landmark every screen reader knows; the <search> element is too new for the browsers agents use */}
          <form id="search-form" role="search" class="search-form">
            <input id="search-q" type="search" maxlength={100} aria-label="搜索买家、订单号或聊天内容" placeholder="买家、订单号或聊天内容" />
            <button type="submit">搜索</button>
          </form>
          <div id="search-results"></div>
          <h2>快捷键</h2>
          <dl class="keys">
            <dt>Ctrl+Enter</dt>
            <dd>发送回复</dd>
            <dt>Alt+N / Alt+↓</dt>
            <dd>下一个会话</dd>
            <dt>Alt+P / Alt+↑</dt>
            <dd>上一个会话</dd>
            <dt>Alt+I</dt>
            <dd>插入建议回复</dd>
            <dt>Alt+C</dt>
            <dd>领取队列中最紧急的会话</dd>
            <dt>Alt+J</dt>
            <dd>跳到等待最久、即将超时的会话</dd>
            <dt>/</dt>
            <dd>快捷短语：↑↓ 选择，Enter 插入，Esc 关闭</dd>
          </dl>
          <h2>我的快捷短语</h2>
          <p class="muted">只有你自己能看到；店铺的快捷短语由管理员维护。在回复框输入 / 即可搜索。</p>
          <PhraseManager id="my-phrases" empty="还没有自己的快捷短语" />
          <h2>倒计时颜色</h2>
          <p>
            <span class="countdown ok">绿</span> 充裕 <span class="countdown warn">黄</span> 过半 <span class="countdown danger">红</span> 临近 <span class="countdown late">超时</span>
          </p>
          <p class="muted">灰色“不计时”：消息在考核时段外，不影响回复率。</p>
        </aside>
      </main>
    </Layout>
  );
}
