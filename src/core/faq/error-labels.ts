/**
 * The FAQ files' problems (FaqFileError.message: English, so the CLI, logs and `faq check`
 * stay grep-able) in the words an admin reads in the dashboard's FAQ editor. Pure: a function
 * of the message. Each pattern is one message the parser (parse.ts), the editor
 * (node/faq-editor.ts), the file reader or the registry writes; test/faq/error-labels.test.ts
 * finds every one of them in the sources and checks it has its Chinese. An unknown message (a
 * newer parser, a YAML syntax error in the library's words) gets a neutral Chinese sentence,
 * never English.
 */

/** What the fields of an entry and of _settings.yaml are called on the page. */
export const FAQ_FIELD_LABELS: Record<string, string> = {
  id: "ID",
  question: "标准问题",
  examples: "相似问法",
  answer: "答案",
  answers: "分平台答案",
  keywords: "关键词",
  enabled: "启用",
  topic: "主题",
  entries: "条目列表",
  threshold: "自动回复阈值",
  synonyms: "同义词",
  fillers: "语气词",
  scoring: "评分参数",
  outOfScope: "不回答的问题",
};

function field(name: string): string {
  const each = /^each of (.+)$/.exec(name);
  if (each) return `${field(each[1]!)}的每一项`;
  return FAQ_FIELD_LABELS[name] ?? `“${name}”`;
}

const list = (names: string) =>
  names
    .split(", ")
    .map((n) => FAQ_FIELD_LABELS[n] ?? n)
    .join("、");

const RULES: Array<[RegExp, (...m: string[]) => string]> = [
  [/^an entry must be a mapping/, () => "每个条目必须写成“字段: 值”的形式（id、question、examples、answer …）"],
  [/^an entry must be a JSON object$/, () => "条目必须是一个 JSON 对象"],
  [/^unknown field "([^"]*)" \(allowed: (.*)\)$/, (k, a) => `未知字段“${k}”（可用：${list(a!)}）`],
  [/^id is required$/, () => "缺少 ID"],
  [/^id "([^"]*)" must be lower-case letters/, (id) => `ID“${id}”只能由小写字母、数字、“-”“_”“.”组成，最多 64 个字符`],
  [/^(?:(.*): )?question is required$/, (id) => `${prefix(id)}缺少标准问题`],
  [/^question is empty$/, () => "标准问题不能为空"],
  [/^(?:(.*): )?answer is required$/, (id) => `${prefix(id)}缺少答案`],
  [/^(?:(.*): )?answer is empty$/, (id) => `${prefix(id)}答案不能为空`],
  [/^answers must map a platform to its answer$/, () => "分平台答案必须写成“平台: 答案”"],
  [/^answers must map a platform to a string, not a number$/, () => "分平台答案必须是文字，不能是数字"],
  [/^answers: unknown platform "([^"]*)" \(one of (.*)\)$/, (p, a) => `分平台答案：未知平台“${p}”（可用：${a!.split(", ").join("、")}）`],
  [/^answers\.(\w+) is empty$/, (p) => `分平台答案 ${p} 不能为空`],
  [/^enabled must be true or false$/, () => "启用必须为 true 或 false"],
  [/^(.+) must be a string, not the number (.*)$/, (w, n) => `${field(w!)}必须是文字，不能是数字 ${n}`],
  [/^each of (.+) must be a string, not a number$/, (w) => `${field(w!)}的每一项都必须是文字，不能是数字`],
  [/^(.+) must be a list of strings$/, (w) => `${field(w!)}必须是文字列表（每行“- 文字”）`],
  [/^(.+) has an empty item$/, (w) => `${field(w!)}里有一项是空的`],
  [/^(.+) must be a string$/, (w) => `${field(w!)}必须是文字`],
  [/^duplicate id "([^"]*)" \(first defined at (.*)\)$/, (id, at) => `ID“${id}”重复（第一次出现在 ${at}）`],
  [/^unknown top-level field "([^"]*)"/, (k) => `未知的顶层字段“${k}”（主题文件只有 topic 和 entries）`],
  [/^a topic file needs "entries:"/, () => "主题文件需要“entries:”条目列表"],
  [/^a topic file is a mapping with "entries:"$/, () => "主题文件必须是带“entries:”的键值形式"],
  [/^entries must be a list$/, () => "entries 必须是列表"],
  [/^settings must be a mapping/, () => "设置文件必须是键值形式（threshold、synonyms、fillers、scoring）"],
  [/^unknown setting "([^"]*)" \(allowed: (.*)\)$/, (k, a) => `未知设置“${k}”（可用：${a!.split(", ").join("、")}）`],
  [/^threshold must be a number between 0 and 1$/, () => "自动回复阈值必须是 0 到 1 之间的数字"],
  [/^synonyms must be a list of lists/, () => "同义词必须是列表的列表：- [包邮, 免运费]"],
  [/^a synonym group needs at least two words$/, () => "每组同义词至少要有两个词"],
  [/^scoring must be a mapping of numbers$/, () => "评分参数必须是“名称: 数字”的形式"],
  [/^unknown scoring parameter "([^"]*)"$/, (k) => `未知评分参数“${k}”`],
  [/^scoring\.(\w+) must be a number$/, (k) => `评分参数 ${k} 必须是数字`],
  [/^the file is empty/, () => "文件是空的：要删除其中的条目请删除整个文件（清空的文件会被当作误操作）"],
  [/^cannot read: /, () => "无法读取 FAQ 目录"],
  [/^the FAQ files have errors: serving the last good FAQ, saved (.*), until they are fixed$/, (at) => `FAQ 文件有错误：在修好之前，继续使用 ${at} 保存的上一个正确版本`],
  [/^training the FAQ model failed/, () => "FAQ 模型训练失败，继续使用上一个版本"],
];

function prefix(id: string | undefined): string {
  return id && id !== "entry" ? `条目 ${id}：` : "";
}

/** The Chinese of one FAQ file problem; the file and line are shown beside it, not in it. */
export function faqErrorLabel(message: string): string {
  for (const [re, zh] of RULES) {
    const m = re.exec(message);
    if (m) return zh(...m.slice(1).map((x) => x ?? ""));
  }
  // YAML syntax errors come in the yaml library's words
  return YAML_SYNTAX;
}

/** What any message no rule knows reads as: in practice the yaml library's syntax errors. */
export const YAML_SYNTAX = "YAML 格式有误（请检查缩进、冒号、引号和列表的“- ”）";

/** A FAQ problem as the pages get it: the English message kept, its Chinese beside it. */
export function withFaqLabel<T extends { message: string }>(e: T): T & { zh: string } {
  return { ...e, zh: faqErrorLabel(e.message) };
}
