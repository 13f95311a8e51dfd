/**
 * One upgrade scenario for both runtimes (better-sqlite3 in test/store/migrations.test.ts,
 * a Durable Object's SQLite storage in test/worker/migrations.test.ts): a database created by
 * the previous release's migrations (test/fixtures/migrations/release-0.1 = db/ as released),
 * holding data, is migrated with today's db/ plus a later migration of the kind drizzle-kit
 * writes (test/fixtures/migrations/upgrade/0001_fixture_upgrade.sql: a column added to
 * `chats`, and `agent_presence` rebuilt through a new table because a NOT NULL was dropped).
 */
import { expect } from "vitest";

export interface RawSql {
  run(sql: string): void;
  all(sql: string): Record<string, unknown>[];
}

/** Rows written with the release's schema (plain SQL: the release's columns, not today's). */
export const RELEASE_ROWS = [
  "insert into chats (shop, platform, conversation, status, agent_id, pending_since, deadline_at, clock_runs, last_text, updated_at) values ('s1', 'douyin', 'c1', 'assigned', 'a1', 1000, 181000, 1, '你好', 1000)",
  "insert into chats (shop, platform, conversation, status, updated_at) values ('s1', 'taobao', 'c2', 'idle', 2000)",
  "insert into agent_presence (shop, agent_id, online, changed_at) values ('s1', 'a1', 1, 500), ('s1', 'a2', 0, 600)",
  "insert into events (shop, platform, msg_id, conversation, at, \"from\", type, text, received_at) values ('s1', 'douyin', 'm1', 'c1', 1000, 'buyer', 'message', '你好', 1001)",
];

/** The same data after the upgrade, plus what the later migration added. */
export function expectUpgraded(db: RawSql): void {
  expect(db.all("select conversation, status, agent_id, deadline_at, last_text, priority from chats order by id")).toEqual([
    { conversation: "c1", status: "assigned", agent_id: "a1", deadline_at: 181000, last_text: "你好", priority: 0 },
    { conversation: "c2", status: "idle", agent_id: null, deadline_at: null, last_text: null, priority: 0 },
  ]);
  expect(db.all("select agent_id, online, changed_at from agent_presence order by agent_id")).toEqual([
    { agent_id: "a1", online: 1, changed_at: 500 },
    { agent_id: "a2", online: 0, changed_at: 600 },
  ]);
  // the rebuilt table takes what the release refused
  db.run("insert into agent_presence (shop, agent_id, online) values ('s1', 'a3', 1)");
  expect(db.all("select count(*) as n from events")).toEqual([{ n: 1 }]);
  // 0008: every conversation stored before it has a stale state row (folded from its tail on
  // its next buyer message) with the date of its latest shop-side message (none here)
  expect(db.all("select shop, platform, conversation, stale, last_reply_at from conversation_states")).toEqual([{ shop: "s1", platform: "douyin", conversation: "c1", stale: 1, last_reply_at: null }]);
  // 0010: the search index's watermark starts at the last event the old per-row trigger indexed
  expect(db.all("select indexed_seq from search_index_state")).toEqual([{ indexed_seq: db.all("select max(seq) as m from events")[0]!.m }]);
  // the new chat column has its default for new rows too, and the unique index survived
  db.run("insert into chats (shop, platform, conversation, status, updated_at) values ('s1', 'kuaishou', 'c3', 'waiting', 3000)");
  expect(() => db.run("insert into chats (shop, platform, conversation, status, updated_at) values ('s1', 'kuaishou', 'c3', 'waiting', 3000)")).toThrow(/UNIQUE/);
}
