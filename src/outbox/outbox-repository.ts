import { aliasedTable, and, asc, eq, gt, inArray, isNotNull, lt, ne, notExists, or, sql } from 'drizzle-orm';
import type { Channel, TriageResult } from '../contract/triage-result.js';
import type { Db } from '../db/database.js';
import { auditEvents, intakeItems, outboxAcks, outboxReplies, results } from '../db/schema.js';
import { TriageError } from '../shared/errors.js';
import type { SecureReplyChannel } from './reply-letter.js';

/** A decided item the route stage works on. */
export interface RouteItem {
  intakeId: string;
  resultId: string;
  /** How the item arrived (null when its kind was unknown). */
  channel: Channel | null;
  receivedAt: Date;
  result: TriageResult;
}

export type ReplyStatus = 'pending' | 'delivered' | 'failed';

/** A row of outbox_replies. */
export interface StoredReply {
  id: string;
  intakeId: string;
  resultId: string;
  channel: SecureReplyChannel;
  status: ReplyStatus;
  attempts: number;
  document: Buffer;
  errorCode: string | null;
}

/** A reply's state without its document: what the review shows. */
export type ReplySummary = Omit<StoredReply, 'document'> & { createdAt: Date; deliveredAt: Date | null };

/** A row of outbox_acks (the RFC 5322 message is personal data: it holds the address). */
export interface StoredAck {
  id: string;
  message: string;
  sentAt: Date | null;
}

/**
 * The reply outbox: one reply per decided result, with its PDF and delivery state, and optionally
 * one data-free acknowledgement. Audit events carry ids, channels and codes only.
 */
export interface OutboxRepository {
  /**
   * The result stored under this run (`resultKey`) with its item and the item's reply (whichever
   * of its results it was made for; null when none is stored yet), or null when there is no such
   * result. One statement.
   */
  findRouteItem(ref: { resultKey: string; resultId: string }): Promise<{ item: RouteItem; reply: StoredReply | null } | null>;
  /** The reply made for a result, if any. */
  findReply(resultId: string): Promise<StoredReply | null>;
  /** The reply made for an item (whichever of its results it was made for), if any: an item gets one. */
  findItemReply(intakeId: string): Promise<StoredReply | null>;
  /** The same without the document. */
  replySummaryOf(intakeId: string): Promise<ReplySummary | null>;
  /** Items whose reply waits after a failed delivery (pending with an error code), oldest first, at most `limit`. */
  waitingAfterFailure(limit: number): Promise<string[]>;
  /**
   * Stores the reply of a result as `pending` with audit event `reply.queued`, in one statement;
   * when the item already has one (a route job that ran again, a case worker's close, a retry),
   * stores nothing and returns that one, which may belong to another result of the item.
   */
  createReply(input: { item: RouteItem; channel: SecureReplyChannel; document: Buffer; actor: string }): Promise<StoredReply>;
  /** Marks the reply delivered (one more attempt) with audit event `reply.delivered`; a no-op when it already is. */
  markDelivered(reply: StoredReply, actor: string): Promise<void>;
  /** Audit event `reply.pending` (once per reply): it waits in the table, no channel configured to take it. */
  markPending(reply: StoredReply, via: string, actor: string): Promise<void>;
  /**
   * Records a failed attempt and its code; `final` marks the reply `failed` (audit event
   * `reply.failed`), else it stays `pending` for the retry.
   */
  markAttemptFailed(reply: StoredReply, input: { code: string; final: boolean; actor: string }): Promise<void>;
  /** The raw bytes of an item (null when withheld), to find an email's sender address. */
  rawOf(intakeId: string): Promise<Buffer | null>;
  /** The acknowledgement of a result, if one was made. */
  findAck(resultId: string): Promise<StoredAck | null>;
  /** Stores the acknowledgement (audit event `ack.queued`); returns the existing one when the result has one. */
  createAck(input: { item: RouteItem; message: string; actor: string }): Promise<StoredAck>;
  /** The acknowledgement was handed to the mail relay's pickup folder. */
  markAckSent(id: string): Promise<void>;
  /**
   * Queue results (with a run key) that want a post or portal reply but whose item has none stored,
   * decided before `decidedBefore`: their route job was lost (a Redis that restarted without its
   * data). A result a case worker's correction superseded is left out: its item gets its reply when
   * the case worker closes it. A page of `limit` in result id order after `after`.
   */
  unrouted(opts: { decidedBefore: Date; limit: number; after?: string }): Promise<{ intakeId: string; run: number; resultId: string }[]>;
}

const replyColumns = {
  id: outboxReplies.id,
  intakeId: outboxReplies.intakeId,
  resultId: outboxReplies.resultId,
  channel: outboxReplies.channel,
  status: outboxReplies.status,
  attempts: outboxReplies.attempts,
  document: outboxReplies.document,
  errorCode: outboxReplies.errorCode,
};

const summaryColumns = (({ document: _document, ...rest }) => ({ ...rest, createdAt: outboxReplies.createdAt, deliveredAt: outboxReplies.deliveredAt }))(replyColumns);

const ackColumns = { id: outboxAcks.id, message: outboxAcks.message, sentAt: outboxAcks.sentAt };

export function createOutboxRepository(db: Db): OutboxRepository {
  const findReply = async (resultId: string): Promise<StoredReply | null> => {
    const [row] = await db.select(replyColumns).from(outboxReplies).where(eq(outboxReplies.resultId, resultId));
    return row ?? null;
  };
  const findItemReply = async (intakeId: string): Promise<StoredReply | null> => {
    const [row] = await db.select(replyColumns).from(outboxReplies).where(eq(outboxReplies.intakeId, intakeId));
    return row ?? null;
  };
  const findAck = async (resultId: string): Promise<StoredAck | null> => {
    const [row] = await db.select(ackColumns).from(outboxAcks).where(eq(outboxAcks.resultId, resultId));
    return row ?? null;
  };
  return {
    async unrouted({ decidedBefore, limit, after }) {
      const newer = aliasedTable(results, 'newer');
      const rows = await db
        .select({ intakeId: results.intakeId, resultId: results.id, jobKey: results.jobKey })
        .from(results)
        .where(
          and(
            isNotNull(results.jobKey),
            eq(results.status, 'processed'),
            inArray(results.replyChannel, ['post', 'portal']),
            lt(results.createdAt, decidedBefore),
            after === undefined ? undefined : gt(results.id, after),
            notExists(db.select({ one: sql`1` }).from(outboxReplies).where(eq(outboxReplies.intakeId, results.intakeId))),
            notExists(
              db
                .select({ one: sql`1` })
                .from(newer)
                .where(
                  and(
                    eq(newer.intakeId, results.intakeId),
                    or(gt(newer.createdAt, results.createdAt), and(eq(newer.createdAt, results.createdAt), gt(newer.id, results.id))),
                  ),
                ),
            ),
          ),
        )
        .orderBy(asc(results.id))
        .limit(limit);
      return rows.map((r) => ({ intakeId: r.intakeId, resultId: r.resultId, run: Number(r.jobKey!.split(':')[1] ?? 1) }));
    },

    async findRouteItem({ resultKey, resultId }) {
      const [row] = await db
        .select({
          item: { intakeId: results.intakeId, resultId: results.id, channel: intakeItems.channel, receivedAt: intakeItems.receivedAt, result: results.result },
          reply: replyColumns,
        })
        .from(results)
        .innerJoin(intakeItems, eq(intakeItems.id, results.intakeId))
        .leftJoin(outboxReplies, eq(outboxReplies.intakeId, results.intakeId))
        .where(and(eq(results.jobKey, resultKey), eq(results.id, resultId)));
      return row ?? null;
    },

    findReply,
    findItemReply,

    async waitingAfterFailure(limit) {
      const rows = await db
        .select({ intakeId: outboxReplies.intakeId })
        .from(outboxReplies)
        .where(and(eq(outboxReplies.status, 'pending'), isNotNull(outboxReplies.errorCode)))
        .orderBy(asc(outboxReplies.createdAt))
        .limit(limit);
      return rows.map((r) => r.intakeId);
    },

    async replySummaryOf(intakeId) {
      const [row] = await db.select(summaryColumns).from(outboxReplies).where(eq(outboxReplies.intakeId, intakeId));
      return row ?? null;
    },

    async createReply({ item, channel, document, actor }) {
      // One statement (one round trip, atomic): the reply and its audit event. On a conflict (the
      // item or the result has its reply) nothing is stored and the existing reply is read below.
      const outcome = await db.execute(sql`
        with created as (
          insert into outbox_replies (intake_id, result_id, channel, document)
          values (${item.intakeId}::uuid, ${item.resultId}::uuid, ${channel}, ${document})
          on conflict do nothing
          returning id, intake_id, result_id, channel, status, attempts, error_code
        ),
        audited as (
          insert into audit_events (actor, action, intake_id, details)
          select ${actor}, 'reply.queued', intake_id, jsonb_build_object('resultId', result_id::text, 'replyId', id::text, 'channel', channel) from created
        )
        select id::text as id, intake_id::text as "intakeId", result_id::text as "resultId", channel, status, attempts, error_code as "errorCode" from created`);
      const [created] = (outcome as unknown as { rows: Omit<StoredReply, 'document'>[] }).rows;
      if (created) return { ...created, document };
      const existing = await findItemReply(item.intakeId);
      if (!existing) throw new TriageError('db.conflict', 'The reply conflicted with one that is gone again; retry the route job.', { permanent: false });
      return existing;
    },

    async markDelivered(reply, actor) {
      // One statement; a reply delivered before gets no second update or event.
      await db.execute(sql`
        with updated as (
          update outbox_replies set status = 'delivered', attempts = attempts + 1, delivered_at = now(), error_code = null
          where id = ${reply.id}::uuid and status <> 'delivered'
          returning id
        )
        insert into audit_events (actor, action, intake_id, details)
        select ${actor}, 'reply.delivered', ${reply.intakeId}::uuid, jsonb_build_object('replyId', ${reply.id}::text, 'channel', ${reply.channel}::text) from updated`);
    },

    async markPending(reply, via, actor) {
      // Once per reply: a route job that runs again does not repeat it.
      await db.execute(sql`
        insert into audit_events (actor, action, intake_id, details)
        select ${actor}, 'reply.pending', ${reply.intakeId}::uuid, jsonb_build_object('replyId', ${reply.id}::text, 'channel', ${reply.channel}::text, 'via', ${via}::text)
        where not exists (
          select 1 from audit_events where intake_id = ${reply.intakeId}::uuid and action = 'reply.pending' and details->>'replyId' = ${reply.id}::text
        )`);
    },

    async markAttemptFailed(reply, { code, final, actor }) {
      await db.transaction(async (tx) => {
        await tx
          .update(outboxReplies)
          .set({ status: final ? 'failed' : 'pending', attempts: sql`${outboxReplies.attempts} + 1`, errorCode: code })
          .where(and(eq(outboxReplies.id, reply.id), ne(outboxReplies.status, 'delivered')));
        if (final) {
          await tx.insert(auditEvents).values({ actor, action: 'reply.failed', intakeId: reply.intakeId, details: { replyId: reply.id, channel: reply.channel, code } });
        }
      });
    },

    async rawOf(intakeId) {
      const [row] = await db.select({ raw: intakeItems.raw }).from(intakeItems).where(eq(intakeItems.id, intakeId));
      return row?.raw ?? null;
    },

    findAck,

    async createAck({ item, message, actor }) {
      // One statement, as createReply: the acknowledgement and its audit event, nothing on a conflict.
      const outcome = await db.execute(sql`
        with created as (
          insert into outbox_acks (intake_id, result_id, message)
          values (${item.intakeId}::uuid, ${item.resultId}::uuid, ${message})
          on conflict (result_id) do nothing
          returning id
        ),
        audited as (
          insert into audit_events (actor, action, intake_id, details)
          select ${actor}, 'ack.queued', ${item.intakeId}::uuid, jsonb_build_object('resultId', ${item.resultId}::text, 'ackId', id::text) from created
        )
        select id::text as id from created`);
      const [created] = (outcome as unknown as { rows: { id: string }[] }).rows;
      if (created) return { id: created.id, message, sentAt: null };
      const existing = await findAck(item.resultId);
      if (!existing) throw new TriageError('db.conflict', 'The acknowledgement conflicted with one that is gone again; retry the route job.', { permanent: false });
      return existing;
    },

    async markAckSent(id) {
      await db.update(outboxAcks).set({ sentAt: sql`now()` }).where(eq(outboxAcks.id, id));
    },
  };
}
