// The globals every UI script shares (type-checked by `tsc --noEmit`, never served). Each script
// is its own IIFE bundle (build-assets.ts), so they meet only here: labels.js sets
// window.FR_LABELS, common.ts sets window.FR, and a script that adds to FR (bot-common.ts …)
// exports the type of its part, joined into FR below. Types only: importing a sibling's values
// would bundle a second copy of it, which build-assets.ts refuses.
import type uPlot from "uplot";
import type { UiLabels } from "../labels.js";
import type { BotWords } from "./bot-common.js";
import type { FRApi } from "./common.js";
import type { MediaParts } from "./console-media.js";
import type { PhraseWords } from "./phrase-manager.js";

declare global {
  interface Window {
    /** labels.js: the server's Chinese tables (src/http/pages/labels.ts) */
    FR_LABELS?: UiLabels;
    /** uPlot.iife.min.js (node_modules/uplot), loaded by the dashboard only (its charts) */
    uPlot?: typeof uPlot;
    /**
     * common.ts and the parts the page's other scripts add to it, in load order (layout.tsx). A
     * part loaded after the scripts that use it (console-media.ts after console.ts) is Partial:
     * its users check that it is there.
     */
    FR: FRApi & BotWords & PhraseWords & Partial<MediaParts>;
  }
}
