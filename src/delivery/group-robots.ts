/**
 * The JSON shapes of the group-robot webhooks shops use for alerts. All three answer HTTP 200
 * even when they refuse a message, with the verdict in the body, so the body is checked too.
 */
import type { EscalationTarget } from "../config/types.js";

export function robotBody(kind: EscalationTarget["kind"], text: string, notice: unknown): unknown {
  switch (kind) {
    case "dingtalk": // 钉钉自定义机器人
    case "wecom": // 企业微信群机器人
      return { msgtype: "text", text: { content: text } };
    case "feishu": // 飞书自定义机器人
      return { msg_type: "text", content: { text } };
    case "generic":
      return { type: "escalation", text, notice };
  }
}

/** errcode (DingTalk, WeCom) or code (Feishu) other than 0 means the robot refused it. */
export function robotRefusal(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const code = b.errcode ?? b.code ?? b.StatusCode;
  if (code === undefined || code === 0) return undefined;
  return `robot refused: ${String(code)} ${String(b.errmsg ?? b.msg ?? b.StatusMessage ?? "")}`.trim();
}
