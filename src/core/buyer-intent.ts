/**
 * What kind of message a buyer sent, before any FAQ entry is considered: a request for a
 * person, something that is not a question (an acknowledgement, a closing, a bare number or
 * emoji), or a question with content. Pure, and the same on Node and Workers.
 *
 * Why rules here and not FAQ entries: these kinds decide whether the bot may speak at all.
 * As FAQ entries they competed with real entries on n-gram overlap, so "对" matched "收到的
 *颜色不对" at 0.999 and "转人工" was *answered* ("已为您转接") and the chat closed with no
 * person coming (issue 12, measured on real JDDC buyer messages).
 */
import { alternationOf, rewriteBuyerWriting } from "./faq/buyer-writing.js";
import { FUNCTION_CHARS, GRAMMAR_CHARS } from "./faq/function-chars.js";
import { toSimplified } from "./faq/normalize.js";

export type BuyerIntentKind = "human-request" | "not-a-question" | "question";

export interface BuyerIntent {
  kind: BuyerIntentKind;
  /**
   * The clauses that carry content, in order: the message split at punctuation and spaces,
   * without greetings, acknowledgements, numbers and requests for a person. Empty for
   * "not-a-question".
   */
  clauses: string[];
  /** a greeting alone ("在吗", "亲 你好"): a question for the greeting entry */
  greetingOnly: boolean;
}

/**
 * Requests for a person and complaints, in the spellings real buyers use. Each pattern says
 * what it must not match: 人工费 (labour cost), 真人图 (photos of a real model), 差评处 (where
 * the reviews are listed).
 */
const HUMAN_REQUEST: readonly RegExp[] = [
  /人工(?!费|成本|智能|合成|安装|操作|湖|降雨|草坪|养殖|晶体)/u,
  /真人(?!图|照|秀|版|拍|试穿|上身|模特|实拍|发)/u,
  /投诉|举报|12315|消协|消费者协会|工商局|市场监[督管]|曝光你们/u,
  /(?:给|打|写|要|就|会|必须|只能|准备|去|留)[你个了]{0,2}差评|差评[!！吧]|差评了/u,
  /(?:找|叫|让|换|要|请|转|联系)(?:你们|你家|贵店|店里|店铺|贵公司|你们家)?的?(?:负责人|老板|领导|经理|主管|店长|上级|管事的|掌柜的)/u,
  // the same with the object first: "把你们店长叫来"
  /把(?:你们|你家|店里|店铺|你们家)?的?(?:负责人|老板|领导|经理|主管|店长|上级|管事的|掌柜的)(?:叫|喊|找|请)/u,
  // a person arranged or found: "安排个人来跟我对接", "我要找正儿八经的客服"
  /安排(?:个|一个)?(?:人|客服|专人)(?!员)/u,
  /(?:我要|我想|给我|要|想)找[^，。,.!！?？\s]{0,6}客服(?=$|[\s，。,.!！?？])/u,
  // (a real one: "换个真客服跟我讲话")
  /(?:叫|换|找|要)(?:个|一个|你们|你们的|你家)?(?:真的?|活的?)?(?:客服|活人|人)(?:来|出来|回复|回答|跟我说|说话|跟我讲|讲话|聊)/u,
  // talking to a person, not to the bot: "我要和人讲话", "机器人走开"
  /(?:我要|我想|要|想|让我)(?:和|跟|同)(?:真|活)?人(?:讲话|说话|聊|沟通|对话|谈)|机器人(?:走开|闭嘴|滚|别说了|别回了)/u,
  // the one in charge in person: "让他亲自来回我"
  /(?<!我)亲自(?:来|出来|出面)?(?:回我|回复|回答|跟我说|跟我讲|和我说|处理|联系我)/u,
  // a person described, not named: "叫个能做主的人来", "找个说了算的"
  /(?:叫|换|找|要|让)(?:个|一个)?(?:能|会)?(?:做主|作主|说了算|管事|懂行|负责)的(?:人)?/u,
  // "我要找人" as the whole request (not "找人代收" / "找人帮我拿")
  /(?:我要|我想|要|想|帮我)找(?:个|一个)?(?:真)?人[!！。.]*(?=$|[\s，,？?])/u,
  /(?:别|不要|不想|换掉|不用)(?:再)?(?:给我)?(?:用|跟|和)?(?:机器人|自动回复|自动回的)|机器人?.{0,4}(?:没用|听不懂|不懂|垃圾|答非所问|说不明白|说不清|讲不清)|答非所问|[牛驴]头不对马嘴|[驴牛]唇不对马嘴/u,
  /(?:有|是)没有?人(?:回复|回答|理)|没有?人(?:回复|回|理|管)|怎么没人(?:回|理)|联系不上|人呢[?？!！]*$/u,
  /转(?:给)?\s*(?:[0-9]+\s*号|其他|别的|另一个)?\s*客服/u,
  // dissatisfaction with the service and disputes are complaints: a person must hear them
  // ("如果不满意能退吗" asks about returns, so only a stated, intensified 不满意 counts)
  /(?:很|非常|特别|太|极其|十分|真的)不满意|态度(?:很|太|真|极其|非常|特别)?(?:差|不好|恶劣)|纠纷|专员/u,
  // a refusal disputed ("为什么拒绝售后???", "客服说不给我换"): a person must decide it
  /拒绝(?:了)?(?:我的?)?(?:售后|退货|退款|换货|维修|申请|保修)|不给(?:我)?(?:退|换|修|办|处理)/u,
];

/** A request for a person that the buyer takes back: "不用转人工了", "不要人工". */
const HUMAN_DECLINED = /(?:不用|不要|不需要|无需|别)(?:转)?人工/u;

/**
 * Acknowledgements, thanks, closings and fillers: a message made only of these asks
 * nothing (labelling rule 3). Checked per clause after the clause is stripped of
 * punctuation, so "好的，谢谢！" is two such clauses.
 */
const ACK_WORDS: readonly string[] = [
  "好的",
  "好滴",
  "好哒",
  "好嘞",
  "好吧",
  "好呀",
  "好啊",
  "好",
  "嗯嗯",
  "嗯呢",
  "嗯",
  "恩恩",
  "恩",
  "额",
  "呃",
  "哦哦",
  "哦",
  "噢",
  "喔",
  "哈哈",
  "呵呵",
  "嘿嘿",
  "对的",
  "对对",
  "对",
  "是的",
  "是滴",
  "是啊",
  "是",
  "行的",
  "行吧",
  "行",
  "可以的",
  "可以了",
  "可以",
  "ok",
  "okay",
  "okk",
  "k",
  "en",
  "yes",
  "no",
  "嗯好",
  "收到",
  "知道了",
  "知道",
  "明白了",
  "明白",
  "了解了",
  "了解",
  "懂了",
  "清楚了",
  "谢谢你",
  "谢谢您",
  "谢谢亲",
  "谢谢啦",
  "谢谢",
  "多谢",
  "谢了",
  "感谢",
  "感谢您",
  "thx",
  "thanks",
  "3q",
  "没了",
  "没有了",
  "没有啦",
  "没啦",
  "没有哦",
  "没有呢",
  "没有",
  "没得了",
  "没事了",
  "没事",
  "没问题",
  "没有问题了",
  "没其他问题",
  "没有其他问题",
  "算了",
  "那算了",
  "那好吧",
  "那行",
  "那好",
  "不用了",
  "不需要了",
  "辛苦了",
  "辛苦",
  "麻烦了",
  "麻烦你了",
  "麻烦您了",
  "拜拜",
  "再见",
  "88",
  "886",
  "晚安",
  "稍等",
  "等一下",
  "等等",
  "我看看",
  "我再看看",
  "我考虑一下",
  "我想想",
  "晕",
  "汗",
  "唉",
  "哎",
  "啊",
  "呀",
  "哈",
  "嘛",
  "呢",
  "吧",
  "了",
  "666",
  "赞",
  "棒",
  "不错",
  "满意",
  "很好",
  "太好了",
  "好的呢",
  "好的亲",
  "亲",
  "亲亲",
  "亲爱的",
  "急",
  "急急急",
  "急用",
  "着急",
  "很急",
  "急着用",
  "着急用",
  "在线等",
  "快点",
  "尽快",
  "谢谢了",
];
/** Greetings: alone they are a question for the greeting entry ("在吗" → "亲，在的呢"). */
const GREETING_WORDS: readonly string[] = [
  "在吗",
  "在不在",
  "在么",
  "在",
  "有人吗",
  "有人在吗",
  "有没有人",
  "有没有人在",
  "有人不",
  "有人没",
  // (Sichuan 没得 reaches here as 没有: "有人没得哦")
  "有人没有",
  "客服在吗",
  "还在吗",
  // presence checks: "在线不" and "在否" reach here as 在线吗 and 在吗 (buyer-writing.ts)
  "在线吗",
  "在线么",
  "客服在线吗",
  "你好",
  "您好",
  "你好呀",
  "您好呀",
  "哈喽",
  "哈罗",
  "哈啰",
  "hello",
  "hi",
  "嗨",
  "喂",
  "早上好",
  "早安",
  "早",
  // is anyone on duty ("有客服不" reaches here as 有客服吗; "客服上班没得" as 客服上班没有)
  "有客服吗",
  "有客服在吗",
  "有客服没有",
  "在线没有",
  "上班了吗",
  "上班没有",
  "上班吗",
  "下午好",
  "晚上好",
  "亲在吗",
  "亲 在吗",
  "老板在吗",
  "掌柜在吗",
];

/**
 * Words that only ask ("多久", "几点", "怎么办") or only point at time ("今天", "现在"): a
 * clause of nothing else depends on an earlier turn (labelling rule 3: 几点?, 多长时间).
 */
const ASK_ONLY_WORDS: readonly string[] = [
  "什么",
  "怎么",
  "怎么办",
  "怎么样",
  "怎样",
  "怎么回事",
  "什么情况",
  "啥情况",
  "咋回事",
  "为什么",
  "为啥",
  "多久",
  "多长时间",
  "多少",
  "多少钱",
  "几天",
  "几点",
  "几号",
  "哪里",
  "哪个",
  "哪",
  "谁",
  "吗",
  "呢",
  "啊",
  "呀",
  "嘛",
  "吧",
  "今天",
  "明天",
  "后天",
  "昨天",
  "现在",
  // waiting, with nothing said of what for ("等几天啊?", "还要等多久"): the wait is the earlier turn's
  "等",
  "还",
  "马上",
  "刚才",
  "早上",
  "晚上",
  "中午",
  "下午",
  "上午",
  "周末",
  "这个",
  "那个",
  "这",
  "那",
  "还有",
  "然后",
  "所以",
  "可是",
  "但是",
  "那么",
  "就是",
  "能",
  "可以",
  "会",
  "要",
  "是不是",
  "有没有",
  "能不能",
  "可不可以",
  "行不行",
  "对吗",
  "是吗",
  "真的吗",
  "确定吗",
  "电话",
  "号码",
  "地址",
  "订单",
  "订单号",
  "单号",
  "链接",
  "图片",
  "截图",
  "发票吗",
];

function wholeOf(words: readonly string[]): RegExp {
  return new RegExp(`^(?:${alternationOf(words)})+$`, "u");
}
const ACK_ONLY = wholeOf([...ACK_WORDS, ...GREETING_WORDS.filter((g) => g.length > 1)]);
/**
 * How buyers address the other side ("美女您好", "亲 在吗"): part of a greeting, and nothing
 * the greeting entry's texts need to share (see greetingWords).
 */
const ADDRESS_WORDS: readonly string[] = ["亲", "亲亲", "客服", "老板", "掌柜", "掌柜的", "店主", "美女", "帅哥", "小姐姐", "小哥哥", "小姐", "店家", "卖家"];
/**
 * Openers that announce a question still to come ("我想请问一下", "想咨询一下", the entry
 * point a platform shows: "订单业务咨询"): with nothing after them they are a greeting, and
 * the greeting answer ("在的，请问有什么可以帮您") is the right reply.
 */
const OPENER_WORDS: readonly string[] = [
  "请问",
  "请问一下",
  "我想请问一下",
  "想请问一下",
  "我想问一下",
  "想问一下",
  "问一下",
  "问个事",
  "想咨询一下",
  "我想咨询一下",
  "咨询一下",
  "咨询",
  "商品咨询",
  "订单咨询",
  "售后咨询",
  "商品信息咨询",
  "订单业务咨询",
];
/**
 * The same announcement in the many shapes buyers give it ("问下", "咨询下", "问你个事儿",
 * "我想问个问题", "打听个事", "有点事想问问", "请教一下"): someone asking, maybe a whom, maybe
 * a "thing/question", nothing about what.
 */
const OPENER_SOURCE =
  "(?:我|我们)?(?:想|要)?(?:跟你|和你|向你)?(?:请问|问问|问|咨询|打听|请教)(?:一下|下)?(?:你|您)?(?:个|一个|件|点|些)?(?:事儿|事情|事|问题)?" +
  "|(?:有|我有)(?:个|一个|件|点|些)(?:事儿|事情|事|问题)(?:想|要)?(?:问问|问|咨询|请教)?(?:一下|下)?";
const GREETING_ONLY = new RegExp(`^(?:${alternationOf([...GREETING_WORDS, ...ADDRESS_WORDS, ...OPENER_WORDS])}|${OPENER_SOURCE})+$`, "u");
const TRAILING_INTERJECTION = /(?<=.)[哈啊呀啦嘛哦]+$/u;
const ADDRESS_OR_OPENER = new RegExp(
  // the opener shapes first: "问个事" must not leave the 儿 of "问个事儿"
  `${OPENER_SOURCE}|${alternationOf([...ADDRESS_WORDS, ...OPENER_WORDS])}`,
  "gu",
);

const GREETING_SET: ReadonlySet<string> = new Set(GREETING_WORDS);
const GREETING_OR_ADDRESS = new RegExp(`${alternationOf(GREETING_WORDS)}|${ADDRESS_OR_OPENER.source}`, "gu");

/**
 * The words of a greeting-only message the greeting entry can match: without the address
 * and the opener, "美女您好" is "您好" (the matcher would otherwise read "美女" as an unknown
 * topic and doubt a plain greeting). A message of address words alone greets too ("亲亲").
 */
export function greetingWords(prepared: string): string {
  // greeting words first, so "有客服吗" is not cut to "有吗" (stock 0.86); and as 有人吗, since
  // the matcher's fillers drop 客服 wherever it stands
  const core = prepared
    .replace(GREETING_OR_ADDRESS, (m) => (GREETING_SET.has(m) ? m.replace("有客服", "有人") : " "))
    .replace(/\s+/gu, " ")
    .trim();
  return core.length > 0 ? core : "你好";
}
const ASK_ONLY = wholeOf([...ASK_ONLY_WORDS, ...ACK_WORDS]);
/**
 * A report of what the buyer already did ("这个订单我取消了", "优惠券已经用上了"): news for a
 * person, not a question an FAQ answer fits (the answer would explain how to do it).
 */
const REPORT_DONE = /(?:我|已经|已)(?:已经|已|都)?(?:取消|申请|提交|付款|付|下单|用上|用|收到|办理|处理|退回|寄回|寄出|发出|确认|领)[^吗么呢嘛]{0,6}了$/u;
/** "No need" ("不用换了", "地址没错 不用改"): declining, unlike 不要 ("不要了" asks to return or cancel). */
const NO_NEED = /不用|不需要|不必|无需/u;
const URGENCY = /急|在线等|快点|尽快/u;
/**
 * A-not-A ("包不包邮"), alternatives ("偏大还是偏小") and 多少/多大: questions by themselves (ASKS
 * and ASKS_OUTRIGHT). 还是 offers a choice only after the first option: opening a clause, or
 * settling on one (…就好, …吧), it is "still / had better" ("余额提现 还是原来的那个账户就好", a
 * real JD buyer stating a choice, got the refund-time answer).
 */
/** A-not-A: the same character either side of 不/没 ("包不包邮", "送没送", "好不好") asks. */
export const A_NOT_A_SOURCE = String.raw`(\p{Script=Han})[不没]\1`;
const ASKS_OUTRIGHT_SOURCE = String.raw`${A_NOT_A_SOURCE}|(?<=[\p{L}\p{N}])还是(?!.*(?:就好|就行|就可以|吧|好了|算了|比较好)$)|多[少大长久]`;
/** ("包邮不", "能退不", "有货没": the yes-no question buyers write by ending on 不 or 没) */
/** 几 and 多久 ask, not after 没/好/才/这/那: "刚买没几天", "等了好几天" tell how long. */
const HOW_MANY_SOURCE = "(?<!没)多久|(?<![没好才这那])几";
const ASKS = new RegExp(`[吗么呢嘛谁?？]|怎么|什么|${HOW_MANY_SOURCE}|哪|能不能|可不可以|是否|为什么|为啥|咋|\\p{Script=Han}不$|有.{0,4}没$|[是对]吧$|${ASKS_OUTRIGHT_SOURCE}`, "u");
/** Characters that carry no topic (particles, pronouns, negation, time words' glue). */
export const MIN_STATEMENT_TOPIC_CHARS = 3;
const MAX_FRAGMENT_TOPIC_CHARS = 4;
/** Words that ask something by themselves; "呢", "吧" and a bare "?" only point back at the last turn. */
const INTERROGATIVE = new RegExp(`[吗么嘛谁]|怎|什么|${HOW_MANY_SOURCE}|多少|多长|哪|能不能|可不可以|是否|为什么|为啥|咋|啥|能否|行不行|有没有|可以|能|要不要|不$|没$`, "u");
/**
 * A fragment points back at the last turn: it ends on 吧 or a bare question mark, or it opens
 * with 那/那么/就/还是 ("银行卡吧", "那赠品呢?", "价格一样?"). A topic alone ("运费险",
 * "质量问题", "衣服有破洞") or with 呢 ("发票呢", "还没发货呢": where is it?) is how buyers
 * ask outright and stays a question.
 */
const POINTS_BACK = /^(?:那么|那|就|还是)|^(?!.*呢[\s!！~。.?？]*$)/u;
/** A fragment names something; a complaint says something about it ("不是我买的款", "还没发货", "有色差"). */
const PREDICATE = /[不没有]/u;
/**
 * ... or tells what happened to it: a change of state (了, 过, 被: "裤子破了个洞", "包裹被拆过")
 * or a fault ("收到是坏的", "外箱开裂", "地址错咯"). A name alone ("原价格", "银行卡吧") has none.
 */
const HAPPENED = /[了过被坏破烂裂错缺漏碎瘪脏湿霉歪]|划痕|毛刺|掉毛|起球|开胶|开线|线头|怪味|异味|色差|褪色|掉色|变形|卡在|卡着|跳闸|不亮|扎手|划手|起皱|缩水/u;
/**
 * What came is not what was ordered ("我拍的M 来的是L", "我拍的是卡其色 寄来的是军绿", "买的是男款
 * 寄来一个女款"), or fewer came ("订的两盒 箱子里就一盒", "买一送一 只收到一个啊"): a complaint put as
 * a statement, across two clauses, so no clause alone says it. "收到了" alone reports; it is
 * what came *instead*, or *only so many*, that complains.
 */
const ORDERED = /(?:拍|买|订|下单|下|选|要)的/u;
const CAME_INSTEAD = /[寄发送]?来(?:的是|的|了?一?[个件双条])|到手(?:的)?是|收到的是|收到一看|给我[发寄]了?一?[个件双条]|[发寄]成/u;
const ONLY_SO_MANY = /(?:只|就|才)(?:收到|来了|到了|有|剩)?了?[0-9一两俩三四五六七八九十]+(?:个|件|盒|罐|瓶|双|条|包|只|块|支|袋|箱|片|套|份)/u;
function reportsWrongItem(s: string): boolean {
  return (ORDERED.test(s) && CAME_INSTEAD.test(s)) || ONLY_SO_MANY.test(s);
}
/**
 * Verbs of doing that name no object (申请, 查看, 操作, 改 …), with the prepositions and urging
 * words that go with them: a clause of nothing else has no topic of its own.
 */
const GENERIC_ACTION = /哪里|哪儿|这里|那里|请|麻烦|一下|申请|查看|查询|查到|查|看到|看|操作|弄|办理|办|修改|更改|改|做|处理|填写|填|写|找|进行|尽快|快点|赶紧|抓紧|帮忙|需要|从|往|向/gu;
function topicless(clause: string): boolean {
  for (const ch of clause.replace(GENERIC_ACTION, "")) if (/[\p{Script=Han}a-z0-9]/u.test(ch) && !FUNCTION_CHARS.has(ch)) return false;
  return true;
}
/** A clause that asks, requests, or says something about what it names (not a name alone). */
function saysSomething(c: string): boolean {
  return INTERROGATIVE.test(c) || ASKS_OUTRIGHT.test(c) || REQUEST.test(c) || PREDICATE.test(c) || HAPPENED.test(c);
}
/** An opening that points back, then only a tag question (是吧, 对吗): the buyer confirms the last turn. */
const CONFIRMS = /^(?:就是|也就是|那就是|所以|那|对|是的|嗯|哦)[^?？]*(?:是吧|对吧|是吗|对吗|是这样吧|是这样吗)[\s?？!！~。.]*$/u;
/** A-not-A ("包不包邮"), alternatives ("偏大还是偏小") and 多少/多大 ask by themselves. */
const ASKS_OUTRIGHT = new RegExp(ASKS_OUTRIGHT_SOURCE, "u");
/**
 * Requests say what the buyer wants done ("我要修改地址", "寄回的地址给一下", "麻烦快点发",
 * "催单", "换码", "取消一下"): never a fragment. An action verb followed by 了 reports
 * instead ("取消了", "退款了").
 */
const REQUEST =
  /我要|我想|想要|要求|(?<![不无])需要|麻烦|帮|请|申请|(?<!已|经)(?:问一?下|问问|咨询|打听)(?!过)|给一下|给我|发我|快发|麻溜|呗|(?<!不用|不要|别|不需要|不必|无需|我)(?:取消|修改|改|查|催|退货|退款|退差价|补差价|换|开票|开发票|补发|加急|快点|早点|尽快|赶紧|退掉|撤掉|撤销|撤单)(?!了|不了|不掉)/u;
/**
 * Whether a clause raises a concern of its own: it asks, requests or reports a fault. A clause
 * that does none of these is context ("周六要用", "家里没人", "买了两台电风扇"), not a second
 * request an answer must cover (measured: such clauses matched some entry at 0.9+ and kept
 * plain questions from being answered).
 */
export function raisesConcern(clause: string): boolean {
  return ASKS.test(clause) || REQUEST.test(clause) || FAULT.test(clause);
}
/** A fault reported ("拉链坏了", "屏幕碎了"): a concern of its own, unlike what merely happened ("买了两台"). */
const FAULT = /[坏破烂裂错缺漏碎瘪脏湿霉]/u;
function topicChars(clause: string): number {
  let n = 0;
  for (const ch of clause) if (/\p{Script=Han}/u.test(ch) && !GRAMMAR_CHARS.has(ch)) n++;
  return n;
}
/** Only digits, Latin noise, the rewritten number token and place token. */
const NUMBERS_ONLY = /^(?:[0-9a-z._#\-/]|地区)+$/u;
/**
 * Clause boundaries: punctuation, symbols, emoji and spaces. Buyers on JD and Taobao glue
 * several messages together with spaces ("我要转人工 快点派送啊").
 */
const CLAUSE_SPLIT = /[\p{P}\p{S}\p{Extended_Pictographic}\p{Z}\s\u200b-\u200f\ufe0f]+/u;
/** CLAUSE_SPLIT keeping the separators (odd indexes of the split). */
const CLAUSE_SPLIT_KEEP = new RegExp(`(${CLAUSE_SPLIT.source})`, "u");

/** NFKC, traditional → simplified, lower case and buyer spellings, as the matcher sees them (also read by message-reading.ts). */
export function prepareBuyerText(text: string): string {
  return rewriteBuyerWriting(toSimplified(text.normalize("NFKC")).toLowerCase());
}

export function readBuyerIntent(text: string): BuyerIntent {
  return intentOfPrepared(prepareBuyerText(text));
}

/** readBuyerIntent of a text already through prepareBuyerText: the reading of a message prepares it once. */
export function intentOfPrepared(s: string): BuyerIntent {
  if (!HUMAN_DECLINED.test(s) && HUMAN_REQUEST.some((re) => re.test(s))) {
    return { kind: "human-request", clauses: [], greetingOnly: false };
  }
  // each clause with the separator after it: a question mark there makes the clause ask
  const pieces = s.split(CLAUSE_SPLIT_KEEP);
  const parts: string[] = [];
  const questioned = new Set<string>();
  for (let i = 0; i < pieces.length; i += 2) {
    const p = pieces[i]!;
    if (p.length === 0) continue;
    parts.push(p);
    if (/[?？]/.test(pieces[i + 1] ?? "")) questioned.add(p);
  }
  const content: string[] = [];
  // short statements left out of the content ("没变化", "洗不掉"): they still tell what is wrong
  const short: string[] = [];
  let greeting = false;
  let acked = false;
  let asked = false;
  for (const p of parts) {
    // (a trailing interjection does not make an opener a statement: "问个事哈")
    if (GREETING_ONLY.test(p.replace(TRAILING_INTERJECTION, ""))) {
      greeting = true;
      continue;
    }
    if (ACK_ONLY.test(p)) {
      // urgency ("着急用", "在线等") presses a request; it does not close the exchange
      if (!URGENCY.test(p)) acked = true;
      continue;
    }
    if (NUMBERS_ONLY.test(p)) continue;
    if (ASK_ONLY.test(p)) {
      // "怎么回事", "为什么": no topic of its own, but the message does ask about the rest
      if (INTERROGATIVE.test(p)) asked = true;
      continue;
    }
    if (REPORT_DONE.test(p) && !ASKS.test(p)) continue;
    // least information: without a question word, a clause of one or two topic characters
    // ("取消了", "涨价了", "取消不了") states or reacts; it does not ask what an entry answers
    // (a request says what it wants however short: "我要退货")
    // ("还不发货?", "这个码没有了?": a question mark after the clause asks as a question word does)
    if (!ASKS.test(p) && !questioned.has(p) && !REQUEST.test(p) && topicChars(p) < MIN_STATEMENT_TOPIC_CHARS) {
      short.push(p);
      continue;
    }
    content.push(p);
  }
  // what came instead of what was ordered, or too few: a complaint however the clauses read
  const wrongItem = reportsWrongItem(s);
  // Statements that only acknowledge, thank or decline ("好的 电子发票", "都没更新物流 好的，谢谢",
  // "不用换了 这个尺码挺合适") reply to the other side or close the exchange: with no question
  // word anywhere, there is nothing an FAQ answer would answer.
  if (content.length > 0 && !asked && (acked || NO_NEED.test(s)) && !content.some((c) => ASKS.test(c) || REQUEST.test(c)) && !/[?？]/.test(s)) {
    return { kind: "not-a-question", clauses: [], greetingOnly: false };
  }
  // Opening with an acknowledgement, a few words answer what the other side asked ("对的 退款",
  // "好的 电子发票"): a reply in an exchange, even when it names an action.
  if (content.length > 0 && ACK_ONLY.test(parts[0]!) && !asked && !content.some((c) => ASKS.test(c)) && content.reduce((n, c) => n + topicChars(c), 0) <= MAX_FRAGMENT_TOPIC_CHARS) {
    return { kind: "not-a-question", clauses: [], greetingOnly: false };
  }
  // Fragments whose meaning depends on an earlier turn (labelling rule 3: "原价格", "银行卡吧",
  // "那赠品呢?"): a few topic characters naming something, with no interrogative word, no
  // request, nothing said about it and no change of state ("箱子都压扁了", "还没发货" and
  // "有色差" tell what happened and stay questions). Named alone, a topic ("运费险") is
  // read as a fragment too: on real traffic a bare noun was far more often a reply.
  if (content.length > 0 && !asked && POINTS_BACK.test(content[0]!) && !content.some(saysSomething) && content.reduce((n, c) => n + topicChars(c), 0) <= MAX_FRAGMENT_TOPIC_CHARS && !wrongItem) {
    return { kind: "not-a-question", clauses: [], greetingOnly: false };
  }
  // A statement: nothing asked (no question word or mark, no ask-only clause), nothing
  // requested, nothing said to be missing, not done or gone wrong ("微信支付的好像", "我查看我的
  // 发票是电子的"). On real traffic it answers the other side's last question; an FAQ answer
  // would talk past it.
  if (content.length > 0 && !asked && !/[?？]/.test(s) && !content.some((c) => ASKS.test(c) || saysSomething(c)) && !short.some(saysSomething) && !wrongItem) {
    return { kind: "not-a-question", clauses: [], greetingOnly: false };
  }
  // Asking how or where to do something without saying what ("从哪里申请", "怎么操作", "可以改吗",
  // "查到了吗"): the object is in an earlier turn. On real JD traffic such follow-ups got an
  // entry's answer on the strength of one generic verb (session 9: 18 of 294 automatic answers).
  if (content.length > 0 && content.every(topicless)) return { kind: "not-a-question", clauses: [], greetingOnly: false };
  // Confirming what the other side just said ("就是没问题，是退货流程是吧"): a tag question
  // after an opening that points back.
  if (content.length > 0 && CONFIRMS.test(s)) return { kind: "not-a-question", clauses: [], greetingOnly: false };
  if (content.length > 0) return { kind: "question", clauses: content, greetingOnly: false };
  // short clauses that together say the wrong thing or too few came ("我拍的M 来的是L")
  if (short.length > 0 && !acked && wrongItem) return { kind: "question", clauses: short, greetingOnly: false };
  // a greeting beside a short statement ("说了 [数字x]客服") is not a greeting alone: the
  // statement would reach the greeting's match and borrow its confidence
  if (greeting && short.length === 0) return { kind: "question", clauses: [], greetingOnly: true };
  return { kind: "not-a-question", clauses: [], greetingOnly: false };
}
