/** Server-Sent Events as the tests read them off a stream's text. */

/** One complete event block: its `event:` and `data:` lines (undefined when absent). */
export interface SseBlock {
  event: string | undefined;
  data: string | undefined;
}

/** The complete blocks at the front of `buf` (each ends with a blank line), and what is left after them. */
export function takeSseBlocks(buf: string): { blocks: SseBlock[]; rest: string } {
  const blocks: SseBlock[] = [];
  let rest = buf;
  for (let i = rest.indexOf("\n\n"); i >= 0; i = rest.indexOf("\n\n")) {
    const block = rest.slice(0, i);
    rest = rest.slice(i + 2);
    blocks.push({ event: /^event: (.*)$/m.exec(block)?.[1], data: /^data: (.*)$/m.exec(block)?.[1] });
  }
  return { blocks, rest };
}
