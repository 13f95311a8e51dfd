/**
 * `faq eval-live` must report what a shop would see: the same labelled messages, each pushed
 * as a Kuaishou buyer message (encrypted and signed, the platform's wire format) to the server
 * `npm start` runs, over real HTTP, with the demo FAQ, decide exactly as the command says.
 * If the command and the server ever drift (a gate in one path only, another threshold, the
 * server reading the conversation differently), the figures in docs/faq.md stop being true.
 */
import { spawnCli } from "../support/cli.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLabels } from "../../src/cli/labels-tsv.js";
import { scoreLiveDecisions, type LiveOutcome } from "../../src/core/faq/live-eval.js";
import { encryptKuaishouPush } from "../../src/platforms/kuaishou/codec.js";
import { ROOT, startAndStop } from "../support/main-process.js";
import { vectors } from "../platforms/vectors.js";
import { REPLY_DELIVERY_REASONS } from "../../src/core/undelivered.js";

const LABELS = "test/fixtures/buyer-labels/paraphrases-dev.tsv";
const KS = { appKey: vectors.kuaishouPush.appKey, msgKey: vectors.kuaishouPush.msgKey, signSecret: "ks-sign-secret-e2e" };
const ADMIN = "admin-e2e";

describe("faq eval-live against the running server", () => {
  it("every labelled paraphrase pushed through the Kuaishou webhook of npm start is decided as the command reports", async () => {
    const messages = await readLabels(LABELS); // relative, as the command names it (vitest runs at the root)
    const dir = mkdtempSync(join(tmpdir(), "fr-eval-live-"));
    const outcomes: LiveOutcome[] = [];
    try {
      const env = {
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: join(dir, "fr.db"),
        FAQ_DIR: join(ROOT, "faq"),
        GENERIC_WEBHOOK_SECRET: "generic-e2e",
        ADMIN_TOKEN: ADMIN,
        AGENT_TOKENS: "ops=agent-e2e",
        KUAISHOU_APP_KEY: KS.appKey,
        KUAISHOU_MSG_KEY: KS.msgKey,
        KUAISHOU_SIGN_SECRET: KS.signSecret,
      };
      await startAndStop(env, async (listening) => {
        const url = String(listening.url);
        for (const [i, m] of messages.entries()) {
          // each message opens its own conversation, as the command reads it: the labels judge the text alone
          const body = await encryptKuaishouPush(
            JSON.stringify({ appKey: KS.appKey, test: false, createTime: Date.now(), eventId: `e2e-${i}`, event: "kwaishop_cs_buyer_message", info: JSON.stringify({ buyerOpenId: `buyer-${i}`, text: m.text }) }),
            KS.msgKey,
          );
          const res = await fetch(`${url}/webhooks/kuaishou/default`, { method: "POST", body, headers: { "content-type": "text/plain" } });
          expect(res.status, `${m.at}: ${await res.clone().text()}`).toBe(200);
          const d = (await (await fetch(`${url}/api/admin/decisions?conversation=buyer-${i}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as {
            decisions: { action: LiveOutcome["action"]; reason: string; faq: { id: string; score: number } | null }[];
          };
          // the buyer message's decision; our answer may add its own when it could not be delivered
          // (this server has no outbound URL, and Kuaishou's API is not reachable): core/undelivered.ts
          const onBuyer = d.decisions.filter((x) => !(REPLY_DELIVERY_REASONS as readonly string[]).includes(x.reason));
          expect(onBuyer, m.at).toHaveLength(1);
          const [only] = onBuyer;
          outcomes.push({ action: only!.action, reason: only!.reason, faqId: only!.faq?.id ?? null, faqScore: only!.faq?.score ?? null });
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const served = scoreLiveDecisions(messages.map((message, i) => ({ message, outcome: outcomes[i]! })));
    const r = spawnCli(["faq", "eval-live", LABELS, "--platform", "kuaishou", "--json"], { cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    const { labels: _labels, platform: _platform, faq: _faq, ...reported } = JSON.parse(r.stdout);
    // the same answers, the same wrong ones (scores rounded: the server stores them as REAL)
    const round = (w: { score: number | null }) => ({ ...w, score: w.score === null ? null : Number(w.score.toFixed(6)) });
    expect({ ...served, wrong: served.wrong.map(round) }).toEqual({ ...reported, wrong: reported.wrong.map(round) });
    expect(served.autoAnswered).toBeGreaterThan(0);
  }, 120_000);
});
