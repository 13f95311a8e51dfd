/** /api/admin/faq*: read and write the shop's FAQ entries and its 不回答的问题 (out-of-scope texts); mounted by the admin router, behind its requireAdmin. */
import type { RouteModule } from "../../mount.js";
import * as addOutOfScope from "./add-out-of-scope.js";
import * as deleteEntry from "./delete-entry.js";
import * as getEntry from "./get-entry.js";
import * as listEntries from "./list-entries.js";
import * as putEntry from "./put-entry.js";
import * as removeOutOfScope from "./remove-out-of-scope.js";
import * as tryMatch from "./try-match.js";

export const faqRouteModules: RouteModule[] = [listEntries, getEntry, putEntry, deleteEntry, addOutOfScope, removeOutOfScope, tryMatch];
