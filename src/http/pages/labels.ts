/**
 * Every Chinese word the pages need that the server also knows: the one table of API error
 * messages (by the error's `reason` where it has one, else by its `code`), the decision
 * reasons (core/decision.ts), the suggestion's confidence levels and weak-guess floor
 * (core/confidence.ts) and the rule names (core/rules/presets.ts). The one path by which these
 * reach the pages (bot-common.js reads the bot's words from it too). Served as the script
 * `/ui/labels.js` (window.FR_LABELS) before common.js, so the browser code keeps no copy of
 * these lists and never shows an API's English `message` (docs/ui.md "Chinese everywhere").
 *
 * Templates name the error's fields in braces: "{agentName}已有 {load} 个会话（上限 {limit}）".
 * `{fieldName}` is the Chinese name of the error's `field` (FIELD_NAMES).
 */
import type { DeliveryFailure } from "../../core/outbound.js";
import { CONFIDENCE_LABELS, WEAK_GUESS_FLOOR } from "../../core/confidence.js";
import { DECISION_REASON_LABELS } from "../../core/decision.js";
import { unplannable } from "../../core/planning/forecast.js";
import { RULE_IDS, RULE_PRESETS } from "../../core/rules/presets.js";
import type { ErrorCode } from "../errors.js";
import { platformNames } from "../../platforms/registry.js";

/** By error code: the fallback when an error has no (known) reason. */
export const ERROR_CODE_TEXT: Record<ErrorCode, string> = {
  bad_request: "请求有误{fieldSuffix}",
  invalid_json: "请求格式有误",
  invalid_event: "消息格式有误",
  unauthorized: "令牌无效或已失效，请重新登录",
  forbidden: "无权访问此店铺",
  not_found: "找不到要操作的内容，可能已被删除",
  conflict: "操作冲突，请刷新后重试",
  payload_too_large: "内容太大，请分批发送",
  not_configured: "此功能在当前部署中不可用",
  internal: "服务器出错，请稍后重试",
};

/** By `reason` (the error's details): the precise message. */
export const ERROR_REASON_TEXT: Record<string, string> = {
  // the request checks of the routes' contracts (src/http/contract.ts)
  "invalid-type": "{fieldName}的类型不对",
  invalid: "{fieldName}的格式不对",
  "agent-at-limit": "{agentName}已有 {load} 个会话（上限 {limit}），请先处理或释放一些会话",
  "agent-offline": "{agentName}不在线，无法转接",
  "chat-answered": "该会话已回复，无需再操作",
  "chat-with-other": "该会话正由{agentName}接待，请让对方转接给你",
  "chat-taken": "该会话刚被其他客服领取",
  "chat-changed": "会话刚刚发生了变化，请重试",
  "chat-not-found": "找不到该会话",
  "not-in-your-list": "只能释放自己接待中的会话",
  "unknown-agent": "店铺里没有这位客服",
  "already-yours": "该会话已经在你的列表里",
  "body-not-object": "请求格式有误",
  required: "{fieldName}不能为空",
  "too-long": "{fieldName}不能超过 {max} 个字",
  "not-boolean": "{fieldName}必须为是或否",
  "not-a-number": "{fieldName}必须是数字",
  "bad-ref": "发送编号格式有误，请刷新页面后重试",
  "not-a-bot-answer": "只能标记机器人的回复",
  "message-not-found": "该会话里找不到这条消息，请刷新后重试",
  "phrase-not-found": "找不到这条快捷短语，可能已被删除",
  "too-many-phrases": "快捷短语已达上限（{limit} 条），请先删除一些",
  "agent-exists": "已有这个客服 ID，请换一个",
  "bad-agent-id": "客服 ID 只能用小写字母、数字、“-”和“_”，最多 32 个",
  "out-of-range": "{fieldName}必须是 {min} 到 {max} 之间的整数",
  "image-unavailable": "图片无法加载",
  "image-too-large": "图片超过 2 MB，未显示",
  "private-address": "图片地址指向内部网络，已拦截",
  "unknown-rule": "没有这条时限规则，请刷新页面后重试",
  "image-not-supported": "此平台暂不支持发送图片",
  "card-not-supported": "此平台暂不支持发送卡片",
  "one-content": "一次只能发送文字、图片或卡片中的一种",
  "bad-image-url": "图片地址须是以 http:// 或 https:// 开头的网址（最长 2000 个字符）",
  "bad-card-kind": "卡片类型有误，只能发送订单、商品或物流卡片",
  "unknown-card-field": "卡片里有无法识别的内容",
  "bad-card-value": "卡片内容不能为空，也不能超过 {max} 个字",
  "empty-card": "卡片内容不能为空",
  "too-many": "{fieldName}一次最多 {max} 条",
  "control-characters": "{fieldName}含有无法识别的字符",
  "agents-not-editable": "当前部署的客服由配置管理（AGENT_TOKENS），请修改配置后重新部署",
  /** the browser could not reach the server at all (fetch threw: "Failed to fetch") */
  network: "无法连接服务器，请检查网络后重试",
  /** an answer that is not our JSON error (a proxy's 502 page …) */
  http: "服务器暂时无法处理请求（HTTP {status}），请稍后重试",
};

/** The request fields an error may name, as the pages call them. */
export const FIELD_NAMES: Record<string, string> = {
  text: "回复内容",
  at: "消息时间",
  agent: "转接对象",
  online: "在线状态",
  q: "问题",
  id: "编号",
  shop: "店铺",
  rule: "规则",
  day: "日期",
  status: "状态",
  platform: "平台",
  ref: "发送编号",
  msgId: "消息",
  eventId: "消息编号",
  note: "备注",
  days: "天数",
  riskOffset: "页码",
  target: "目标回复率",
  concurrency: "每人同时接待",
  peakFactor: "大促倍数",
  ahtSeconds: "平均处理时长",
  firstReplySeconds: "首次回复用时",
  model: "模型",
  bot: "机器人开关",
  title: "短语名称",
  content: "短语内容",
  query: "搜索内容",
  conversation: "会话",
  name: "姓名",
  maxConcurrent: "同时接待上限",
  disabled: "停用",
  image: "图片",
  card: "卡片",
  sound: "提示音",
  desktopNotify: "桌面通知",
  remindLeadSeconds: "慢回复提醒提前秒数",
  texts: "不回答的问题",
  set: "问题清单",
};

/** Why a delivery failed (core/outbound.ts DELIVERY_FAILURES), as the owner reads it in 投递失败的回复. */
export const DELIVERY_FAILURE_LABELS: Record<DeliveryFailure, string> = {
  "no-destination": "未配置发送地址（OUTBOUND_WEBHOOK_URL），该平台也没有接入发送接口",
  network: "连不上接收方（网络错误或超时）",
  rejected: "接收方拒收",
  unavailable: "接收方暂时不可用",
  "platform-error": "平台接口返回错误",
  "unsupported-content": "该平台暂不支持这类消息",
  "shop-removed": "店铺已不在配置中",
  "target-removed": "通知对象已不在配置中",
  refused: "通知机器人拒收",
  other: "发送失败（详情见服务日志）",
};

/**
 * The penalties of the platforms' floors (the `penalty` of each floor in src/platforms/<name>/rules.ts),
 * as the owner reads them on the dashboard's cards and in the 机器人回放. test/ui/labels.test.ts
 * requires one for every floor of every preset.
 */
export const PENALTY_LABELS: Record<string, string> = {
  "activities-barred": "不能参加平台活动",
  "fine-1000": "罚款1000元",
  "traffic-downweight": "次日流量降权",
  "star-deduction": "店铺星级扣分",
};

export const UI_LABELS = {
  deliveryFailures: DELIVERY_FAILURE_LABELS,
  errors: { ...ERROR_CODE_TEXT, ...ERROR_REASON_TEXT },
  fields: FIELD_NAMES,
  decisionReasons: DECISION_REASON_LABELS,
  /** a suggestion's confidence level → its Chinese name, and the score under which a guess is weak */
  confidence: CONFIDENCE_LABELS,
  weakFloor: WEAK_GUESS_FLOOR,
  rules: Object.fromEntries(RULE_IDS.map((id) => [id, RULE_PRESETS[id].name])) as Record<string, string>,
  penalties: PENALTY_LABELS,
  /** the rules a headcount changes, in the presets' order: what 排班建议 offers (core/planning/forecast.ts unplannable) */
  planRules: RULE_IDS.filter((id) => unplannable(RULE_PRESETS[id]) === null).map((id) => ({ id, platform: RULE_PRESETS[id].platform })),
  /** id → Chinese name of every platform, in the registry's order (src/platforms/registry.ts) */
  platforms: platformNames(),
};

/** labels.js as the browser scripts read it (window.FR_LABELS, typed in assets/globals.d.ts). */
export type UiLabels = typeof UI_LABELS;

const body = `// GENERATED at start from src/http/pages/labels.ts\nwindow.FR_LABELS = ${JSON.stringify(UI_LABELS)};\n`;

/** FNV-1a: a content hash for the `?v=` cache key that needs no crypto API (Workers, Node alike). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export const LABELS_ASSET = { type: "text/javascript; charset=utf-8", hash: fnv1a(body), body };
