import { eq, exists, getTableColumns, sql } from 'drizzle-orm';
import type { TriageResult } from '../contract/triage-result.js';
import type { Db } from '../db/database.js';
import { auditEvents, intakeItems, itemReads, results } from '../db/schema.js';
import type { IntakeItem } from '../intake/intake-repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
import type { ReadOutput } from './stages.js';

export interface StoredReadRow {
  intakeId: string;
  run: number;
  read: ReadOutput;
}

/** Where the read stage leaves its output for the decide stage. */
export interface ReadRepository {
  /**
   * Keeps the read output (replacing an earlier one of the item) with an `item.read` audit event;
   * `withholdRaw` drops the raw bytes in the same transaction (they disclosed an authentication code).
   * Keeps nothing when the run's result (`resultKey`) is already stored; resolves to whether it kept it.
   */
  saveRead(row: StoredReadRow, options: { actor: string; withholdRaw: string | null; resultKey: string }): Promise<boolean>;
  /** Deletes read outputs whose run already has its result (left by a stage that ran twice); resolves to their number. */
  clearDecided(): Promise<number>;
  loadRead(intakeId: string): Promise<StoredReadRow | null>;
  /**
   * One look-up for a stage job: the item (bytes only with `withRaw`), its stored read output and
   * the result its run stored, if any. Null when there is no such item.
   */
  loadRun(intakeId: string, resultKey: string, options: { withRaw: boolean }): Promise<RunState | null>;
}

export interface RunState {
  item: Omit<IntakeItem, 'raw'> & { raw: Buffer | null };
  read: StoredReadRow | null;
  result: { resultId: string; result: TriageResult } | null;
}

export function createReadRepository(db: Db): ReadRepository {
  return {
    async saveRead(row, { actor, withholdRaw, resultKey }) {
      // Counts and codes only in the audit details: the read output itself is personal data.
      const details = { run: row.run, channel: row.read.channel, texts: row.read.texts.length, rawWithheld: withholdRaw !== null };
      // One statement, so one round trip and atomic without a transaction. A job that ran again
      // after its item was decided keeps nothing (its run's result exists).
      const outcome = await db.execute(sql`
        with saved as (
          insert into item_reads (intake_id, run, read)
          select ${row.intakeId}::uuid, ${row.run}::int, ${JSON.stringify(row.read)}::jsonb
          where not exists (select 1 from results where job_key = ${resultKey})
          on conflict (intake_id) do update set run = excluded.run, read = excluded.read, created_at = now()
          returning intake_id
        ),
        withheld as (
          update intake_items set raw = null, raw_withheld_reason = ${withholdRaw}::text
          where id = ${row.intakeId}::uuid and ${withholdRaw}::text is not null and exists (select 1 from saved)
        ),
        audited as (
          insert into audit_events (actor, action, intake_id, details)
          select ${actor}, 'item.read', intake_id, ${JSON.stringify(details)}::jsonb from saved
        )
        select count(*)::int as saved from saved`);
      const rows = (outcome as unknown as { rows: { saved: number }[] }).rows;
      return (rows[0]?.saved ?? 0) > 0;
    },

    async clearDecided() {
      const gone = await db
        .delete(itemReads)
        .where(exists(db.select({ one: sql`1` }).from(results).where(eq(results.jobKey, sql`${itemReads.intakeId}::text || ':' || ${itemReads.run}`))))
        .returning({ id: itemReads.intakeId });
      return gone.length;
    },

    async loadRead(intakeId) {
      const [row] = await db.select().from(itemReads).where(eq(itemReads.intakeId, intakeId)).limit(1);
      return row ? { intakeId: row.intakeId, run: row.run, read: row.read } : null;
    },

    async loadRun(intakeId, resultKey, { withRaw }) {
      if (!UUID.test(intakeId)) return null;
      const { raw, ...columns } = getTableColumns(intakeItems);
      const [row] = await db
        .select({
          item: withRaw ? { ...columns, raw } : columns,
          readRun: itemReads.run,
          read: itemReads.read,
          resultId: results.id,
          result: results.result,
        })
        .from(intakeItems)
        .leftJoin(itemReads, eq(itemReads.intakeId, intakeItems.id))
        .leftJoin(results, eq(results.jobKey, resultKey))
        .where(eq(intakeItems.id, intakeId))
        .limit(1);
      if (!row) return null;
      return {
        item: { raw: null, ...row.item },
        read: row.read && row.readRun !== null ? { intakeId, run: row.readRun, read: row.read } : null,
        result: row.resultId && row.result ? { resultId: row.resultId, result: row.result } : null,
      };
    },

  };
}
