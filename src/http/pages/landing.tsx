/** GET /: a small landing page with the two screens. */
import { Layout } from "./layout.js";

export function LandingPage() {
  return (
    <Layout title="first-responder" page="landing-page">
      <main class="landing">
        <h1>first-responder</h1>
        <p class="muted">淘宝 · 抖音 · 快手 客服响应：FAQ 自动回复、按截止时间排队、回复率合规统计。</p>
        <ul>
          <li>
            <a href="/console">客服工作台</a> — 客服使用：我的会话、倒计时、建议回复、回复 / 转接 / 释放。
          </li>
          <li>
            <a href="/dashboard">管理看板</a> — 店主使用：今日与 30 天回复率、风险会话、客服数据、迟回明细、FAQ 编辑。
          </li>
        </ul>
        <p class="muted">需要令牌：客服令牌或管理员令牌（见 docs/ui.md）。</p>
      </main>
    </Layout>
  );
}
