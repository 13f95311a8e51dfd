/**
 * The engine's explanations (ExplainItem.reason, English so logs and the CLI stay grep-able)
 * in the words a shop owner reads on the dashboard. Pure: a function of the reason string.
 * The strings are the ones evaluate.ts writes; an unknown one (a newer engine) is shown as a
 * neutral Chinese phrase, never as English.
 */
import { EXCLUDED_CONVERSATION } from "./evaluate.js";

const EXACT: Record<string, string> = {
  "no counted reply by midnight": "当天 24 点前没有计入考核的回复",
  [EXCLUDED_CONVERSATION]: "内部或员工会话（不考核）",
  "in the queue all day: never entered an agent's reception list": "全天在排队，未进入客服接待列表（不考核）",
  "answered on a later day: cross-day round (choice 2)": "次日才回复：跨天轮次（不考核）",
  "offline message answered late: the conversation scores 0": "离线留言回复超时：整个会话记 0 分",
};

const MODE: Record<string, string> = { assist: "辅助模式", auto: "全自动", instant: "即时发送" };

export function complianceReasonLabel(reason: string | null | undefined): string | null {
  if (!reason) return null;
  const exact = EXACT[reason];
  if (exact) return exact;
  // `first reply not counted: human (choice 1)` / `… bot 小助手 (assist) (choice 1)`
  const first = /^first reply not counted: (human|bot (.*?)(?: \((\w+)\))?) \(choice 1\)$/.exec(reason);
  if (first) {
    const who = first[1] === "human" ? "人工" : `机器人 ${first[2] === "(unnamed)" ? "" : first[2]}${first[3] ? `（${MODE[first[3]] ?? first[3]}）` : ""}`.trim();
    return `首次回复不计入考核：${who}`;
  }
  return "其他原因（不考核）";
}
