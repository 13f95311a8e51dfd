/**
 * Streaming JSON Lines reader: the file is never held whole (1,000,000 events must fit the
 * bench's memory budget). Lines come in batches to keep per-line async overhead out of the
 * hot loop; line numbers are 1-based as editors show them.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";

export interface LineBatch {
  /** the lines, without their line break ("\r\n" tolerated) */
  lines: string[];
  /** line number of lines[0] */
  firstLine: number;
  bytesRead: number;
  totalBytes: number;
}

export async function* readLineBatches(path: string, highWaterMark = 1 << 20): AsyncGenerator<LineBatch> {
  const totalBytes = (await stat(path)).size;
  const stream = createReadStream(path, { highWaterMark });
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let lineNo = 1;
  let bytesRead = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    const text = rest + decoder.write(chunk);
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith("\r")) lines[i] = lines[i]!.slice(0, -1);
    if (lines.length > 0) yield { lines, firstLine: lineNo, bytesRead, totalBytes };
    lineNo += lines.length;
  }
  rest += decoder.end();
  if (rest.endsWith("\r")) rest = rest.slice(0, -1);
  if (rest.length > 0) yield { lines: [rest], firstLine: lineNo, bytesRead, totalBytes };
}

/** A one-line progress bar on a TTY stream, redrawn at most every 100 ms. */
export function progressBar(out: NodeJS.WriteStream, label: string): { update(done: number, total: number): void; end(): void } {
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const width = 30;
      const frac = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(frac * width);
      out.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%`);
      drawn = true;
    },
    end() {
      if (drawn) out.write("\r\x1b[K");
    },
  };
}
