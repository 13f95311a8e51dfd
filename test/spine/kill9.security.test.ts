/**
 * kill -9 under load (issue 16): `npm start`'s entry in its own process takes webhooks from
 * eight concurrent senders and is killed with SIGKILL once 100 more of them are acknowledged,
 * KILL_ROUNDS times (default 2; `npm run bench:crash` runs 10) over the same database. Every
 * acknowledged id must be stored; then, as a platform would, every id sent (acknowledged or
 * not) is posted again to a restarted server: nothing is acted on twice (one decision per
 * stored buyer message, one reply row each), no buyer message's reply reaches the outbound
 * receiver under two Idempotency-Keys, and every key delivered is a committed outbox row.
 */
import { describe, expect, it } from "vitest";
import { runCrashRounds } from "../support/kill9.js";

const ROUNDS = Number(process.env.KILL_ROUNDS ?? 2);

describe("kill -9 under load", () => {
  it(
    `loses no acknowledged id and acts on none twice (${ROUNDS} kills)`,
    async () => {
      const r = await runCrashRounds({ rounds: ROUNDS, perRound: 100, port: 18163 });
      expect(r.lost).toEqual([]);
      expect(r.acked).toBeGreaterThanOrEqual(100 * ROUNDS);
      expect(r.storedBuyerMessages).toBe(r.sent);
      expect(r.decisionsNotOne).toEqual([]);
      expect(r.doubleReplyRows).toEqual([]);
      expect(r.replyRows).toBe(r.sent);
      expect(r.doubleDeliveries).toEqual([]);
      expect(r.deliveredNotCommitted).toEqual([]);
      expect(r.undelivered).toBe(0);
    },
    60_000 + ROUNDS * 45_000,
  );
});
