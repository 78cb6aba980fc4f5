import { sql } from 'drizzle-orm';
import type { ReplyChannel } from '../contract/triage-result.js';
import type { Db } from '../db/database.js';

/** The reply outbox. For now only the audit trail: the post and portal adapters are still to come. */
export interface OutboxRepository {
  /**
   * Records that the reply of a stored result waits for its channel (audit event `reply.queued`,
   * channel only), when that channel is post or portal. Resolves to the result's reply channel, or
   * null when the result is not stored under this run.
   */
  queueReply(input: { resultKey: string; resultId: string; actor: string }): Promise<ReplyChannel | null>;
}

export function createOutboxRepository(db: Db): OutboxRepository {
  return {
    async queueReply({ resultKey, resultId, actor }) {
      // One statement: the result is checked and the event written in one round trip.
      const outcome = await db.execute(sql`
        with found as (
          select id, intake_id, reply_channel from results where job_key = ${resultKey} and id = ${resultId}::uuid
        ),
        queued as (
          insert into audit_events (actor, action, intake_id, details)
          select ${actor}, 'reply.queued', intake_id, jsonb_build_object('resultId', id, 'channel', reply_channel)
          from found where reply_channel in ('post', 'portal')
        )
        select reply_channel from found`);
      const [row] = (outcome as unknown as { rows: { reply_channel: ReplyChannel }[] }).rows;
      return row?.reply_channel ?? null;
    },
  };
}
