/**
 * Runs a unit of writes. On Node it is a group commit (src/node/group-commit.ts): atomic per
 * unit, durable before the caller hears back. D1 has no interactive transactions, so there a
 * unit runs as it is: each statement is atomic and the writes are ordered to be idempotent
 * (the event row, guarded by its unique index, goes first).
 */
export type Transact = <T>(fn: () => Promise<T>) => Promise<T>;

export const runDirectly: Transact = (fn) => fn();
