import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Channel, MemberStatus, ReplyChannel, TriageResult } from '../contract/triage-result.js';
import type { ExtractedFields, MessageFacts } from '../extract/extracted-fields.js';
import type { ReadOutput } from '../pipeline/stages.js';
import type { TriageRecord } from '../pipeline/triage-record.js';

// Tables carry no pg schema on purpose: the connection's search_path decides, so tests and
// deployments can each live in their own schema.

/** `bytea` as a Node Buffer (PGlite hands back a Uint8Array, node-postgres a Buffer). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType() {
    return 'bytea';
  },
  toDriver(value) {
    return value;
  },
  fromDriver(value) {
    return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  },
});

const CHANNEL_CHECK = sql`in ('letter', 'contact-form', 'email')`;

export const members = pgTable('members', {
  insuranceNumber: text('insurance_number').primaryKey(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  street: text('street').notNull(),
  postalCode: text('postal_code').notNull(),
  city: text('city').notNull(),
  portalAccount: boolean('portal_account').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const intakeItems = pgTable(
  'intake_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    /** Null when the file kind is unknown. */
    channel: text('channel').$type<Channel>(),
    /** sha256 hex of the raw bytes. */
    contentHash: text('content_hash').notNull().unique('intake_items_content_hash_unique'),
    messageId: text('message_id'),
    /** Null when the bytes were withheld (e.g. they contained an authentication code). */
    raw: bytea('raw'),
    rawWithheldReason: text('raw_withheld_reason'),
    rawSize: integer('raw_size').notNull(),
    /** The file ending it arrived with (`pdf`, `eml`), lower case; empty when it had none. Null for CLI rows. */
    ending: text('ending'),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('intake_items_message_id_unique').on(t.messageId).where(sql`message_id is not null`),
    check('intake_items_channel_check', sql`channel ${CHANNEL_CHECK}`),
  ],
);

export const results = pgTable(
  'results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    intakeId: uuid('intake_id')
      .notNull()
      .references(() => intakeItems.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    status: text('status').$type<TriageResult['status']>().notNull(),
    errorCode: text('error_code'),
    channel: text('channel').$type<Channel>(),
    needsReview: boolean('needs_review').notNull(),
    authenticated: boolean('authenticated').notNull(),
    memberStatus: text('member_status').$type<MemberStatus>().notNull(),
    replyChannel: text('reply_channel').$type<ReplyChannel>().notNull(),
    flags: text('flags').array().notNull(),
    result: jsonb('result').$type<TriageResult>().notNull(),
    fields: jsonb('fields').$type<ExtractedFields>(),
    facts: jsonb('facts').$type<MessageFacts>(),
    reasons: jsonb('reasons').$type<string[]>().notNull(),
    /** The redacted texts that were read (TriageRecord.texts): kept even when the raw bytes are withheld. */
    texts: jsonb('texts').$type<TriageRecord['texts']>().notNull().default([]),
    /**
     * The queue run that wrote it (`<intake id>:<run>`); null for CLI results. Unique, so a job that
     * runs again after a crash finds its result instead of adding a second one.
     */
    jobKey: text('job_key'),
  },
  (t) => [
    uniqueIndex('results_job_key_unique').on(t.jobKey).where(sql`job_key is not null`),
    index('results_intake_id_created_at_idx').on(t.intakeId, t.createdAt),
    index('results_created_at_idx').on(t.createdAt),
    index('results_needs_review_idx').on(t.needsReview),
    check('results_status_check', sql`status in ('processed', 'failed')`),
    check('results_channel_check', sql`channel ${CHANNEL_CHECK}`),
  ],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Who acted: `cli`, `worker` or a user name. */
    actor: text('actor').notNull(),
    /** What happened, e.g. `intake.stored`, `triage.decided`. */
    action: text('action').notNull(),
    // The trail outlives a deleted item; details never hold personal data, so keeping it is fine.
    intakeId: uuid('intake_id').references(() => intakeItems.id, { onDelete: 'set null' }),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_events_intake_id_idx').on(t.intakeId)],
);

/**
 * What the read stage found (fields, facts and redacted texts), waiting for the decide stage.
 * One row per item, deleted in the transaction that stores the item's result.
 */
export const itemReads = pgTable('item_reads', {
  intakeId: uuid('intake_id')
    .primaryKey()
    .references(() => intakeItems.id, { onDelete: 'cascade' }),
  run: integer('run').notNull(),
  read: jsonb('read').$type<ReadOutput>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

