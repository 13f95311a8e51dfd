CREATE TABLE `compliance_conversation_days` (
	`platform` text NOT NULL,
	`shop` text NOT NULL,
	`conversation` text NOT NULL,
	`day` integer NOT NULL,
	`carry_in` text NOT NULL,
	`carry_out` text NOT NULL,
	`open_round_at_end` integer NOT NULL,
	`has_buyer` integer NOT NULL,
	`contributions` text NOT NULL,
	PRIMARY KEY(`shop`, `platform`, `conversation`, `day`)
);
--> statement-breakpoint
CREATE INDEX `compliance_conversation_days_day` ON `compliance_conversation_days` (`shop`,`platform`,`day`);--> statement-breakpoint
CREATE TABLE `compliance_conversations` (
	`platform` text NOT NULL,
	`shop` text NOT NULL,
	`conversation` text NOT NULL,
	`excluded` integer NOT NULL,
	`last_shop_reply_day` integer,
	PRIMARY KEY(`shop`, `platform`, `conversation`)
);
--> statement-breakpoint
CREATE TABLE `compliance_daily` (
	`platform` text NOT NULL,
	`shop` text NOT NULL,
	`day` integer NOT NULL,
	`rule` text NOT NULL,
	`agent` text NOT NULL,
	`numerator` integer NOT NULL,
	`denominator` integer NOT NULL,
	`tier_fast` integer NOT NULL,
	`tier_good` integer NOT NULL,
	`tier_pass` integer NOT NULL,
	`tier_slower` integer NOT NULL,
	`tier_none` integer NOT NULL,
	PRIMARY KEY(`shop`, `platform`, `day`, `rule`, `agent`)
);
--> statement-breakpoint
CREATE TABLE `compliance_shop_days` (
	`platform` text NOT NULL,
	`shop` text NOT NULL,
	`day` integer NOT NULL,
	`has_buyer` integer NOT NULL,
	PRIMARY KEY(`shop`, `platform`, `day`)
);
--> statement-breakpoint
CREATE TABLE `compliance_state` (
	`id` text PRIMARY KEY NOT NULL,
	`watermark` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `agent_presence` (
	`shop` text NOT NULL,
	`agent_id` text NOT NULL,
	`online` integer DEFAULT false NOT NULL,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`shop`, `agent_id`)
);
--> statement-breakpoint
CREATE TABLE `chats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop` text NOT NULL,
	`platform` text NOT NULL,
	`conversation` text NOT NULL,
	`status` text NOT NULL,
	`agent_id` text,
	`pending_since` integer,
	`first_assessed_at` integer,
	`deadline_at` integer,
	`clock_runs` integer DEFAULT false NOT NULL,
	`last_buyer_at` integer,
	`last_text` text,
	`suggestion` text,
	`suggestion_faq_id` text,
	`escalated_for` integer,
	`assigned_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chats_conversation` ON `chats` (`shop`,`platform`,`conversation`);--> statement-breakpoint
CREATE INDEX `chats_queue` ON `chats` (`shop`,`status`,`deadline_at`);--> statement-breakpoint
CREATE INDEX `chats_agent` ON `chats` (`shop`,`agent_id`,`status`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`event_seq` integer PRIMARY KEY NOT NULL,
	`shop` text NOT NULL,
	`platform` text NOT NULL,
	`conversation` text NOT NULL,
	`action` text NOT NULL,
	`reason` text NOT NULL,
	`faq_id` text,
	`faq_score` real,
	`faq_confident` integer DEFAULT false NOT NULL,
	`faq_version` text,
	`suggestion` text,
	`clock_runs` integer NOT NULL,
	`deadline_at` integer,
	`instant_sent` integer DEFAULT false NOT NULL,
	`decided_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `decisions_shop` ON `decisions` (`shop`,`decided_at`);--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop` text NOT NULL,
	`chat_id` integer NOT NULL,
	`platform` text NOT NULL,
	`conversation` text NOT NULL,
	`agent_id` text,
	`deadline_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalations_once` ON `escalations` (`chat_id`,`deadline_at`);--> statement-breakpoint
CREATE INDEX `escalations_shop` ON `escalations` (`shop`,`created_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop` text NOT NULL,
	`platform` text NOT NULL,
	`msg_id` text NOT NULL,
	`conversation` text NOT NULL,
	`at` integer NOT NULL,
	`from` text NOT NULL,
	`type` text DEFAULT 'message' NOT NULL,
	`agent` text,
	`bot` text,
	`mode` text,
	`text` text,
	`extra` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_dedup` ON `events` (`platform`,`shop`,`msg_id`);--> statement-breakpoint
CREATE INDEX `events_conversation` ON `events` (`shop`,`platform`,`conversation`,`at`);--> statement-breakpoint
CREATE INDEX `events_shop_at` ON `events` (`shop`,`at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop` text NOT NULL,
	`kind` text NOT NULL,
	`destination` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `platform_records` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop` text NOT NULL,
	`platform` text NOT NULL,
	`record_id` text NOT NULL,
	`kind` text NOT NULL,
	`category` text NOT NULL,
	`at` integer,
	`buyer` text,
	`order_id` text,
	`payload` text,
	`problem` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `platform_records_dedup` ON `platform_records` (`platform`,`shop`,`record_id`);--> statement-breakpoint
CREATE INDEX `platform_records_buyer` ON `platform_records` (`shop`,`platform`,`buyer`,`at`);--> statement-breakpoint
CREATE INDEX `platform_records_order` ON `platform_records` (`shop`,`order_id`);