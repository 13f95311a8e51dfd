CREATE TABLE `bot_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop` text NOT NULL,
	`platform` text NOT NULL,
	`conversation` text NOT NULL,
	`chat_id` integer NOT NULL,
	`event_seq` integer NOT NULL,
	`buyer_seq` integer,
	`faq_id` text,
	`agent_id` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bot_flags_event` ON `bot_flags` (`event_seq`);--> statement-breakpoint
CREATE INDEX `bot_flags_shop` ON `bot_flags` (`shop`,`created_at`);--> statement-breakpoint
CREATE INDEX `bot_flags_conversation` ON `bot_flags` (`shop`,`platform`,`conversation`);