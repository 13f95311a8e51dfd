/**
 * The reading of a buyer message before any FAQ entry (core/buyer-intent.ts) and the reading
 * with the FAQ (core/message-reading.ts): known answers from real buyer writing (issue 12).
 */
import { describe, expect, it } from "vitest";
import { greetingWords, prepareBuyerText, raisesConcern, readBuyerIntent } from "../../src/core/buyer-intent.js";
import { EMPTY_CONVERSATION, foldConversation, observe } from "../../src/core/conversation.js";
import { buildFaqMatcher } from "../../src/core/faq/matcher.js";
import { HANDOFF_ENTRY_ID, negationCuesOf, readMessage, withoutNegatedSpans } from "../../src/core/message-reading.js";
import type { FaqEntry } from "../../src/core/faq/types.js";

describe("readBuyerIntent", () => {
  it.each([
    "转人工",
    "人工！！！",
    "我要转人工 快点派送啊",
    "我要投诉 找你们负责人",
    "叫你们老板出来",
    "再不处理就给差评了",
    "真人客服呢",
    "帮我转[数字x]号客服 谢谢",
    "卖家联系不上，没有人回复",
    "别用机器人回我",
    "人呢？",
    "别给我自动回复了 叫个能做主的人来",
    "你这回答牛头不对马嘴 我要找人",
    "找个说了算的来",
    "叫你们客服出来",
    "能不能换个真客服跟我讲话 不要自动回的",
    "你们老板呢 让他亲自来回我",
    "机器人走开 我要和人讲话",
  ])("%s asks for a person", (t) => expect(readBuyerIntent(t).kind).toBe("human-request"));

  it.each(["他们跟我说话的态度我很不满意!", "麻烦联系一下负责纠纷单的专员", "为什么拒绝售后???", "我刚跟他们客服说，不给我换。"])("%s is a complaint: a person must hear it", (t) => expect(readBuyerIntent(t).kind).toBe("human-request"));

  it.each([
    "人工费多少",
    "有真人图吗",
    "不用转人工了",
    "后台评价管理，差评处可以看到",
    "如果不满意可以退吗",
    "我想找人代收快递可以吗",
    "能自动回复发货时间吗",
    "这台机器说明书在哪",
    "找客服开发票怎么开",
    "我亲自去取可以吗",
    "要本人亲自签收吗",
  ])("%s does not", (t) => expect(readBuyerIntent(t).kind).not.toBe("human-request"));

  it.each([
    "对",
    "没了",
    "啊",
    "今天",
    "电话",
    "好的，谢谢！",
    "嗯嗯 好的",
    "[订单x]",
    "订单:[订单x]",
    "[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]",
    "13812345678",
    "👌",
    "？？？",
    "多长时间",
    "几点?",
    "这个订单我取消了",
    "优惠券已经用上了 谢谢",
  ])("%s is not a question", (t) => expect(readBuyerIntent(t)).toEqual({ kind: "not-a-question", clauses: [], greetingOnly: false }));

  it.each(["好的 电子发票", "都没更新物流 好的，谢谢", "不用换了 这个尺码挺合适", "地址没错 不用改", "包装破了但东西没事 不用管了"])("%s acknowledges, closes or declines without asking: not a question", (t) =>
    expect(readBuyerIntent(t).kind).toBe("not-a-question"),
  );

  it.each(["好的 那电子发票在哪下载", "物流不更新了 怎么回事 谢谢", "不用发票 什么时候发货？", "我要修改地址", "不想要了 订单怎么撤"])("%s still asks", (t) => expect(readBuyerIntent(t).kind).toBe("question"));

  it.each(["银行卡", "银行卡吧", "价格一样?", "谢谢 那赠品呢?", "原价格", "对的 退款", "取消不了", "取消了"])("%s is a fragment of an earlier turn: not a question", (t) => expect(readBuyerIntent(t).kind).toBe("not-a-question"));

  it.each([
    "箱子都压扁了",
    "我要退或",
    "寄回的地址给一下",
    "我要求保价",
    "包邮不",
    "试穿了一下不太合适 能退不",
    "这个现在有货没",
    "麻烦快点发 着急用🙏",
    "能加急不 周末要用",
    "这个包不包邮",
    "偏大还是偏小",
    "衣服有破洞",
    "收到的跟我买的不是一个款",
    "都5天了还没发货",
    "发票呢",
    "催单",
    "换码",
    "物流不更新了 怎么回事 谢谢",
    // a question mark after the clause asks ("价格一样?" names nothing that happened: still a fragment)
    "还不发货？",
    "这个码木有了？",
    // clause-final 没 / 咩 ask as 吗 does; after 还 it states
    "包邮没",
    "发货没",
    "到了没有",
    "在咩",
    // what happened: a change of state or a fault, not a name alone
    "裤子破了个洞",
    "收到是坏的",
    "包裹被拆过",
    "外箱开裂",
    "地址错咯",
    // imperative and need
    "快发货",
    "麻溜发货",
    "需要发票",
  ])("%s is short but asks or reports: a question", (t) => expect(readBuyerIntent(t).kind).toBe("question"));

  it.each(["还没", "都没有", "我没", "不需要发票"])("%s states or declines: not a question", (t) => expect(readBuyerIntent(t).kind).toBe("not-a-question"));

  it.each(["微信支付的好像", "我查看我的发票是电子的", "就是以前的那个地址", "就是没问题，是退货流程是吧", "那就是七天内都能退对吧"])("%s states or confirms the last turn, asking nothing: not a question", (t) =>
    expect(readBuyerIntent(t).kind).toBe("not-a-question"),
  );

  it.each(["退回来的快递费谁掏", "老板再便宜点呗", "说好送的收纳袋没看见啊", "微信支付的能退吗", "七天内都能退对吧"])("%s asks, requests or reports: a question", (t) => expect(readBuyerIntent(t).kind).toBe("question"));

  // a short clause left out of the content still says what is wrong with the rest
  it.each(["快递一直停在杭州 没动静", "杯子里面一圈黑点 擦不掉"])("%s reports a fault in a short clause: a question", (t) => expect(readBuyerIntent(t).kind).toBe("question"));

  it.each(["说了 客服", "讲过了 亲"])("%s: a greeting word beside a short statement is no greeting alone", (t) => expect(readBuyerIntent(t)).toMatchObject({ kind: "not-a-question", greetingOnly: false }));

  it("a greeting alone is a question for the greeting entry; content clauses are kept without the acknowledgements", () => {
    expect(readBuyerIntent("亲，在吗？")).toMatchObject({ kind: "question", greetingOnly: true });
    expect(readBuyerIntent("好的 谢谢 那什么时候发货呀")).toEqual({ kind: "question", clauses: ["那什么时候发货呀"], greetingOnly: false });
    expect(readBuyerIntent("親，這款什麼時候能發貨呀？急用").clauses).toEqual(["这款什么时候能发货呀"]);
  });

  it.each(["美女您好", "你好 我想请问一下", "你好 商品信息咨询 你好", "亲亲", "帅哥 在吗", "在否", "亲 在线不 问个事哈"])("%s greets by address or opener: a greeting alone", (t) =>
    expect(readBuyerIntent(t)).toMatchObject({ kind: "question", clauses: [], greetingOnly: true }),
  );

  it.each(["在吗 咨询下", "在不在 问你个事", "在吗 我想问个问题", "亲 在吗 有点事想问问", "掌柜的在么 打听个事", "老板 在不 问个事儿", "有人没得哦", "你好 咨询个问题"])(
    "%s announces a question still to come, in one of the many shapes buyers give it: a greeting alone",
    (t) => expect(readBuyerIntent(t)).toMatchObject({ kind: "question", clauses: [], greetingOnly: true }),
  );

  it.each(["哈喽哈喽 有客服不", "店主 在线没有呀", "早 客服上班没得"])("%s asks whether anyone is on duty: a greeting alone", (t) => expect(readBuyerIntent(t)).toMatchObject({ kind: "question", clauses: [], greetingOnly: true }));

  it("the greeting entry meets a greeting's own words, the opener and address gone whole", () => {
    expect(greetingWords(prepareBuyerText("老板 在不 问个事儿"))).toBe("在吗");
    expect(greetingWords(prepareBuyerText("在吗 咨询下"))).toBe("在吗");
    // a greeting word keeps the address inside it (cut to "有吗" it asked about stock), as 有人吗
    expect(greetingWords(prepareBuyerText("哈喽哈喽 有客服不"))).toBe("哈喽哈喽 有人吗");
  });

  it("asking to be told about a topic ('问下发货时间') is a question, not a statement", () => {
    expect(readBuyerIntent("在吗 问下发货时间")).toEqual({ kind: "question", clauses: ["问下发货时间"], greetingOnly: false });
    expect(readBuyerIntent("我问一下物流").kind).toBe("question");
  });

  it.each(["我拍的M 来的是L", "我拍的是卡其色 寄来的是军绿", "买的是男款 寄来一个女款", "买一送一 只收到一个啊", "订了6罐 箱子里就5罐"])("%s says the wrong thing or too few came: a complaint put as a statement, and a question", (t) =>
    expect(readBuyerIntent(t).kind).toBe("question"),
  );

  it.each(["衬衫领子那块走线是歪的 还一堆线头", "毛衣一股怪味 还掉毛掉得厉害", "手机壳边上全是毛刺", "快递一直卡在转运中心", "刚拆的电热水壶一插电就跳闸"])("%s tells of a fault in the words buyers use for one: a question", (t) =>
    expect(readBuyerIntent(t).kind).toBe("question"),
  );

  it("几 and 多久 after 没/好/才 tell how long; they do not ask ('刚买没几天' is context, not a second question)", () => {
    expect(raisesConcern("刚买没几天")).toBe(false);
    expect(readBuyerIntent("等了好几天了").kind).toBe("not-a-question");
    expect(raisesConcern("几天能到")).toBe(true);
  });

  it.each(["从哪里申请", "在哪里可以看到?", "怎么操作", "可以改吗", "查到了吗", "请尽快"])("%s asks how or where to do something without saying what: it points back, not a question", (t) =>
    expect(readBuyerIntent(t).kind).toBe("not-a-question"),
  );

  it.each(["怎么退货", "包邮吗", "在哪里申请退款", "发票怎么开"])("%s names what it asks about: a question", (t) => expect(readBuyerIntent(t).kind).toBe("question"));

  it.each(["我买的是空调", "好的 收到了", "我买的来了"])("%s names or reports what came: no complaint", (t) => expect(readBuyerIntent(t).kind).toBe("not-a-question"));

  it("demanding the price difference back is a request, as 退款 is ('拍完就降价 坑人啊！！退差价！！'); declining it is not", () => {
    expect(readBuyerIntent("拍完就降价 坑人啊！！退差价！！")).toEqual({ kind: "question", clauses: ["拍完就降价", "退差价"], greetingOnly: false });
    expect(readBuyerIntent("不用退差价了").kind).toBe("not-a-question");
    expect(readBuyerIntent("早点发货").kind).toBe("question");
    expect(readBuyerIntent("下单下重了 退掉一单")).toEqual({ kind: "question", clauses: ["退掉一单"], greetingOnly: false });
    expect(readBuyerIntent("不用撤销").kind).toBe("not-a-question");
  });

  it("Wu 伐 and written 否 at a clause's end ask as 吗 does; 与否 does not", () => {
    expect(readBuyerIntent("包邮伐").clauses).toEqual(["包邮吗"]);
    expect(readBuyerIntent("这个能退否？").clauses).toEqual(["这个能退吗"]);
    expect(readBuyerIntent("成功与否").kind).toBe("not-a-question");
  });

  it("还是 asks between two options, not where it opens a clause or settles on one", () => {
    for (const t of ["穿S还是M", "宝宝12斤 买66还是73的", "发顺丰还是中通"]) expect(readBuyerIntent(t).kind).toBe("question");
    // "still / had better": the buyer states a choice (a real JD message got the refund answer)
    for (const t of ["余额提现 还是原来的那个账户就好", "还是原来的地址吧"]) expect(readBuyerIntent(t).kind).toBe("not-a-question");
  });

  it("an opener followed by a topic is that question, not a greeting", () => {
    expect(readBuyerIntent("美女您好 我想请问一下 什么时候发货")).toEqual({ kind: "question", clauses: ["什么时候发货"], greetingOnly: false });
  });
});

describe("greetingWords", () => {
  it("keeps what the greeting entry can match: the address and the opener go; address alone greets", () => {
    expect(greetingWords("美女您好")).toBe("您好");
    expect(greetingWords("你好 我想请问一下")).toBe("你好");
    expect(greetingWords("亲亲")).toBe("你好");
  });
});

const ENTRIES: FaqEntry[] = [
  { id: "invoice", question: "可以开发票吗？", examples: ["我要开发票", "发票怎么开", "能开专票吗", "电子发票在哪里下载"], answer: "可以开电子发票", enabled: true },
  { id: "quality-issue", question: "收到的商品有质量问题怎么办？", examples: ["质量问题", "收到是坏的", "拉链坏了"], answer: "质量问题包退换，运费我们出", enabled: true },
  { id: "missing-item", question: "少发了怎么办？", examples: ["少了一件", "收到的颜色不对", "赠品没收到"], answer: "拍照给我们，补发", enabled: true },
  { id: "shipping-time", question: "什么时候发货？", examples: ["几天能发货", "今天能发货吗", "拍了好几天了还没发货"], answer: "48小时内发货", enabled: true },
];
const m = buildFaqMatcher(ENTRIES, { threshold: 0.5 });

describe("readMessage", () => {
  it("negations and refusals reverse the entry: never answered", () => {
    for (const t of ["我不要发票", "不用开发票", "不是质量问题 是我自己摔坏的"]) {
      const r = readMessage(t, m, "kuaishou");
      expect(r.negated || !r.match?.confident || r.intent.kind !== "question").toBe(true);
    }
    // declining with no question word asks nothing; confident on n-grams alone, stopped by the negation
    expect(readMessage("不用开发票", m, "kuaishou").intent.kind).toBe("not-a-question");
    expect(readMessage("能开发票吗 不用开了", m, "kuaishou")).toMatchObject({ match: { confident: true }, negated: true });
    expect(readMessage("不是质量问题 是我自己摔坏的", m, "kuaishou")).toMatchObject({ match: { confident: true }, negated: true });
    expect(withoutNegatedSpans("电子发票也不用开了")).toBe(" ");
    // a question form is not a negation, and a cue the entry itself uses is its meaning
    expect(withoutNegatedSpans("是不是质量问题")).toBeNull();
    expect(readMessage("赠品没收到", m, "kuaishou")).toMatchObject({ negated: false });
  });

  it("an A-not-A question (送没送, 发没发, 好不好) asks; it takes nothing back", () => {
    for (const t of ["送没送运费险啊", "发没发货", "到底要不要运费", "质量好不好"]) expect(withoutNegatedSpans(t)).toBeNull();
    expect(withoutNegatedSpans("没送运费险")).not.toBeNull();
  });

  it("a refusal takes back only a question before it: one after it ('不想要了 能退吗') is the question, the refusal its reason", () => {
    const returns = buildFaqMatcher([...ENTRIES, { id: "seven-day-return", question: "支持七天无理由退货吗？", examples: ["不想要了能退吗", "没拆封可以退吗", "七天无理由能退吗"], answer: "支持", enabled: true }], { threshold: 0.5 });
    const reason = readMessage("包装都没拆 不想要了 能无理由退吗", returns, "kuaishou");
    expect([reason.match?.confident, reason.match?.matches[0]?.entryId, reason.negated]).toEqual([true, "seven-day-return", false]);
    expect(readMessage("能开发票吗 不对 我不需要了", returns, "kuaishou")).toMatchObject({ negated: true });
    expect(readMessage("今天能发货吗 不要了", returns, "kuaishou")).toMatchObject({ negated: true });
  });

  it("a refusal the entry means ('我想取消 不要了': cancelling is not wanting it) is no take-back; one its texts say once is", () => {
    const cancel = { id: "cancel-order", question: "怎么取消订单？", examples: ["不要了 帮我取消", "我想取消 不要了", "拍错了不要了 能取消吗", "取消订单"], answer: "未发货可直接取消", enabled: true };
    const urge = { id: "urge-shipping", question: "能催一下发货吗？", examples: ["快点发货", "再不发我就不要了", "催一下"], answer: "已催仓库", enabled: true };
    const withBoth = buildFaqMatcher([...ENTRIES, cancel, urge], { threshold: 0.5 });
    const meant = readMessage("还没发出的话 我想取消 不要了", withBoth, "kuaishou");
    expect([meant.match?.matches[0]?.entryId, meant.negated]).toEqual(["cancel-order", false]);
    const takenBack = readMessage("能催一下发货吗 不要了", withBoth, "kuaishou");
    expect([takenBack.match?.matches[0]?.entryId, takenBack.match?.confident, takenBack.negated]).toEqual(["urge-shipping", true, true]);
  });

  it("an entry owns a negation only with the word it negates: 没收到 in its examples does not excuse 没申请", () => {
    const own = negationCuesOf(["没收到货怎么退款"]);
    expect(withoutNegatedSpans("没收到货怎么退款", own)).toBeNull();
    expect(withoutNegatedSpans("我没申请退货啊 怎么显示退货中", own)).not.toBeNull();
  });

  it("with no threshold at all (calibration reads every message so), a negated message is still negated", () => {
    const open = buildFaqMatcher(ENTRIES, { threshold: 0 });
    expect(readMessage("因为外地的无法报销 电子发票也不用开了", open, "kuaishou").negated || readBuyerIntent("因为外地的无法报销 电子发票也不用开了").kind !== "question").toBe(true);
    expect(readMessage("能帮我开个发票吗 不用开了", open, "kuaishou")).toMatchObject({ negated: true });
  });

  it("one shared character is no evidence: 对 never meets 颜色不对", () => {
    const r = readMessage("对", m, "kuaishou");
    expect(r.intent.kind).toBe("not-a-question");
    const fragment = readMessage("能开什么", m, "kuaishou");
    expect(fragment.negated || fragment.notCovered || !fragment.match?.confident).toBe(true);
  });

  it("a lookup of the buyer's own case or a seller speaking of their customers is not covered by a policy answer", () => {
    const open = buildFaqMatcher(ENTRIES, { threshold: 0 });
    for (const t of ["我的发票进度怎么样了", "发票开好了没 处理好了吗", "有个客户要开发票，是平台开吗"]) expect(readMessage(t, open, "kuaishou")).toMatchObject({ notCovered: true });
    expect(readMessage("可以开发票吗", open, "kuaishou")).toMatchObject({ notCovered: false, negated: false });
    // where to look it up is a how-to, not a lookup of the case
    expect(readMessage("在哪里能看发票进度", open, "kuaishou")).toMatchObject({ notCovered: false });
    expect(readMessage("发票开了吗 查到了吗", open, "kuaishou")).toMatchObject({ notCovered: true });
  });

  it("changing what is done is covered only by an entry whose texts speak of changing", () => {
    const open = buildFaqMatcher(ENTRIES, { threshold: 0 });
    // the invoice entry explains how to get one; changing its title is another request
    const change = readMessage("我想换个发票抬头可以吗", open, "kuaishou");
    expect([change.match?.matches[0]?.entryId, change.notCovered]).toEqual(["invoice", true]);
    expect(readMessage("发票怎么开", open, "kuaishou").notCovered).toBe(false);
    const address = { id: "change-address", question: "能改地址吗？", examples: ["地址写错了能改吗", "帮我修改收货地址", "改一下电话", "收件人改成我妈"], answer: "未发货可修改", enabled: true };
    const withAddress = buildFaqMatcher([...ENTRIES, address], { threshold: 0 });
    const r = readMessage("地址填错了 帮我改一下", withAddress, "kuaishou");
    expect([r.match?.matches[0]?.entryId, r.notCovered]).toEqual(["change-address", false]);
  });

  it("a greeting by address ('美女您好') meets the greeting entry on its greeting words, not an unknown '美女'", () => {
    const withGreeting = buildFaqMatcher([...ENTRIES, { id: "greeting", question: "在吗？", examples: ["你好", "您好", "有人吗"], answer: "在的", enabled: true }], { threshold: 0.5 });
    for (const t of ["美女您好", "帅哥 在吗", "你好 我想请问一下"]) {
      const match = readMessage(t, withGreeting, "kuaishou").match;
      expect(match?.confident).toBe(true);
      expect(match?.matches[0]?.entryId).toBe("greeting");
    }
  });

  it("interjections (嗯, 呢, 啊) say nothing: the match reads the words around them", () => {
    const plain = m.match("能开专票吗", { platform: "kuaishou", topK: 1 }).matches[0]!;
    const spoken = m.match("嗯 能开专票吗 啊", { platform: "kuaishou", topK: 1 }).matches[0]!;
    expect(spoken.entryId).toBe("invoice");
    expect(spoken.score).toBeCloseTo(plain.score, 6);
  });

  it("a confident match on the hand-off entry (human-agent) is a request for a person, never an answer; a declined one is not", () => {
    const withHandoff = buildFaqMatcher([...ENTRIES, { id: HANDOFF_ENTRY_ID, question: "转人工客服", examples: ["机器人答的不对 换人", "换个能听懂的来回我"], answer: "已为您转接", enabled: true }], { threshold: 0.5 });
    const asked = readMessage("机器人答的都不对 换人吧", withHandoff, "kuaishou");
    expect(asked.match?.matches[0]?.entryId).toBe(HANDOFF_ENTRY_ID);
    expect(asked.intent).toEqual({ kind: "human-request", clauses: [], greetingOnly: false });
    expect(readMessage("不用转人工了", withHandoff, "kuaishou").intent.kind).toBe("not-a-question");
    // without the entry the same words are just a weak question
    expect(readMessage("机器人答的都不对 换人吧", m, "kuaishou").intent.kind).not.toBe("human-request");
  });

  it("a context clause (no question, request or fault) is no second request; a question, request or fault is", () => {
    // "周六要用" alone meets the rush entry: as a clause of context it must not stop the answer
    const withRush = buildFaqMatcher([...ENTRIES, { id: "urge-shipping", question: "能加急吗？", examples: ["周六要用 能加急吗", "着急要用 帮我加急"], answer: "已备注加急", enabled: true }], { threshold: 0.5 });
    expect(withRush.match("周六要用", { platform: "kuaishou", topK: 1 }).matches[0]).toMatchObject({ entryId: "urge-shipping" });
    const withContext = readMessage("什么时候发货 周六要用", withRush, "kuaishou");
    expect([withContext.notCovered, withContext.match?.confident, withContext.match?.matches[0]?.entryId]).toEqual([false, true, "shipping-time"]);
    expect(readMessage("什么时候发货 能开发票吗", withRush, "kuaishou").notCovered).toBe(true);
    expect(readMessage("什么时候发货 拉链坏了", withRush, "kuaishou").notCovered).toBe(true);
  });

  it("requests for a person are not matched at all", () => {
    expect(readMessage("我要投诉 发票开错了", m, "kuaishou")).toMatchObject({ intent: { kind: "human-request" }, match: null });
  });
});

describe("conversation state", () => {
  it("a human reply clears a request for a person; bot answers are remembered newest first", () => {
    const s = foldConversation([
      { from: "buyer", at: 1, humanRequested: true },
      { from: "bot", at: 2, faqId: "a" },
      { from: "bot", at: 3, faqId: "b" },
    ]);
    expect(s).toMatchObject({
      humanRequestedAt: 1,
      botAnswers: [
        { faqId: "b", at: 3 },
        { faqId: "a", at: 2 },
      ],
    });
    expect(observe(s, { from: "human", at: 4, agent: "a1" })).toMatchObject({ humanRequestedAt: null, lastHumanReplyAt: 4, lastHumanAgent: "a1" });
    expect(observe(EMPTY_CONVERSATION, { from: "human", type: "assigned", at: 5 })).toBe(EMPTY_CONVERSATION);
  });
});
