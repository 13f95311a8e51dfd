// 提醒设置 in the dashboard's 客服管理 tab (docs/ui.md "提醒设置"): the shop's sound and desktop
// notifications on or off, and the slow-reply reminder's lead per deadline rule (empty: the
// default). GET /api/admin/attention, PUT /api/admin/attention; every open console gets
// it over its live feed at once (the `attention` event, console.js applyAttention).
import type { AttentionAnswer } from "../../contracts/answers.js";
import { withShop } from "../client/dashboard-kit.js";

const FR = window.FR;
const { $, h } = FR;
let token = "";
let shop = "";
let current: AttentionAnswer | null = null;

const q = (path: string) => withShop(path, shop);

async function open(t: string, s: string): Promise<void> {
  token = t;
  shop = s;
  $("#attention-saved").textContent = "";
  $("#attention-error").textContent = "";
  try {
    render(await FR.api<AttentionAnswer>(token, "GET", q("/api/admin/attention")));
  } catch (e) {
    $("#attention-error").textContent = (e as Error).message;
  }
}

function render(v: AttentionAnswer): void {
  current = v;
  $<HTMLInputElement>("#attention-sound").checked = v.sound;
  $<HTMLInputElement>("#attention-notify").checked = v.desktopNotify;
  const rows = v.reminders.map((r) => {
    const id = "lead-" + r.rule.replace(/[^a-z0-9]/gi, "-");
    return h(
      "tr",
      { dataset: { rule: r.rule } },
      h("td", {}, FR.platformBadge(r.platform)),
      h("td", { text: r.ruleName }),
      h("td", { class: "num", text: r.limitSeconds + " 秒" }),
      h(
        "td",
        {},
        h("label", { for: id, class: "sr-only", text: r.ruleName + " 提前秒数" }),
        h("input", { id, class: "attention-lead", type: "number", min: "10", max: String(r.limitSeconds), step: "1", value: r.custom ? String(r.leadSeconds) : "", placeholder: "默认 " + r.defaultLeadSeconds }),
      ),
      h("td", { class: "muted", text: r.custom ? "已自定义" : "默认" }),
    );
  });
  FR.clear($("#attention-rules")).appendChild(
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["平台", "时限规则", "时限", "提前提醒（秒）", ""].map((x) => h("th", { text: x })),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

$("#attention-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (!current) return;
  $("#attention-saved").textContent = "";
  $("#attention-error").textContent = "";
  const leads: Record<string, number | null> = {};
  for (const tr of FR.$$("#attention-rules tr[data-rule]")) {
    const v = $<HTMLInputElement>("input", tr).value.trim();
    // empty: back to the default; anything else is checked by the server (a Chinese message if out of range)
    leads[tr.dataset.rule ?? ""] = v === "" ? null : Number(v);
  }
  try {
    render(await FR.api<AttentionAnswer>(token, "PUT", q("/api/admin/attention"), { sound: $<HTMLInputElement>("#attention-sound").checked, desktopNotify: $<HTMLInputElement>("#attention-notify").checked, remindLeadSeconds: leads }));
    $("#attention-saved").textContent = "已保存，已打开的客服工作台即时生效";
  } catch (err) {
    $("#attention-error").textContent = "保存失败：" + (err as Error).message;
  }
});

window.FRAttention = { open };
