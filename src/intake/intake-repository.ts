import { and, asc, desc, eq, getTableColumns, gt, gte, lt, notExists, or, sql } from 'drizzle-orm';
import type { Channel } from '../contract/triage-result.js';
import type { Db } from '../db/database.js';
import { auditEvents, intakeItems, members, results } from '../db/schema.js';
import type { TriageRecord } from '../pipeline/triage-record.js';
import { TriageError } from '../shared/errors.js';

export interface StoreTriageInput {
  /** The input path (CLI) or the intake id (queue). */
  source: string;
  /** Null when the file kind is unknown. */
  channel: Channel | null;
  /** The bytes as they arrived, or null when they must not be kept (see `rawWithheldReason`). */
  raw: Buffer | null;
  /** Why `raw` is null, e.g. it disclosed an authentication code. */
  rawWithheldReason: string | null;
  /** Size of the bytes as they arrived, also when they are withheld. */
  rawSize: number;
  /** sha256 hex of the bytes as they arrived: the same content is stored once. */
  contentHash: string;
  /** The email's Message-ID: a re-sent email with the same id is the same item. */
  messageId: string | null;
  record: TriageRecord;
  /** Who stored it: `cli`, `worker` or a user name. */
  actor: string;
}

export interface StoredTriage {
  intakeId: string;
  resultId: string;
  /** The item was already stored (same content hash or Message-ID); only a new result was added. */
  duplicate: boolean;
}

export interface LatestResultsOptions {
  /** Only items whose newest result was created at or after this moment. */
  since?: Date;
  /** At most this many items (the newest ones). */
  limit?: number;
}

export interface LatestResult {
  intakeId: string;
  resultId: string;
  createdAt: Date;
  record: TriageRecord;
}

export interface IntakeItem {
  id: string;
  source: string;
  channel: Channel | null;
  contentHash: string;
  messageId: string | null;
  raw: Buffer | null;
  rawWithheldReason: string | null;
  rawSize: number;
  ending: string | null;
  receivedAt: Date;
}

export interface AuditEvent {
  id: number;
  at: Date;
  actor: string;
  action: string;
  intakeId: string | null;
  details: Record<string, unknown>;
}

export interface ReceiveInput {
  /** The id to give a new item (the caller makes it, so `source` can name it). */
  id: string;
  /** The file path it was handed in as, else the intake id. */
  source: string;
  /** Null when the kind is unknown (it fails in the read stage with a code). */
  channel: Channel | null;
  /** The file ending, lower case, without the dot; empty when none. */
  ending: string;
  /** sha256 hex of the bytes. */
  contentHash: string;
  /** An email's Message-ID (as `<…>`), else null. */
  messageId: string | null;
  raw: Buffer;
  rawWithheldReason: null;
  rawSize: number;
  actor: string;
}

export interface IntakeReceipt {
  intakeId: string;
  /** The same content (or Message-ID) was received before; nothing new was stored. */
  duplicate: boolean;
  /** The item already has a result: there is nothing left to queue. */
  decided: boolean;
}

export interface StoreResultInput {
  intakeId: string;
  record: TriageRecord;
  /** `<intake id>:<run>`: the same run stores one result, however often its job runs. */
  jobKey: string;
  actor: string;
  /** Also delete the item's read output (item_reads), in the same statement: the decide stage's result replaces it. */
  clearRead?: boolean;
  /**
   * Drop the item's raw bytes in the same statement, for this reason (it disclosed an authentication
   * code): for an item read and decided in one job, whose read output is never stored.
   */
  withholdRaw?: string | null;
}

export interface IntakeRepository {
  /** Stores the item (deduplicated), its result and the audit events in one transaction. */
  storeTriage(input: StoreTriageInput): Promise<StoredTriage>;
  /**
   * Stores a new item before it is queued, deduplicated by content hash and Message-ID (then the
   * existing item's id comes back), with its `intake.stored` audit event.
   */
  receive(input: ReceiveInput): Promise<IntakeReceipt>;
  /**
   * Stores a queue run's result with its audit event in one transaction; idempotent per job key
   * (a run that stored before gets its first result back, `duplicate` set).
   */
  storeResult(input: StoreResultInput): Promise<{ resultId: string; duplicate: boolean }>;

  /** The newest result of each item, newest first. */
  latestResults(opts?: LatestResultsOptions): Promise<LatestResult[]>;
  /** The item as it arrived, raw bytes included; null when there is none with this id. */
  getIntake(intakeId: string): Promise<IntakeItem | null>;
  /** The item without its bytes; null when there is none with this id. */
  getIntakeInfo(intakeId: string): Promise<Omit<IntakeItem, 'raw'> | null>;
  /**
   * Ids of items received before `receivedBefore` that have no result yet, in id order: a page of
   * `limit` after the id `after` (the last id of the previous page), so a sweep can walk them all.
   */
  undecided(opts: { receivedBefore: Date; limit: number; after?: string }): Promise<string[]>;
  /** Whether a member registry is stored (the CLI and the workers use it when there is one). */
  hasMembers(): Promise<boolean>;

  /** The item's audit events, oldest first. */
  auditTrail(intakeId: string): Promise<AuditEvent[]>;

  /**
   * Where an item stands, state columns only (no bytes, no fields, no texts): when it arrived and
   * its newest result's status, error code and review flag (null while it has none). Null when there
   * is no item with this id.
   */
  itemState(intakeId: string): Promise<ItemState | null>;
}

export interface ItemState {
  intakeId: string;
  channel: Channel | null;
  receivedAt: Date;
  /** The newest result, or null while the item is still being triaged. */
  result: { status: 'processed' | 'failed'; errorCode: string | null; needsReview: boolean; decidedAt: Date } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createIntakeRepository(db: Db): IntakeRepository {
  return {
    async storeTriage(input) {
      return db.transaction(async (tx) => {
        const { intakeId, inserted } = await insertOrFindIntake(tx, { ...input, id: null, ending: null });
        if (inserted) await tx.insert(auditEvents).values(intakeStoredEvent(input.actor, intakeId, input));
        const stored = await insertResult(tx, { intakeId, record: input.record, jobKey: null, actor: input.actor, duplicate: !inserted });
        if (!stored) throw new TriageError('db.write-failed', 'The result row was not written.', { permanent: false });
        return { intakeId, resultId: stored, duplicate: !inserted };
      });
    },

    async receive(input) {
      // The usual case, a new item, in one statement (one round trip): the item and its audit event.
      const details = { channel: input.channel, rawSize: input.rawSize, rawWithheld: false };
      const outcome = await db.execute(sql`
        with stored as (
          insert into intake_items (id, source, channel, ending, content_hash, message_id, raw, raw_size)
          values (${input.id}::uuid, ${input.source}, ${input.channel}, ${input.ending}, ${input.contentHash}, ${input.messageId}, ${input.raw}::bytea, ${input.rawSize}::int)
          on conflict do nothing
          returning id
        ),
        audited as (
          insert into audit_events (actor, action, intake_id, details)
          select ${input.actor}, 'intake.stored', id, ${JSON.stringify(details)}::jsonb from stored
        )
        select id::text as id from stored`);
      const [fresh] = (outcome as unknown as { rows: { id: string }[] }).rows;
      if (fresh) return { intakeId: fresh.id, duplicate: false, decided: false };
      return db.transaction(async (tx) => {
        const { intakeId, inserted } = await insertOrFindIntake(tx, input);
        if (inserted) {
          await tx.insert(auditEvents).values(intakeStoredEvent(input.actor, intakeId, input));
          return { intakeId, duplicate: false, decided: false };
        }
        const [result] = await tx.select({ id: results.id }).from(results).where(eq(results.intakeId, intakeId)).limit(1);
        return { intakeId, duplicate: true, decided: result !== undefined };
      });
    },

    async storeResult(input) {
      const { record, intakeId, jobKey } = input;
      const { result } = record;
      const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
      // Audit details stay free of personal data: codes, flags and ids only.
      const details = { status: result.status, errorCode: result.error?.code ?? null, flags: result.flags, needsReview: result.needsReview, duplicate: false, ...(input.withholdRaw ? { rawWithheld: true } : {}) };
      // One statement (one round trip, atomic): the result, its audit event and, for the decide
      // stage, the read output it replaces (or, read and decided in one job, the raw bytes withheld). A run that stored its result before gets that one back.
      const outcome = await db.execute(sql`
        with stored as (
          insert into results (intake_id, status, error_code, channel, needs_review, authenticated, member_status, reply_channel,
                               flags, result, fields, facts, reasons, texts, job_key)
          values (${intakeId}::uuid, ${result.status}, ${result.error?.code ?? null}, ${result.channel}, ${result.needsReview}::boolean,
                  ${result.authenticated}::boolean, ${result.member.status}, ${result.reply.channel},
                  array(select jsonb_array_elements_text(${JSON.stringify(result.flags)}::jsonb)), ${JSON.stringify(result)}::jsonb,
                  ${json(record.fields)}::jsonb, ${json(record.facts)}::jsonb, ${JSON.stringify(record.reasons)}::jsonb, ${JSON.stringify(record.texts)}::jsonb, ${jobKey})
          on conflict (job_key) where job_key is not null do nothing
          returning id
        ),
        audited as (
          insert into audit_events (actor, action, intake_id, details)
          select ${input.actor}, 'triage.decided', ${intakeId}::uuid, jsonb_build_object('resultId', id) || ${JSON.stringify(details)}::jsonb from stored
        ),
        cleared as (
          delete from item_reads where intake_id = ${intakeId}::uuid and ${input.clearRead === true}::boolean and exists (select 1 from stored)
        ),
        withheld as (
          update intake_items set raw = null, raw_withheld_reason = ${input.withholdRaw ?? null}::text
          where id = ${intakeId}::uuid and ${input.withholdRaw ?? null}::text is not null and exists (select 1 from stored)
        )
        select id::text as id, true as inserted from stored
        union all
        select id::text, false from results where job_key = ${jobKey} and not exists (select 1 from stored)
        limit 1`);
      const [row] = (outcome as unknown as { rows: { id: string; inserted: boolean }[] }).rows;
      if (!row) throw new TriageError('db.conflict', 'The result conflicted with one that is gone again; retry storing it.', { permanent: false });
      return { resultId: row.id, duplicate: !row.inserted };
    },

    async latestResults(opts = {}) {
      const newestPerItem = db
        .selectDistinctOn([results.intakeId], {
          id: results.id,
          intakeId: results.intakeId,
          createdAt: results.createdAt,
          result: results.result,
          fields: results.fields,
          facts: results.facts,
          reasons: results.reasons,
          texts: results.texts,
        })
        .from(results)
        .orderBy(results.intakeId, desc(results.createdAt), desc(results.id))
        .as('newest_per_item');
      const query = db
        .select()
        .from(newestPerItem)
        .where(opts.since ? gte(newestPerItem.createdAt, opts.since) : undefined)
        .orderBy(desc(newestPerItem.createdAt), desc(newestPerItem.id))
        .$dynamic();
      const rows = await (opts.limit === undefined ? query : query.limit(opts.limit));
      return rows.map((row) => ({
        intakeId: row.intakeId,
        resultId: row.id,
        createdAt: row.createdAt,
        record: { result: row.result, fields: row.fields, facts: row.facts, reasons: row.reasons, texts: row.texts },
      }));
    },

    async getIntake(intakeId) {
      if (!UUID.test(intakeId)) return null;
      const [row] = await db.select().from(intakeItems).where(eq(intakeItems.id, intakeId)).limit(1);
      return row ?? null;
    },

    async getIntakeInfo(intakeId) {
      if (!UUID.test(intakeId)) return null;
      const { raw: _raw, ...columns } = getTableColumns(intakeItems);
      const [row] = await db.select(columns).from(intakeItems).where(eq(intakeItems.id, intakeId)).limit(1);
      return row ?? null;
    },

    async undecided({ receivedBefore, limit, after }) {
      const rows = await db
        .select({ id: intakeItems.id })
        .from(intakeItems)
        .where(
          and(
            lt(intakeItems.receivedAt, receivedBefore),
            after === undefined ? undefined : gt(intakeItems.id, after),
            notExists(db.select({ one: sql`1` }).from(results).where(eq(results.intakeId, intakeItems.id))),
          ),
        )
        .orderBy(asc(intakeItems.id))
        .limit(limit);
      return rows.map((r) => r.id);
    },

    async hasMembers() {
      const [row] = await db.select({ one: sql<number>`1` }).from(members).limit(1);
      return row !== undefined;
    },

    async auditTrail(intakeId) {
      if (!UUID.test(intakeId)) return [];
      return db.select().from(auditEvents).where(eq(auditEvents.intakeId, intakeId)).orderBy(asc(auditEvents.id));
    },

    async itemState(intakeId) {
      if (!UUID.test(intakeId)) return null;
      const [item] = await db
        .select({ id: intakeItems.id, channel: intakeItems.channel, receivedAt: intakeItems.receivedAt })
        .from(intakeItems)
        .where(eq(intakeItems.id, intakeId))
        .limit(1);
      if (!item) return null;
      const [newest] = await db
        .select({ status: results.status, errorCode: results.errorCode, needsReview: results.needsReview, decidedAt: results.createdAt })
        .from(results)
        .where(eq(results.intakeId, intakeId))
        .orderBy(desc(results.createdAt), desc(results.id))
        .limit(1);
      return { intakeId: item.id, channel: item.channel, receivedAt: item.receivedAt, result: newest ?? null };
    },
  };
}

/** A transaction handle, for writes that must commit together with a result. */
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

interface IntakeRow {
  /** A new item's id; null lets the database choose it. */
  id: string | null;
  source: string;
  channel: Channel | null;
  ending: string | null;
  contentHash: string;
  messageId: string | null;
  raw: Buffer | null;
  rawWithheldReason: string | null;
  rawSize: number;
}

/** Inserts the item, or finds the one stored before with the same content hash or Message-ID. */
async function insertOrFindIntake(tx: Tx, input: IntakeRow): Promise<{ intakeId: string; inserted: boolean }> {
  // Insert first and look up on conflict: race-free when two workers get the same item at once.
  const [inserted] = await tx
    .insert(intakeItems)
    .values({
      ...(input.id ? { id: input.id } : {}),
      source: input.source,
      channel: input.channel,
      ending: input.ending,
      contentHash: input.contentHash,
      messageId: input.messageId,
      raw: input.raw,
      rawWithheldReason: input.rawWithheldReason,
      rawSize: input.rawSize,
    })
    .onConflictDoNothing()
    .returning({ id: intakeItems.id });
  if (inserted) return { intakeId: inserted.id, inserted: true };

  const sameHash = eq(intakeItems.contentHash, input.contentHash);
  const [existing] = await tx
    .select({ id: intakeItems.id })
    .from(intakeItems)
    .where(input.messageId === null ? sameHash : or(sameHash, eq(intakeItems.messageId, input.messageId)))
    .orderBy(sql`case when ${sameHash} then 0 else 1 end`)
    .limit(1);
  if (!existing) {
    throw new TriageError('db.conflict', 'The intake item conflicted with one that is gone again; retry storing it.', {
      permanent: false,
    });
  }
  return { intakeId: existing.id, inserted: false };
}

function intakeStoredEvent(actor: string, intakeId: string, input: Pick<IntakeRow, 'channel' | 'rawSize' | 'raw'>): typeof auditEvents.$inferInsert {
  // Audit details stay free of personal data: no names, numbers, addresses, sources.
  return { actor, action: 'intake.stored', intakeId, details: { channel: input.channel, rawSize: input.rawSize, rawWithheld: input.raw === null } };
}

/**
 * Inserts a result and its `triage.decided` event. With a job key, a second insert for the same key
 * writes nothing and resolves to null.
 */
/** The `results` row of a record: the contract result with its columns for filtering, and what was read. */
export function resultRow(intakeId: string, record: TriageRecord, jobKey: string | null): typeof results.$inferInsert {
  const { result } = record;
  return {
    intakeId,
    status: result.status,
    errorCode: result.error?.code ?? null,
    channel: result.channel,
    needsReview: result.needsReview,
    authenticated: result.authenticated,
    memberStatus: result.member.status,
    replyChannel: result.reply.channel,
    flags: result.flags,
    result,
    fields: record.fields,
    facts: record.facts,
    reasons: record.reasons,
    texts: record.texts,
    jobKey,
  };
}

async function insertResult(
  tx: Tx,
  input: { intakeId: string; record: TriageRecord; jobKey: string | null; actor: string; duplicate: boolean },
): Promise<string | null> {
  const { intakeId } = input;
  const { result } = input.record;
  const insert = tx.insert(results).values(resultRow(intakeId, input.record, input.jobKey));
  const [stored] = await (input.jobKey === null
    ? insert.returning({ id: results.id })
    : insert.onConflictDoNothing({ target: results.jobKey, where: sql`job_key is not null` }).returning({ id: results.id }));
  if (!stored) return null;
  await tx.insert(auditEvents).values({
    actor: input.actor,
    action: 'triage.decided',
    intakeId,
    details: {
      resultId: stored.id,
      status: result.status,
      errorCode: result.error?.code ?? null,
      flags: result.flags,
      needsReview: result.needsReview,
      duplicate: input.duplicate,
    },
  });
  return stored.id;
}
