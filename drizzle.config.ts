import { readdirSync } from "node:fs";
import { defineConfig } from "drizzle-kit";

// Every schema file in the folder except the barrel, so a new file needs no edit here.
const schema = readdirSync("src/store/schema")
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .map((f) => `./src/store/schema/${f}`);

export default defineConfig({ dialect: "sqlite", schema, out: "./db" });
