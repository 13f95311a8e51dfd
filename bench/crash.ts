/**
 * `npm run bench:crash`: kill -9 × KILL_ROUNDS (10) under load (issue 16's target: 0 acked ids
 * lost, 0 double replies), the same run as test/spine/kill9.security.test.ts with more rounds
 * (KILL_PER_ROUND acknowledged ids between kills, default 300), figures printed. The server runs
 * on 127.0.0.1:KILL_PORT (18173); its replies go to a local receiver.
 */
import { cpus, loadavg } from "node:os";
import { runCrashRounds } from "../test/support/kill9.js";

const rounds = Number(process.env.KILL_ROUNDS ?? 10);
const perRound = Number(process.env.KILL_PER_ROUND ?? 300);
console.log(`bench:crash — kill -9 × ${rounds} under load (8 senders, ${perRound} acknowledged ids between kills); load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores`);
const r = await runCrashRounds({ rounds, perRound, port: Number(process.env.KILL_PORT ?? 18173), log: (l) => console.log(`  ${l}`) });
console.log(`sent ${r.sent}, acknowledged ${r.acked}, acknowledged but lost ${r.lost.length}`);
console.log(`after re-posting every id: ${r.storedBuyerMessages} buyer messages stored, ${r.decisionsNotOne.length} without exactly one decision, ${r.replyRows} reply rows (${r.doubleReplyRows.length} messages with two)`);
console.log(
  `outbound receiver: ${r.deliveries} deliveries, ${r.doubleDeliveries.length} messages answered under two Idempotency-Keys (double replies), ${r.deliveredNotCommitted.length} keys delivered without a committed row, ${r.undelivered} replies left undelivered`,
);
console.log(
  `target: 0 acked ids lost, 0 double replies → ${r.lost.length === 0 && r.doubleDeliveries.length === 0 && r.doubleReplyRows.length === 0 ? "met" : "NOT met"} (${r.seconds.toFixed(0)} s; load average now ${loadavg()[0]!.toFixed(2)})`,
);
if (r.lost.length || r.doubleDeliveries.length || r.deliveredNotCommitted.length) process.exitCode = 1;
