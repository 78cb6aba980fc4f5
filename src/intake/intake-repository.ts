import { asc, desc, eq, gte, or, sql } from 'drizzle-orm';
import type { Channel } from '../contract/triage-result.js';
import type { Db } from '../db/database.js';
import { auditEvents, intakeItems, results } from '../db/schema.js';
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

export interface IntakeRepository {
  /** Stores the item (deduplicated), its result and the audit events in one transaction. */
  storeTriage(input: StoreTriageInput): Promise<StoredTriage>;
  /** The newest result of each item, newest first. */
  latestResults(opts?: LatestResultsOptions): Promise<LatestResult[]>;
  /** The item as it arrived, raw bytes included; null when there is none with this id. */
  getIntake(intakeId: string): Promise<IntakeItem | null>;
  /** The item's audit events, oldest first. */
  auditTrail(intakeId: string): Promise<AuditEvent[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createIntakeRepository(db: Db): IntakeRepository {
  return {
    async storeTriage(input) {
      const { record } = input;
      const { result } = record;
      return db.transaction(async (tx) => {
        // Insert first and look up on conflict: race-free when two workers get the same item at once.
        const [inserted] = await tx
          .insert(intakeItems)
          .values({
            source: input.source,
            channel: input.channel,
            contentHash: input.contentHash,
            messageId: input.messageId,
            raw: input.raw,
            rawWithheldReason: input.rawWithheldReason,
            rawSize: input.rawSize,
          })
          .onConflictDoNothing()
          .returning({ id: intakeItems.id });

        let intakeId: string;
        if (inserted) {
          intakeId = inserted.id;
        } else {
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
          intakeId = existing.id;
        }

        const [stored] = await tx
          .insert(results)
          .values({
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
          })
          .returning({ id: results.id });
        if (!stored) throw new TriageError('db.write-failed', 'The result row was not written.', { permanent: false });

        // Audit details stay free of personal data: no names, numbers, addresses, sources.
        const events: Array<typeof auditEvents.$inferInsert> = [];
        if (inserted) {
          events.push({
            actor: input.actor,
            action: 'intake.stored',
            intakeId,
            details: { channel: input.channel, rawSize: input.rawSize, rawWithheld: input.raw === null },
          });
        }
        events.push({
          actor: input.actor,
          action: 'triage.decided',
          intakeId,
          details: {
            resultId: stored.id,
            status: result.status,
            errorCode: result.error?.code ?? null,
            flags: result.flags,
            needsReview: result.needsReview,
            duplicate: !inserted,
          },
        });
        await tx.insert(auditEvents).values(events);

        return { intakeId, resultId: stored.id, duplicate: !inserted };
      });
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

    async auditTrail(intakeId) {
      if (!UUID.test(intakeId)) return [];
      return db.select().from(auditEvents).where(eq(auditEvents.intakeId, intakeId)).orderBy(asc(auditEvents.id));
    },
  };
}
