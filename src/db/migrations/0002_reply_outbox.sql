CREATE TABLE "outbox_acks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"intake_id" uuid NOT NULL,
	"result_id" uuid NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_acks_result_id_unique" UNIQUE("result_id")
);
--> statement-breakpoint
CREATE TABLE "outbox_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"intake_id" uuid NOT NULL,
	"result_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"document" "bytea" NOT NULL,
	"error_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "outbox_replies_result_id_unique" UNIQUE("result_id"),
	CONSTRAINT "outbox_replies_channel_check" CHECK (channel in ('post', 'portal')),
	CONSTRAINT "outbox_replies_status_check" CHECK (status in ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "outbox_acks" ADD CONSTRAINT "outbox_acks_intake_id_intake_items_id_fk" FOREIGN KEY ("intake_id") REFERENCES "intake_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_acks" ADD CONSTRAINT "outbox_acks_result_id_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_replies" ADD CONSTRAINT "outbox_replies_intake_id_intake_items_id_fk" FOREIGN KEY ("intake_id") REFERENCES "intake_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_replies" ADD CONSTRAINT "outbox_replies_result_id_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_replies_status_idx" ON "outbox_replies" USING btree ("status");