-- Search indexing in batches (written by hand; docs/ui.md "History and search"). Until now a
-- trigger wrote each stored message's trigrams into `events_fts` in the statement that stored
-- it; FTS5 writes its pending terms out as a new segment at every savepoint, and every request
-- runs in its own savepoint of the group commit (src/node/group-commit.ts), so each message
-- wrote, and later merged, a segment of its own: ~28–41 µs of the request thread per stored
-- event (docs/configuration.md, "Performance"). Now the insert of every 64th event (by seq)
-- indexes all events stored since the last batch in one statement, one segment per batch.
-- `search_index_state.indexed_seq` is the last seq the index covers; search reads the index
-- up to it and scans the (at most ~64) events after it, so a message is found as soon as it is
-- committed, as before. Every runtime gets it: it is SQL (Node's file, each Durable Object).
CREATE TABLE `search_index_state` (
	`id` text PRIMARY KEY NOT NULL,
	`indexed_seq` integer NOT NULL
);
--> statement-breakpoint
-- the old insert trigger indexed every event stored so far
INSERT INTO `search_index_state` (`id`, `indexed_seq`) VALUES ('events', coalesce((SELECT max(`seq`) FROM `events`), 0));
--> statement-breakpoint
DROP TRIGGER `events_fts_insert`;
--> statement-breakpoint
-- events.seq is AUTOINCREMENT: every multiple of 64 is stored once (a rolled-back one is taken
-- again by the next insert), so the unindexed tail never grows past 63 events for long.
-- The watermark row is written by INSERT … WHERE NOT EXISTS and UPDATE (no conflict clause, so
-- the storing statement's ON CONFLICT DO NOTHING cannot change how it is written).
CREATE TRIGGER `events_fts_batch` AFTER INSERT ON `events` WHEN new.`seq` % 64 = 0 BEGIN
  INSERT INTO `events_fts`(rowid, `text`)
    SELECT `seq`, `text` FROM `events`
    WHERE `seq` > coalesce((SELECT `indexed_seq` FROM `search_index_state` WHERE `id` = 'events'), 0) AND `seq` <= new.`seq` AND `text` IS NOT NULL;
  INSERT INTO `search_index_state` (`id`, `indexed_seq`) SELECT 'events', new.`seq` WHERE NOT EXISTS (SELECT 1 FROM `search_index_state` WHERE `id` = 'events');
  UPDATE `search_index_state` SET `indexed_seq` = new.`seq` WHERE `id` = 'events';
END;
--> statement-breakpoint
-- an event not yet indexed has nothing in the index to take out (FTS5's external-content
-- 'delete' must be given exactly what was indexed)
DROP TRIGGER `events_fts_delete`;
--> statement-breakpoint
CREATE TRIGGER `events_fts_delete` AFTER DELETE ON `events`
WHEN old.`text` IS NOT NULL AND old.`seq` <= coalesce((SELECT `indexed_seq` FROM `search_index_state` WHERE `id` = 'events'), 0) BEGIN
  INSERT INTO `events_fts`(`events_fts`, rowid, `text`) VALUES ('delete', old.`seq`, old.`text`);
END;
--> statement-breakpoint
DROP TRIGGER `events_fts_update`;
--> statement-breakpoint
CREATE TRIGGER `events_fts_update` AFTER UPDATE OF `text` ON `events`
WHEN old.`seq` <= coalesce((SELECT `indexed_seq` FROM `search_index_state` WHERE `id` = 'events'), 0) BEGIN
  INSERT INTO `events_fts`(`events_fts`, rowid, `text`) SELECT 'delete', old.`seq`, old.`text` WHERE old.`text` IS NOT NULL;
  INSERT INTO `events_fts`(rowid, `text`) SELECT new.`seq`, new.`text` WHERE new.`text` IS NOT NULL;
END;
