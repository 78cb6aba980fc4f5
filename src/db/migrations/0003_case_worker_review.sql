CREATE TABLE "review_state" (
	"intake_id" uuid PRIMARY KEY NOT NULL,
	"assignee" text,
	"claimed_at" timestamp with time zone,
	"member_match" text,
	"signature" text,
	"poa_checked" boolean DEFAULT false NOT NULL,
	"reply_channel" text,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_state_member_match_check" CHECK (member_match in ('confirmed', 'rejected')),
	CONSTRAINT "review_state_signature_check" CHECK (signature in ('present', 'absent')),
	CONSTRAINT "review_state_reply_channel_check" CHECK (reply_channel in ('post', 'portal'))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"username" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_check" CHECK (role in ('caseworker', 'supervisor', 'admin'))
);
--> statement-breakpoint
ALTER TABLE "review_state" ADD CONSTRAINT "review_state_intake_id_intake_items_id_fk" FOREIGN KEY ("intake_id") REFERENCES "intake_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_state" ADD CONSTRAINT "review_state_assignee_users_username_fk" FOREIGN KEY ("assignee") REFERENCES "users"("username") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_username_users_username_fk" FOREIGN KEY ("username") REFERENCES "users"("username") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_state_assignee_idx" ON "review_state" USING btree ("assignee");--> statement-breakpoint
CREATE INDEX "sessions_username_idx" ON "sessions" USING btree ("username");