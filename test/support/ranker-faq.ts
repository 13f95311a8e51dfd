/**
 * A FAQ set large enough for the learned ranker (train.ts MIN_MODEL_EXAMPLES, under 20
 * examples per entry), generated: products × topics, with paraphrases that share few
 * characters with their questions and near-duplicate questions between entries.
 */
import type { FaqEntry } from "../../src/core/faq/types.js";

export const PRODUCTS = ["手机", "电脑", "耳机", "手表", "相机", "音箱", "平板", "键盘", "鼠标", "充电器"];
const TOPICS: [question: string, paraphrases: string[]][] = [
  ["怎么退货", ["不想要了能退吗", "退回去要怎么弄", "寄回去退款", "七天无理由可以吗", "退了钱多久到", "不满意想退掉"]],
  ["多久发货", ["什么时候寄出", "几天能到", "今天能寄吗", "拍了还没寄", "物流啥时候有", "下单后多久寄"]],
  ["保修多长时间", ["坏了保几年", "质保期是多久", "过保了还管吗", "售后保修政策", "一年内坏了包换吗", "保修卡在哪"]],
  ["能开发票吗", ["要报销的票据", "公司抬头的票", "电子票怎么给", "可以开专票吗", "票据随货寄吗", "报销凭证有吗"]],
  ["有没有赠品", ["送什么东西", "买了给小礼物吗", "附送配件吗", "活动送啥", "有礼品吗", "送不送贴膜"]],
  ["怎么安装使用", ["不会用怎么弄", "说明书在哪", "第一次用要设置吗", "连不上怎么办", "开机步骤", "使用教程有吗"]],
];

export function rankerFaqEntries(): FaqEntry[] {
  const entries: FaqEntry[] = [];
  PRODUCTS.forEach((p, i) =>
    TOPICS.forEach(([q, paras], j) => {
      entries.push({
        id: `p${i}-t${j}`,
        question: `${p}${q}？`,
        // each entry gets a rotating share of its topic's paraphrases, with the product named
        examples: paras.filter((_, k) => (k + i) % 6 !== 0 || i % 2 === 0).map((x, k) => (k % 2 === 0 ? `${p}${x}` : `我的${p}${x}`)),
        answer: `${p}：${q}的说明。`,
        enabled: true,
      });
    }),
  );
  return entries;
}
