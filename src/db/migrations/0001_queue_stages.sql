CREATE TABLE "item_reads" (
	"intake_id" uuid PRIMARY KEY NOT NULL,
	"run" integer NOT NULL,
	"read" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "intake_items" ADD COLUMN "ending" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "job_key" text;--> statement-breakpoint
ALTER TABLE "item_reads" ADD CONSTRAINT "item_reads_intake_id_intake_items_id_fk" FOREIGN KEY ("intake_id") REFERENCES "intake_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "results_job_key_unique" ON "results" USING btree ("job_key") WHERE job_key is not null;