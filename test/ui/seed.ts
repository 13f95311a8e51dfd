/** Deterministic history for the dashboard screens: two weeks of buyer messages and replies. */
import { DAY_START } from "./support.js";

interface Ev {
  id: string;
  platform: "taobao" | "douyin" | "kuaishou";
  conversation: string;
  at: string;
  from: string;
  text?: string;
  agent?: string;
  bot?: string;
  mode?: string;
}

/** A small LCG so the history (and the screenshot) is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const QUESTIONS = ["什么时候发货", "能便宜点吗", "有赠品吗", "尺码怎么选", "可以开发票吗", "退货怎么退", "发什么快递", "在吗"];

/** Days before today (0 = today, up to the server clock's 10:00), per platform, ~n conversations a day. */
export function history(days = 14, perDay = 6): Ev[] {
  const rand = rng(7);
  const out: Ev[] = [];
  const platforms = ["douyin", "taobao", "kuaishou"] as const;
  for (let d = days; d >= 0; d--) {
    const dayStart = DAY_START - 10 * 3600_000 - d * 86_400_000;
    for (const platform of platforms) {
      for (let i = 0; i < perDay; i++) {
        // today only up to 09:55 so nothing is in the future of the server clock
        const hour = d === 0 ? 8 + Math.floor(rand() * 2) : 9 + Math.floor(rand() * 12);
        const at = dayStart + hour * 3600_000 + Math.floor(rand() * 55) * 60_000;
        const conv = `${platform}-b${d}-${i}`;
        const agent = rand() < 0.5 ? "a1" : "a2";
        out.push({ id: `${conv}-q`, platform, conversation: conv, at: new Date(at).toISOString(), from: "buyer", text: QUESTIONS[Math.floor(rand() * QUESTIONS.length)]!, agent });
        // most replies in time; the evening hours and some days run late
        const lateBias = hour >= 18 ? 0.45 : d % 5 === 2 ? 0.35 : 0.1;
        if (rand() < 0.05) continue; // never answered
        const delay = rand() < lateBias ? 200 + Math.floor(rand() * 600) : 10 + Math.floor(rand() * 150);
        out.push({ id: `${conv}-r`, platform, conversation: conv, at: new Date(at + delay * 1000).toISOString(), from: "human", agent, text: "亲，您好～" });
      }
    }
  }
  return out;
}
