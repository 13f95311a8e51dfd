/**
 * An open-loop load at a steady rate: request i is due at start + i / rate, whatever the
 * server is doing, and its latency counts from that due time (so a stall shows in every
 * request it delayed: no coordinated omission).
 *
 * Why beside autocannon: autocannon's `overallRate` gives each connection a budget per second
 * that it spends back to back at the start of the second, so "1,000/s" is a burst at full
 * speed followed by silence; and its latency correction for that mode uses an expected
 * interval of ceil(1 / rate) = 1 ms, which records every L ms response L times. Neither is a
 * steady 1,000 msgs/s.
 */
import { Agent, request } from "node:http";

export interface SteadyFigures {
  sent: number;
  /** due but not sent because `maxInFlight` requests were already waiting (the server fell behind) */
  skipped: number;
  ok: number;
  failed: number;
  /** why requests failed: `HTTP <status>` or the socket error's code, with counts */
  failures: Record<string, number>;
  /** achieved rate of completed requests */
  rps: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * `maxInFlight` bounds the backlog when the server cannot keep up with `rate`: a request due
 * while that many are unanswered is skipped (counted), so the run ends on time instead of
 * draining a backlog of minutes, and the rate it reached is what the server sustained.
 */
export async function steadyLoad(opts: { url: string; rate: number; seconds: number; next: () => { body: string; headers: Record<string, string> }; maxInFlight?: number }): Promise<SteadyFigures> {
  const target = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(opts.rate * opts.seconds);
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const failures: Record<string, number> = {};
  const fail = (why: string) => {
    failed++;
    failures[why] = (failures[why] ?? 0) + 1;
  };
  let sent = 0;
  let skipped = 0;
  const maxInFlight = opts.maxInFlight ?? Number.POSITIVE_INFINITY;
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();

  const send = (dueAt: number) => {
    const { body, headers } = opts.next();
    const p = new Promise<void>((resolve) => {
      const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on("end", () => {
          latencies.push(performance.now() - dueAt);
          if (res.statusCode && res.statusCode < 300) ok++;
          else fail(`HTTP ${res.statusCode}`);
          resolve();
        });
      });
      req.on("error", (err: NodeJS.ErrnoException) => {
        fail(err.code ?? err.message);
        resolve();
      });
      req.end(body);
    });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
  };

  while (sent + skipped < total) {
    const now = performance.now();
    // everything due by now goes out now, each timed from its own due time
    for (let due = start + ((sent + skipped) * 1000) / opts.rate; sent + skipped < total && due <= now; due = start + ((sent + skipped) * 1000) / opts.rate) {
      if (inFlight.size >= maxInFlight) skipped++;
      else {
        send(due);
        sent++;
      }
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { sent, skipped, ok, failed, failures, rps: ok / elapsed, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? 0 };
}
