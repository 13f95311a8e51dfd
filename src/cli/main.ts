/**
 * `npm run --silent cli -- <command> ...`. Each command lives in src/cli/commands/<name>.ts
 * and exports `run(args: string[]): Promise<number>` (the exit code).
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  report: { summary: "compliance figures from a JSON Lines file or the database", load: () => import("./commands/report.js") },
  whatif: { summary: "what the bot would have done to a log's figures (replay through the live decision)", load: () => import("./commands/whatif.js") },
  forecast: { summary: "agents needed per weekday and half hour to keep a rule's rate at a target", load: () => import("./commands/forecast.js") },
  faq: { summary: "check, test and evaluate FAQ files", load: () => import("./commands/faq.js") },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: npm run --silent cli -- <command> [options]\n\ncommands:\n${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command: ${name}\n\n${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
