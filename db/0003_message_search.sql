-- Full-text search over message texts (docs/ui.md "History and search"). An external-content
-- FTS5 index of events.text, rowid = events.seq, kept by triggers in the same transaction as
-- the event. The trigram tokenizer indexes every 3-character run, so Chinese text (no spaces
-- between words) is found by substring; shorter queries are answered by a bounded scan.
-- FTS5 is compiled into better-sqlite3 and allow-listed in workerd's SQLite (Durable Objects, D1).
CREATE VIRTUAL TABLE `events_fts` USING fts5(`text`, content='events', content_rowid='seq', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `events_fts_insert` AFTER INSERT ON `events` WHEN new.`text` IS NOT NULL BEGIN
  INSERT INTO `events_fts`(rowid, `text`) VALUES (new.`seq`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `events_fts_delete` AFTER DELETE ON `events` WHEN old.`text` IS NOT NULL BEGIN
  INSERT INTO `events_fts`(`events_fts`, rowid, `text`) VALUES ('delete', old.`seq`, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `events_fts_update` AFTER UPDATE OF `text` ON `events` BEGIN
  INSERT INTO `events_fts`(`events_fts`, rowid, `text`) SELECT 'delete', old.`seq`, old.`text` WHERE old.`text` IS NOT NULL;
  INSERT INTO `events_fts`(rowid, `text`) SELECT new.`seq`, new.`text` WHERE new.`text` IS NOT NULL;
END;
--> statement-breakpoint
-- messages stored before this migration
INSERT INTO `events_fts`(`events_fts`) VALUES ('rebuild');
