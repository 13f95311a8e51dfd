/**
 * `npm run simulate [-- options]`: the whole loop locally — platform pushes, decisions, replies
 * delivered to a fake platform API, agents answering, compliance figures. See docs/platforms.md.
 */
import { platformIds, type Platform } from "../core/events.js";
import { renderTable } from "../node/compliance-format.js";
import { runSimulation, type SimulationOptions, type SimulationReport } from "./simulate.js";

const USAGE = `usage: npm run simulate -- [options]

  --messages N      buyer messages to generate (default 60)
  --buyers N        distinct buyers (default 12)
  --agents N        agents answering routed chats (default 2)
  --platforms LIST  comma list of taobao,douyin,kuaishou (default all)
  --speed N         simulated seconds per real second (default 60)
  --gap SECONDS     mean gap between buyer messages, simulated (default 10)
  --dup SHARE       share of pushes delivered twice, 0..1 (default 0.1)
  --orders SHARE    share of bursts followed by an order notice (default 0.15)
  --events FILE     replay a JSON Lines file in the event format instead of generating
  --data FILE       buyer messages TSV (default ../shared/data/buyer-messages/jddc-buyer-utterances.tsv)
  --seed N          random seed (default 42)
  --keep-db         keep the temporary database and print its path
  --target URL      push to a running app (credentials from DOUYIN_*, KUAISHOU_*, TAOBAO_*,
                    AGENT_TOKENS in the environment) instead of starting one; point that app
                    at the fake API and TMC server printed at start (see --api-port, --tmc-port)
  --api-port N      fixed port of the fake platform API (default: any free port)
  --tmc-port N      fixed port of the local TMC server (default: any free port)
  --json            print the report as JSON
`;

function parseArgs(argv: string[]): { opts: SimulationOptions; json: boolean } | string {
  const opts: SimulationOptions = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a non-negative number`);
      return v;
    };
    switch (flag) {
      case "--messages":
        opts.messages = Math.floor(num());
        break;
      case "--buyers":
        opts.buyers = Math.max(1, Math.floor(num()));
        break;
      case "--agents":
        opts.agents = Math.max(1, Math.floor(num()));
        break;
      case "--speed":
        opts.speed = Math.max(0.1, num());
        break;
      case "--gap":
        opts.meanGapMs = num() * 1000;
        break;
      case "--dup":
        opts.duplicateShare = Math.min(1, num());
        break;
      case "--orders":
        opts.orderShare = Math.min(1, num());
        break;
      case "--seed":
        opts.seed = Math.floor(num());
        break;
      case "--events":
        opts.eventsFile = value();
        break;
      case "--data":
        opts.dataFile = value();
        break;
      case "--keep-db":
        opts.keepDatabase = true;
        break;
      case "--target":
        opts.target = { url: value(), env: process.env };
        break;
      case "--api-port":
        opts.apiPort = Math.floor(num());
        break;
      case "--tmc-port":
        opts.tmcPort = Math.floor(num());
        break;
      case "--json":
        json = true;
        break;
      case "--platforms": {
        const list = value()
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = list.filter((p) => !(platformIds() as readonly string[]).includes(p));
        if (bad.length || list.length === 0) throw new Error(`--platforms takes ${platformIds().join(",")}`);
        opts.platforms = list as Platform[];
        break;
      }
      case "--help":
      case "-h":
        return USAGE;
      default:
        throw new Error(`unknown option ${a}\n\n${USAGE}`);
    }
  }
  return { opts, json };
}

function table(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return "  (none)\n";
  const keys = Object.keys(rows[0]!);
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (vals: string[]) => "  " + vals.map((v, i) => v.padEnd(widths[i]!)).join("  ") + "\n";
  return line(keys) + rows.map((r) => line(keys.map((k) => String(r[k])))).join("");
}

export function renderReport(r: SimulationReport, color: boolean): string {
  let out = "";
  out += `\nSimulated ${r.simulatedFrom} → ${r.simulatedTo} in ${r.realSeconds} s (traffic: ${r.source}${r.skippedLines ? `, ${r.skippedLines} lines skipped` : ""})\n`;
  if (r.warning) out += `warning: ${r.warning}\n`;
  out += `\nPushes (ack = exact platform acknowledgement, latency of the ack):\n`;
  out += table(
    Object.entries(r.pushes).map(([p, s]) => ({
      platform: p,
      pushes: s.pushes,
      messages: s.messages,
      redelivered: s.redeliveries,
      statuses:
        Object.entries(s.byStatus)
          .map(([k, v]) => `${k}×${v}`)
          .join(" ") || (p === "taobao" ? "(TMC)" : ""),
      "bad acks": s.badAcks,
      "ack p50/p95/max ms": p === "taobao" ? "-" : `${s.ackMs.p50}/${s.ackMs.p95}/${s.ackMs.max}`,
    })),
  );
  out += `  TMC: ${r.tmc.published} published, ${r.tmc.confirmed} confirmed after store, ${r.tmc.failed} failed, ${r.tmc.unconfirmed} unconfirmed\n`;
  if (r.target) out += `\n(target mode: decisions, records and compliance figures are in ${r.target}'s own database and API)\n`;
  else {
    out += `\nStored events:\n${table(r.events)}`;
    out += `\nKept platform records (orders, refunds, unmapped):\n${table(r.records)}`;
    out += `\nDecisions on buyer messages:\n${table(r.decisions)}`;
  }
  out += `\nReplies received by the fake platform API (re-deliveries counted apart):\n${table(r.replies)}`;
  out += `  agents answered ${r.agentReplies} chats through the agent API\n`;
  if (!r.target) out += `\nOutbox:\n${table(r.outbox)}`;
  if (r.rejectedByFakeApi.length) out += `\nRejected by the fake platform API:\n${table(r.rejectedByFakeApi)}`;
  if (!r.target) out += `\nCompliance figures:\n${renderTable(r.compliance, color)}`;
  if (r.target) out += r.settled ? "\nSettled: every push acknowledged, every TMC message confirmed, no reply pending for 3 s.\n" : "\nNot settled before the timeout: is the target pointed at the fake API and TMC server above?\n";
  else out += r.settled ? "\nThe loop settled: every push acknowledged, every TMC message confirmed, every chat answered, the outbox empty.\n" : "\nThe loop did not fully settle before the timeout (see the outbox and TMC lines above).\n";
  if (r.database) out += `database kept at ${r.database}\n`;
  return out;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (typeof parsed === "string") {
    process.stdout.write(parsed);
    return 0;
  }
  const report = await runSimulation({ ...parsed.opts, log: (l) => process.stderr.write(`${l}\n`) });
  if (parsed.json) {
    const { compliance, ...rest } = report;
    process.stdout.write(JSON.stringify({ ...rest, compliance: compliance.map(({ spec: _spec, ...c }) => c) }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n");
  } else process.stdout.write(renderReport(report, process.stdout.isTTY === true));
  return report.settled ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`simulate failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
