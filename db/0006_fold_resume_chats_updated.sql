ALTER TABLE `compliance_conversation_days` ADD `resume` text;--> statement-breakpoint
CREATE INDEX `chats_updated` ON `chats` (`shop`,`updated_at`);