/**
 * The what-if replay over a loaded log: each conversation of the columns, with its buyer
 * messages' text, through the replay run (core/whatif/run.ts).
 */
import type { ReplayEvent } from "../core/whatif/replay.js";
import { WhatIfRun, type WhatIfComputed, type WhatIfOptions } from "../core/whatif/run.js";
import { forEachConversation, type EventColumns } from "./compliance-file.js";

export type { AnsweredMessage, WhatIfComputed, WhatIfOptions, WhatIfShop } from "../core/whatif/run.js";

export function computeWhatIf(columns: EventColumns, o: WhatIfOptions): WhatIfComputed {
  const run = new WhatIfRun(o);
  forEachConversation(columns, (ref, events, indices) => {
    const replayed: ReplayEvent[] = events.map((e, k) => {
      if (e.from !== "buyer") return e;
      const text = columns.textOf(indices[k]!);
      return text === undefined ? e : { ...e, text };
    });
    run.add(ref, replayed);
  });
  return run.finish();
}
