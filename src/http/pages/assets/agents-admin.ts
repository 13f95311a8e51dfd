// 客服管理 tab of the dashboard: the shop's agents with 停用/启用 and 重置令牌, and a form to add
// one (docs/ui.md "客服管理"). A new token is shown once, in a box above the table.
//   GET /api/admin/agents, POST /api/admin/agents, PUT /api/admin/agents/:id, POST /api/admin/agents/:id/token
import type { AgentsAnswer, AgentWithToken, ManagedAgent } from "../../contracts/answers.js";
import { withShop } from "../client/dashboard-kit.js";

const FR = window.FR;
const { $, h } = FR;
let token = "";
let shop: string | null = null;

const q = (path: string) => withShop(path, shop);
/** the answer, or null with the error (in Chinese) shown above the table */
async function call<T>(method: string, path: string, body?: unknown): Promise<T | null> {
  $("#agent-error").textContent = "";
  try {
    return await FR.api<T>(token, method, q(path), body);
  } catch (e) {
    $("#agent-error").textContent = (e as Error).message;
    return null;
  }
}

async function open(t: string, s: string): Promise<void> {
  token = t;
  if (shop !== s) $("#agent-token").hidden = true; // never show one shop's token under another
  shop = s;
  await load();
}

async function load(): Promise<void> {
  const r = await call<AgentsAnswer>("GET", "/api/admin/agents");
  const box = FR.clear($("#agents-manage"));
  if (!r) return;
  $("#agents-readonly").hidden = r.editable;
  $("#agent-form").hidden = !r.editable;
  const rows = r.agents.map((a) =>
    h(
      "tr",
      { dataset: { id: a.id }, class: a.disabled ? "disabled" : "" },
      h("td", {}, h("b", { text: a.name }), " ", h("span", { class: "muted", text: a.id })),
      h("td", { text: a.disabled ? "已停用" : a.online ? "在线" : "离线" }),
      h("td", { class: "num", text: a.chats + "/" + a.maxConcurrent }),
      h("td", { class: "muted", text: a.managed ? "看板" : "配置" }),
      h(
        "td",
        {},
        r.editable
          ? [
              h("button", { type: "button", class: "agent-toggle", text: a.disabled ? "启用" : "停用", onclick: () => toggle(a) }),
              " ",
              h("button", { type: "button", class: "agent-retoken", text: "重置令牌", "aria-label": "重置令牌：" + a.name, onclick: () => retoken(a) }),
            ]
          : "—",
      ),
    ),
  );
  box.appendChild(
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["客服", "状态", "接待/上限", "来源", "操作"].map((x) => h("th", { text: x })),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

function showToken(name: string, value: string): void {
  $("#agent-token-label").textContent = name + " 的新令牌（只显示这一次，请立即复制发给客服；关闭或刷新页面后无法再查看）：";
  const input = $<HTMLInputElement>("#agent-token-value");
  input.value = value;
  $("#agent-token").hidden = false;
  input.focus();
  input.select();
}

async function toggle(a: ManagedAgent): Promise<void> {
  if (!a.disabled && !window.confirm("停用客服“" + a.name + "”？其令牌立即失效，接待中的会话回到队列。")) return;
  if (await call("PUT", "/api/admin/agents/" + encodeURIComponent(a.id), { disabled: !a.disabled })) await load();
}

async function retoken(a: ManagedAgent): Promise<void> {
  if (!window.confirm("为“" + a.name + "”生成新令牌？旧令牌立即失效。")) return;
  const r = await call<AgentWithToken>("POST", "/api/admin/agents/" + encodeURIComponent(a.id) + "/token");
  if (!r) return;
  showToken(r.agent.name, r.token);
  await load();
}

$("#agent-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const id = $<HTMLInputElement>("#agent-id");
  const name = $<HTMLInputElement>("#agent-name");
  const body = { id: id.value.trim(), name: name.value.trim(), maxConcurrent: Number($<HTMLInputElement>("#agent-max").value) };
  if (!body.id || !body.name) {
    $("#agent-error").textContent = "请填写客服 ID 和姓名";
    return;
  }
  const r = await call<AgentWithToken>("POST", "/api/admin/agents", body);
  if (!r) return;
  id.value = "";
  name.value = "";
  showToken(r.agent.name, r.token);
  await load();
});
window.FRAgents = { open };
