import { describe, expect, it } from "vitest";
import { openccChangedChars } from "../../scripts/opencc-table.js";
import { createNormalizer, normalizeText, toSimplified } from "../../src/core/faq/normalize.js";
import { OPENCC_CHANGED } from "../../src/core/faq/opencc-changed.generated.js";
import { tokenize } from "../../src/core/faq/tokenize.js";

describe("normalizeText", () => {
  it("folds full-width letters, digits and punctuation (NFKC) and case", () => {
    expect(normalizeText("ＩＰＨＯＮＥ１２能用吗？")).toBe("iphone12能用吗");
  });

  it("converts traditional characters to simplified", () => {
    expect(normalizeText("請問這個發貨時間是多久")).toBe("这个发货时间是多久");
    expect(normalizeText("運費險怎麼理賠")).toBe("运费险怎么理赔");
  });

  it("drops emoji, punctuation and the spaces buyers put between Chinese characters", () => {
    expect(normalizeText("发 货 了 吗？？😀👍")).toBe("发货了吗");
    expect(normalizeText("尺码/颜色")).toBe("尺码颜色");
  });

  it("keeps a space only between two Latin or digit words", () => {
    expect(normalizeText("iphone 12 pro 有货吗")).toBe("iphone 12 pro有货吗");
  });

  it("removes buyer fillers that carry no intent", () => {
    expect(normalizeText("亲，请问什么时候发货呀")).toBe("什么时候发货");
    expect(normalizeText("你好 在吗 这个包邮吗")).toBe("这个包邮吗");
    expect(normalizeText("hi 能开发票吗")).toBe("能开发票吗");
  });

  it("keeps a message made only of fillers: it is a greeting", () => {
    expect(normalizeText("在吗？")).toBe("在吗");
    expect(normalizeText("你好")).toBe("你好");
    expect(normalizeText("还在吗")).toBe("还在吗");
  });

  it("treats 亲 as a filler only on its own, not inside a word", () => {
    expect(normalizeText("亲子装有吗")).toBe("亲子装有吗");
    expect(normalizeText("亲 有优惠吗")).toBe("有优惠吗");
  });

  it("does not remove a filler where that would split a word at its edge, and takes a shorter filler there instead", () => {
    // "请问下" + "单后…" would leave 单后 with 下单 gone; "请问" is the filler here
    expect(normalizeText("请问下单后多久发货")).toBe("下单后多久发货");
    expect(normalizeText("请问下午能发吗")).toBe("下午能发吗");
    expect(normalizeText("哈密能到吗")).toBe("哈密能到吗");
    expect(normalizeText("呢子大衣起球了")).toBe("呢子大衣起球了");
    expect(normalizeText("统一下单能一起发吗")).toBe("统一下单能一起发吗");
    // 我要不要: the buyer is unsure, not saying 不要 (a negation the reader would act on)
    expect(normalizeText("我要不要买大一码")).toBe("我要不要买大一码");
    // 要求 is a word; "我要求" as a whole is a request wrapper like "我要"
    expect(normalizeText("我要求保价")).toBe("保价");
    expect(normalizeText("我要保价")).toBe("保价");
    // away from a protected word the filler still goes
    expect(normalizeText("请问下发票抬头能改吗")).toBe("发票抬头能改吗");
  });

  it("does not cut Latin fillers out of longer words", () => {
    expect(normalizeText("ship to hk")).toBe("ship to hk");
  });

  it("masks long numbers such as order numbers, and drops the label that only announces one", () => {
    // "订单号" before a number says only "here is a number": kept, it matched cancel-order
    expect(normalizeText("订单号12345678901怎么还没到")).toBe("0怎么还没到");
    expect(normalizeText("订单:[订单x]")).toBe("0");
    expect(normalizeText("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]")).toBe("0 0 0 0");
    expect(normalizeText("我的手机13812345678收不到")).toBe("我的手机0收不到");
  });

  it("reads real buyer writing: traditional characters, emoji, typos, slang and place names", () => {
    expect(normalizeText("親，這款什麼時候能發貨呀？急用")).toBe("这款什么时候能发货急用");
    expect(normalizeText("寄到乌鲁木齐要多久呀😭")).toBe("寄到地区要多久");
    expect(normalizeText("到新疆维吾尔自治区要几天")).toBe(normalizeText("到北京要几天"));
    // across a border is another question than the mainland delivery times: the place stays
    expect(normalizeText("能寄到香港吗")).toBe("能寄到港澳台吗");
    expect(normalizeText("寄台灣可以嗎")).toBe(normalizeText("寄香港可以吗"));
    expect(normalizeText("中国澳门特别行政区几天到")).toBe(normalizeText("香港几天到"));
    expect(normalizeText("澳门几天到")).not.toBe(normalizeText("广州几天到"));
    expect(normalizeText("台式机和一台显示器")).toBe("台式机和一台显示器");
    expect(normalizeText("退或怎么弄啊")).toBe("退货怎么弄");
    expect(normalizeText("肿么还不发货")).toBe("怎么还不发货");
    expect(normalizeText("包由吗？？？")).toBe("包邮吗");
    // a clause-final 不 is a yes-no question, except where it refuses
    expect(normalizeText("能取消不 还没发货吧")).toBe(normalizeText("能取消吗 还没发货吧"));
    expect(normalizeText("老板在不")).toBe(normalizeText("老板在吗"));
    expect(normalizeText("我就不")).toBe("我就不");
    expect(normalizeText("要不")).toBe("要不");
    // a typo map entry never fires inside a longer correct word
    expect(normalizeText("快递")).toBe("快递");
  });

  it("reads written Cantonese as the Mandarin entries are written in, and only beside a character Mandarin does not use", () => {
    expect(normalizeText("呢件衫包唔包運費呀")).toBe("这件衫包不包运费");
    expect(normalizeText("有冇優惠券㗎")).toBe("有没有优惠券");
    expect(normalizeText("退咗貨 啲錢要等幾多日先返到嚟")).toBe("退了货些钱要等多少日先回来");
    expect(normalizeText("寄嘅係咩速遞")).toBe("寄的是什么速递");
    // a clause-final 咩 asks; 呢 and 仲 alone are Mandarin (a particle, 仲裁)
    expect(normalizeText("包邮咩")).toBe("包邮吗");
    expect(normalizeText("仲裁结果出来了")).toBe("仲裁结果出来了");
  });

  it("rewrites synonyms to the first word of their group", () => {
    const n = createNormalizer({ synonyms: [["包邮", "免运费", "免邮"]] });
    expect(n("这个免运费吗")).toBe("这个包邮吗");
    expect(n("亲 免邮不")).toBe("包邮吗");
  });
});

describe("tokenize", () => {
  it("yields character 1- and 2-grams and whole Latin words with bridges", () => {
    expect(tokenize("发货了", { maxN: 2 })).toEqual(["发", "发货", "货", "货了", "了"]);
    expect(tokenize("s3电信", { maxN: 2 })).toEqual(["s3", "电", "电信", "信", "s3电"]);
  });
});

describe("the precompiled OpenCC table", () => {
  it("lists exactly the characters the installed opencc-js t2cn converter changes (regenerate: npx tsx scripts/opencc-table.ts)", () => {
    expect(OPENCC_CHANGED).toBe(openccChangedChars());
  });

  it("converts through OpenCC only text with such a character, as a whole (phrases kept)", () => {
    expect(toSimplified("这个发货时间")).toBe("这个发货时间");
    expect(toSimplified("這個發貨時間")).toBe("这个发货时间");
  });
});
