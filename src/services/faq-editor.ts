/** The FAQ files' editor of the runtime, for the services and routes that write the FAQ. */
import { editorOf, type FaqEditor } from "../core/faq/editor.js";
import type { ServiceContext } from "./context.js";
import { unsupported } from "./errors.js";

/** The runtime's FAQ editor; Workers have none (their FAQ is bundled at deploy): 501. */
export function requireFaqEditor({ ctx }: { ctx: ServiceContext }): FaqEditor {
  const editor = editorOf(ctx.faq);
  if (!editor) throw unsupported("this runtime cannot edit the FAQ (in Workers the FAQ files are bundled at deploy: edit faq/ and redeploy)");
  return editor;
}
