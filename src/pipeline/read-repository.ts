import { eq, exists, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { auditEvents, intakeItems, itemReads, results } from '../db/schema.js';
import type { Tx } from '../intake/intake-repository.js';
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
  /** Deletes the read output inside the transaction that stores the item's result. */
  clearRead(tx: Tx, intakeId: string): Promise<void>;
}

export function createReadRepository(db: Db): ReadRepository {
  return {
    async saveRead(row, { actor, withholdRaw, resultKey }) {
      return db.transaction(async (tx) => {
        // A job that ran again after its item was decided must not leave its output behind.
        const [decided] = await tx.select({ one: sql`1` }).from(results).where(eq(results.jobKey, resultKey)).limit(1);
        if (decided) return false;
        await tx
          .insert(itemReads)
          .values({ intakeId: row.intakeId, run: row.run, read: row.read })
          .onConflictDoUpdate({ target: itemReads.intakeId, set: { run: row.run, read: row.read, createdAt: new Date() } });
        if (withholdRaw) {
          await tx.update(intakeItems).set({ raw: null, rawWithheldReason: withholdRaw }).where(eq(intakeItems.id, row.intakeId));
        }
        // Counts and codes only: the read output itself is personal data.
        await tx.insert(auditEvents).values({
          actor,
          action: 'item.read',
          intakeId: row.intakeId,
          details: { run: row.run, channel: row.read.channel, texts: row.read.texts.length, rawWithheld: withholdRaw !== null },
        });
        return true;
      });
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

    async clearRead(tx, intakeId) {
      await tx.delete(itemReads).where(eq(itemReads.intakeId, intakeId));
    },
  };
}
