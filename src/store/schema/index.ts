// Every schema file of src/store/schema/ is re-exported here (drizzle-kit reads the folder).
export * from "./agents.js";
export * from "./attention.js";
export * from "./bot.js";
export * from "./core.js";
export * from "./phrases.js";
export * from "./platform.js";
