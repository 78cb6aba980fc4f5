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


/**
 * The reply outbox: one reply per decided result (`result_id` unique, so a route job that runs
 * again finds its reply instead of making a second one). `document` is the cover letter as PDF,
 * kept whatever the channel; `status` is `pending` until the channel took it (print folder
 * written, portal accepted), `failed` when the channel refused it for good.
 */
export const outboxReplies = pgTable(
  'outbox_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    intakeId: uuid('intake_id')
      .notNull()
      .references(() => intakeItems.id, { onDelete: 'cascade' }),
    resultId: uuid('result_id')
      .notNull()
      .unique('outbox_replies_result_id_unique')
      .references(() => results.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<'post' | 'portal'>().notNull(),
    status: text('status').$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    document: bytea('document').notNull(),
    /** The last delivery error's code (`outbox.portal_rejected`), never its text. */
    errorCode: text('error_code'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('outbox_replies_status_idx').on(t.status),
    // One reply per item, not only per result: a case worker's correction stores a new result, and
    // closing the item must not answer a second time what the route stage already answered.
    uniqueIndex('outbox_replies_intake_id_unique').on(t.intakeId),
    check('outbox_replies_channel_check', sql`channel in ('post', 'portal')`),
    check('outbox_replies_status_check', sql`status in ('pending', 'delivered', 'failed')`),
  ],
);

/**
 * Optional data-free acknowledgements by email (TRIAGE_ACK_EMAIL=on): one per result, the fixed
 * text as an RFC 5322 message to the sender's address, waiting for the mail relay to pick it up
 * (`sent_at` set by whoever sends it). Never a reply: the answer goes by post or portal.
 */
export const outboxAcks = pgTable('outbox_acks', {
  id: uuid('id').primaryKey().defaultRandom(),
  intakeId: uuid('intake_id')
    .notNull()
    .references(() => intakeItems.id, { onDelete: 'cascade' }),
  resultId: uuid('result_id')
    .notNull()
    .unique('outbox_acks_result_id_unique')
    .references(() => results.id, { onDelete: 'cascade' }),
  message: text('message').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
});

// --- case-worker review (issue 5): local users, their sessions, sign-in throttling, review state ---

export const REVIEW_ROLES = ['caseworker', 'supervisor', 'admin'] as const;

/** Local users of the review interface (`triage users add`). Only a scrypt hash of the password is kept. */
export const users = pgTable(
  'users',
  {
    username: text('username').primaryKey(),
    /** `scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>`. */
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<(typeof REVIEW_ROLES)[number]>().notNull(),
    /** Consecutive failed sign-ins; reset by a successful one or an unlock. */
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    /** Set when the account was locked after too many failed sign-ins; an admin unlocks it. */
    lockedAt: timestamp('locked_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  () => [check('users_role_check', sql`role in ('caseworker', 'supervisor', 'admin')`)],
);

/** Signed-in sessions. `id` is the SHA-256 of the cookie's token, so a copy of the table signs no one in. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    username: text('username')
      .notNull()
      .references(() => users.username, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('sessions_username_idx').on(t.username)],
);

/**
 * Failed sign-ins per user name and client address in the current window (rate limit). `key` is a
 * SHA-256 of both, so a mistyped password in the user-name field is never stored.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** A case worker's work on one item: who holds it, what they decided, when it was closed. */
export const reviewState = pgTable(
  'review_state',
  {
    intakeId: uuid('intake_id')
      .primaryKey()
      .references(() => intakeItems.id, { onDelete: 'cascade' }),
    assignee: text('assignee').references(() => users.username, { onDelete: 'set null' }),
    claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'date' }),
    memberMatch: text('member_match').$type<'confirmed' | 'rejected'>(),
    signature: text('signature').$type<'present' | 'absent'>(),
    powerOfAttorneyChecked: boolean('poa_checked').notNull().default(false),
    /** The reply route a case worker chose instead of the rules' one; never email. */
    replyChannel: text('reply_channel').$type<'post' | 'portal'>(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    closedBy: text('closed_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('review_state_assignee_idx').on(t.assignee),
    check('review_state_member_match_check', sql`member_match in ('confirmed', 'rejected')`),
    check('review_state_signature_check', sql`signature in ('present', 'absent')`),
    check('review_state_reply_channel_check', sql`reply_channel in ('post', 'portal')`),
  ],
);
