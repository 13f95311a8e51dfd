CREATE TABLE `shop_attention` (
	`shop` text PRIMARY KEY NOT NULL,
	`sound` integer DEFAULT true NOT NULL,
	`desktop_notify` integer DEFAULT true NOT NULL,
	`remind_leads` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL
);
