CREATE TABLE `conversation_states` (
	`shop` text NOT NULL,
	`platform` text NOT NULL,
	`conversation` text NOT NULL,
	`stale` integer DEFAULT 0 NOT NULL,
	`folded_at` integer,
	`last_human_reply_at` integer,
	`last_human_agent` text,
	`human_requested_at` integer,
	`bot_answers` text DEFAULT '[]' NOT NULL,
	`last_reply_at` integer,
	PRIMARY KEY(`shop`, `platform`, `conversation`)
);
--> statement-breakpoint
-- Backfill (written by hand; this was 0007 on its branch, renumbered at the merge after 0007_shop_attention): every conversation stored before this migration gets a stale row
-- (its state is folded from its tail on the next buyer message, as before) and the date of its
-- latest shop-side message, so that "no row" keeps meaning "nothing that changes the state".
INSERT INTO `conversation_states` (`shop`, `platform`, `conversation`, `stale`, `last_reply_at`)
SELECT `shop`, `platform`, `conversation`, 1, max(CASE WHEN `from` IN ('human', 'bot') AND `type` = 'message' THEN `at` END)
FROM `events` GROUP BY `shop`, `platform`, `conversation`;
