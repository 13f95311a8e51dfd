/**
 * A storage worker that cannot do its work hands it back: the request thread is told (and
 * folds and checkpoints itself) and the error is logged.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configFromEnv } from "../../src/config/load.js";
import { startStorageWorker } from "../../src/node/storage-worker/index.js";
import { runDirectly } from "../../src/store/transact.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(`${tmpdir()}/fr-storage-err-`);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("a failing storage worker", () => {
  it("reports the failure and hands the work back", async () => {
    const errors: { msg: string; fields?: Record<string, unknown> }[] = [];
    const log = { info() {}, warn() {}, error: (msg: string, fields?: Record<string, unknown>) => void errors.push({ msg, fields }) };
    let handedBack = 0;
    // a directory is not a database file: the worker fails as it opens it
    const worker = startStorageWorker({ path: dir, config: await configFromEnv({ GENERIC_WEBHOOK_SECRET: "s" }), ctx: { db: undefined as never, transact: runDirectly }, log, onFailure: () => handedBack++ });
    await worker.ready;
    expect(handedBack).toBe(1);
    expect(errors.map((e) => e.msg)).toEqual(["opening the database failed in the storage worker", "storage worker stopped; folding and checkpoints move to the request thread"]);
    expect(String(errors[0]?.fields?.error)).toBe(`${dir}: unable to open database file`);
    await worker.stop(); // stopping a failed worker is harmless
    expect(handedBack).toBe(1);
  });
});
