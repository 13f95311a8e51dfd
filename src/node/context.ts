/** The Node runtime's service context: built by the builder both runtimes share (src/services/runtime-context.ts). */
export { createServiceContext } from "../services/runtime-context.js";
