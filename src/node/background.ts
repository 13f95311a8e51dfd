/**
 * In-process timers of the Node runtime: the outbox worker, the escalation sweep and, when
 * the storage worker does not do it, the compliance fold. Each runs one pass at a time; a
 * kick (new outbox rows) runs the outbox at once instead of waiting for the next tick.
 */
import type { ServiceContext } from "../services/context.js";
import { syncCompliance } from "../services/compliance.js";
import { sweepEscalations } from "../services/escalation.js";
import { deliverDueOutbox, type Deliver } from "../services/outbox.js";

export interface Loop {
  kick(): void;
  stop(): Promise<void>;
}

export function startLoop(name: string, intervalMs: number, pass: () => Promise<unknown>, onError: (err: unknown) => void): Loop {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    kick: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export interface Background {
  outbox: Loop;
  escalations: Loop;
  /** the compliance fold on this thread; undefined while the storage worker folds */
  compliance: Loop | undefined;
  /** takes the compliance fold onto this thread (the storage worker failed) */
  foldHere(): void;
  stop(): Promise<void>;
}

export function startBackground(ctx: ServiceContext, deliver: Deliver, options: { foldCompliance?: boolean } = {}): Background {
  const onError = (what: string) => (err: unknown) => ctx.log.error(`${what} failed`, { error: err instanceof Error ? err.message : String(err) });
  const outbox = startLoop("outbox", 250, () => deliverDueOutbox({ ctx, input: { deliver } }), onError("outbox delivery"));
  const escalations = startLoop("escalations", 1000, () => sweepEscalations({ ctx }), onError("escalation sweep"));
  // the compliance aggregates follow the events within half a second, off the webhook's path
  // (stats requests fold whatever is left first, so figures are always exact)
  // small batches: each is a unit in the group-commit queue, and a webhook waits behind at most one
  const foldLoop = () => startLoop("compliance", 500, () => syncCompliance({ ctx, input: { batchSize: 64 } }), onError("compliance folding"));
  const background: Background = {
    outbox,
    escalations,
    compliance: options.foldCompliance === false ? undefined : foldLoop(),
    foldHere() {
      background.compliance ??= foldLoop();
    },
    async stop() {
      await Promise.all([outbox.stop(), escalations.stop(), background.compliance?.stop()]);
    },
  };
  return background;
}
