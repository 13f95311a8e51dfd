export * from "./types.js";
export * from "./order.js";
export * from "./evaluate.js";
export * from "./aggregate.js";
export * from "./batch.js";
export * from "./incremental.js";
export * from "./rules-for.js";
