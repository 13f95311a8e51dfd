CREATE TABLE `shop_agents` (
	`shop` text NOT NULL,
	`agent_id` text NOT NULL,
	`name` text NOT NULL,
	`token_sha256` text NOT NULL,
	`max_concurrent` integer NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`shop`, `agent_id`)
);
