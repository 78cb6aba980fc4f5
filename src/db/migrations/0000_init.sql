CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"intake_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"channel" text,
	"content_hash" text NOT NULL,
	"message_id" text,
	"raw" "bytea",
	"raw_withheld_reason" text,
	"raw_size" integer NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intake_items_content_hash_unique" UNIQUE("content_hash"),
	CONSTRAINT "intake_items_channel_check" CHECK (channel in ('letter', 'contact-form', 'email'))
);
--> statement-breakpoint
CREATE TABLE "members" (
	"insurance_number" text PRIMARY KEY NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"street" text NOT NULL,
	"postal_code" text NOT NULL,
	"city" text NOT NULL,
	"portal_account" boolean NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"intake_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"channel" text,
	"needs_review" boolean NOT NULL,
	"authenticated" boolean NOT NULL,
	"member_status" text NOT NULL,
	"reply_channel" text NOT NULL,
	"flags" text[] NOT NULL,
	"result" jsonb NOT NULL,
	"fields" jsonb,
	"facts" jsonb,
	"reasons" jsonb NOT NULL,
	"texts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "results_status_check" CHECK (status in ('processed', 'failed')),
	CONSTRAINT "results_channel_check" CHECK (channel in ('letter', 'contact-form', 'email'))
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_intake_id_intake_items_id_fk" FOREIGN KEY ("intake_id") REFERENCES "intake_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_intake_id_intake_items_id_fk" FOREIGN KEY ("intake_id") REFERENCES "intake_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_intake_id_idx" ON "audit_events" USING btree ("intake_id");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_items_message_id_unique" ON "intake_items" USING btree ("message_id") WHERE message_id is not null;--> statement-breakpoint
CREATE INDEX "results_intake_id_created_at_idx" ON "results" USING btree ("intake_id","created_at");--> statement-breakpoint
CREATE INDEX "results_created_at_idx" ON "results" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "results_needs_review_idx" ON "results" USING btree ("needs_review");